"""The ``inquirygen`` command: the group, its commands (one module per group of them) and its report."""

from __future__ import annotations

import click

from .. import __version__
from ..i18n import _
from . import archive, authoring, click_texts, letters
from .report import ReportingGroup

click_texts.localize()


@click.group(cls=ReportingGroup, context_settings={"help_option_names": ["-h", "--help"]}, help=_(
    "Answer letters to inquiries of councils and parliaments, from YAML answer files.\n\n"
    "Exit codes: 0 success, 1 problems in your files (each printed as file:line:col: message), "
    "2 wrong use of the command, 3 the environment failed (a file could not be written, LibreOffice "
    "is missing or failed)."))
@click.version_option(__version__, prog_name="inquirygen")
def main() -> None:
    """The ``inquirygen`` command; its help (in the user's language) is given above."""


main.add_command(letters.build)
main.add_command(letters.check)
main.add_command(letters.preview)
main.add_command(letters.schema)
main.add_command(authoring.init)
main.add_command(authoring.new)
main.add_command(authoring.snippets)
main.add_command(authoring.template)
main.add_command(archive.archive)

__all__ = ["main"]
