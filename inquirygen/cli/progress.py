"""The count of a batch build on the terminal, shown once the batch takes more than a moment."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from ..i18n import _

PROGRESS_AFTER_SECONDS = 1.0


class Progress:
    """"1234 von 10000 Briefen erstellt" on the last line of a terminal, below the lines a batch prints.

    The batch clears it (:meth:`clear`) before it prints a line and draws it again (:meth:`advance`)
    after; it is drawn only where standard error is a terminal, and only once the batch has taken more
    than a moment, so a short run or a log file never sees it.
    """

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self.stream = stream or sys.stderr
        self.shown = 0  # characters of the count now on the screen

    def __enter__(self) -> Progress:
        return self

    def advance(self) -> None:
        """One more letter done; the count drawn again where it is shown."""
        self.done += 1
        if self.total > 1 and self.done < self.total and self.stream.isatty() and \
                time.monotonic() - self.started > PROGRESS_AFTER_SECONDS:
            self.clear()
            text = _("{done} of {total} letters built").format(done=self.done, total=self.total)
            self.stream.write(text)
            self.stream.flush()
            self.shown = len(text)

    def clear(self) -> None:
        """The count taken off the screen, so that the next line printed starts at its left edge."""
        if self.shown:
            # Spaces rather than an escape sequence: every terminal, Windows' console too, clears so.
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.clear()
