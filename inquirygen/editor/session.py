"""One run of the editor: its workspace, secret address token, form token, and the files it may touch."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputNotFoundError
from ..i18n import _
from ..workspace import CONFIG_NAME

if TYPE_CHECKING:
    from ..workspace import Workspace
    from ..writers.docx.template import TemplateLibrary


@dataclass
class EditorSession:
    """What every request of one ``inquirygen edit`` shares.

    ``token`` is the secret part of the address (a request without it is refused, so another user of
    the machine or a web page cannot use the editor); ``csrf`` must come with every change, so that a
    page of another site cannot make one through the user's browser. ``lock`` lets one change of a file
    finish before the next is read.
    """

    root: Path
    host: str = "127.0.0.1"
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lock: threading.Lock = field(default_factory=threading.Lock)
    _templates: TemplateLibrary | None = None

    @property
    def address(self) -> str:
        """The address to open, token included."""
        return f"http://{self.host}:{self.port}/{self.token}/"

    def workspace(self) -> Workspace:
        """The workspace read again (the configuration or snippets may have changed since)."""
        from ..workspace import Workspace

        return Workspace.discover(self.root)

    def templates(self, workspace: Workspace) -> TemplateLibrary:
        """The compiled Word templates, read once for the whole run."""
        from ..writers.docx.template import TemplateLibrary

        if self._templates is None:
            self._templates = TemplateLibrary(workspace.pdf_converter)
        return self._templates

    def inside(self, relative: str, suffixes: tuple[str, ...]) -> Path:
        """The file ``relative`` names in the workspace, links followed; raises
        :class:`InputNotFoundError` for anything outside it, of another kind, or missing."""
        try:
            path = (self.root / relative).resolve()
            # inquirygen.yaml is a .yaml file of the workspace too, but no answer file to put in a form.
            refused = not path.is_relative_to(self.root) or path.suffix.lower() not in suffixes \
                or not path.is_file() or path.name == CONFIG_NAME
        except (OSError, ValueError):  # a name too long, or with a NUL in it
            refused = True
        if refused:
            raise InputNotFoundError(_("'{name}' is not a file of the workspace that the editor may "
                                       "open").format(name=relative))
        return path

    def relative(self, path: Path) -> str:
        """How the page names a file of the workspace: its path from the workspace's folder."""
        return path.resolve().relative_to(self.root).as_posix()
