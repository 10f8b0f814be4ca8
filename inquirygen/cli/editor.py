"""The ``edit`` command: the browser editor with its live preview (the server is ``inquirygen.editor``)."""

from __future__ import annotations

import click

from ..i18n import _
from . import authoring_report
from .click_texts import Command


@click.command(cls=Command, short_help=_("Edit an answer file in the browser, with a live preview."), help=_(
    "Edit answer files in the browser: a form with a live preview of the letter, saved to the YAML file "
    "as you type (comments and order kept).\n\n"
    "Without FILE the start page lists the workspace's inquiries. The editor listens on 127.0.0.1 only, "
    "at an address with a secret part; Ctrl+C ends it.\n\n"
    "    inquirygen edit 2025-09-15.yaml"))
@click.argument("file", required=False, metavar=_("[FILE]"))
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar=_("N"),
              help=_("Port to listen on (default: a free one)."))
@click.option("--no-browser", is_flag=True, help=_("Only print the address; do not open the browser."))
def edit(file: str | None, port: int, no_browser: bool) -> None:
    """``edit``: the browser editor, until Ctrl+C."""
    from ..editor.server import bind, serve
    from ..editor.session import EditorSession
    from ..errors import Interrupted
    from ..workspace import Workspace

    if file is not None:
        workspace, (path,) = Workspace.of_answer_files([file])
        first = path
    else:
        workspace, first = Workspace.discover(), None
        workspace.require_own_folder()
    session = EditorSession(workspace.root)
    if first is not None:  # a file the page would refuse (a .docx, inquirygen.yaml): refused here already
        from ..editor.app import ANSWER_SUFFIXES
        from ..errors import InputNotFoundError

        try:
            session.inside(str(first), ANSWER_SUFFIXES)
        except InputNotFoundError:
            raise InputNotFoundError(_("'{name}' is not a file of the workspace that the editor may "
                                       "open").format(name=file)) from None
    listener = bind(port)
    try:
        serve(session, listener, first, authoring_report.editor_address, open_browser=not no_browser)
    except KeyboardInterrupt as interrupt:  # Ctrl+C is how the editor ends
        if isinstance(interrupt, Interrupted):
            raise
    authoring_report.editor_stopped()
