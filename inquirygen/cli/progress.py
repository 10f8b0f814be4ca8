"""The progress bar of a batch build, shown on a terminal once the batch takes more than a moment."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from ..i18n import _

PROGRESS_AFTER_SECONDS = 1.0


class Progress:
    """A progress bar on a terminal, shown only once a batch has taken more than a moment."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.bar: Any = None  # click's ProgressBar, once shown

    def __enter__(self) -> Progress:
        return self

    def advance(self, _path: Path | None) -> None:
        self.done += 1
        if self.bar is None and self.total > 1 and sys.stderr.isatty() and \
                time.monotonic() - self.started > PROGRESS_AFTER_SECONDS:
            import click  # only now: a plain build starts without it (see direct.py)

            self.bar = click.progressbar(length=self.total, label=_("Building"), file=sys.stderr)
            self.bar.__enter__()
            self.bar.update(self.done - 1)
        if self.bar is not None:
            self.bar.update(1)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, traceback)
