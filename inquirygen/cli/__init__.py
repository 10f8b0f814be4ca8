"""The ``inquirygen`` command: a plain ``build`` started directly, everything else through click."""

from __future__ import annotations

import sys
from typing import Any


class _Command:
    """``inquirygen`` (the console script and ``python -m inquirygen``).

    Called as the program, a plain ``build`` of letters runs at once (:mod:`.direct`), without loading
    click and the other commands. Every other command line, and every use as a click command
    (``CliRunner().invoke(main, …)``, ``main.commands``), is the click group of :mod:`.group`,
    loaded on first use.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs:
            from .direct import run

            code = run(sys.argv[1:])
            if code is not None:
                sys.exit(code)
        return self.group(*args, **kwargs)

    @property
    def group(self) -> Any:
        from .group import main

        return main

    def __getattr__(self, name: str) -> Any:
        return getattr(self.group, name)


main = _Command()

__all__ = ["main"]
