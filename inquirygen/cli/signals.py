"""SIGTERM and SIGHUP during a command end it as Ctrl+C does: every cleanup runs, then exit 128 + n."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from ..errors import Interrupted

# The signals that end a command in an orderly way; SIGINT (Ctrl+C) already raises KeyboardInterrupt.
STOPPING = ("SIGTERM", "SIGHUP")


def _stop(number: int, _frame: FrameType | None) -> None:
    raise Interrupted(number)


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise :class:`Interrupted`, so that ``finally``
    blocks remove temporary files and stop LibreOffice; the handlers before are restored after.

    A signal ignored when the command started (``nohup``) stays ignored; outside the main thread
    (where Python cannot set handlers) nothing changes.
    """
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    if threading.current_thread() is threading.main_thread():
        for name in STOPPING:
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                previous[number] = signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
