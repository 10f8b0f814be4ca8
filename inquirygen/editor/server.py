"""The editor's server: uvicorn on 127.0.0.1 only, on a port it finds free or the one asked for."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from ..errors import EditorError
from ..i18n import _
from .session import EditorSession


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (never another interface); raises :class:`EditorError` when
    the port is taken or may not be used."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
    except OSError as error:
        listener.close()
        raise EditorError(_("the editor cannot listen on port {port}: {reason}; choose another with "
                            "--port, or leave --port out").format(port=port, reason=error.strerror)) from None
    return listener


def serve(session: EditorSession, listener: socket.socket, first: Path | None,
          announce: Callable[[str], None], open_browser: bool) -> None:
    """Serve until Ctrl+C (or SIGTERM): ``announce`` is told the address (with ``first``'s page when
    given), and the browser opened on it unless ``open_browser`` is false."""
    import uvicorn

    from .app import create_app

    session.port = listener.getsockname()[1]
    address = session.address
    if first is not None:
        address += "edit?file=" + quote(session.relative(first))
    config = uvicorn.Config(create_app(session), log_level="warning", access_log=False,
                            lifespan="off", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    announce(address)
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    try:
        server.run(sockets=[listener])
    finally:
        listener.close()
