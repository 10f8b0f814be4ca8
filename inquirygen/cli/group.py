"""The ``inquirygen`` click group: its help, version and commands, each run through ``report.reported``."""

from __future__ import annotations

from typing import Any

import click

from .. import __version__
from ..i18n import _
from . import click_texts

# Before the commands are defined: click names the kind of a path option ("file", "directory") when
# the option is made, and says it in its messages ("Datei 'out' ist ein Ordner").
click_texts.localize()

from . import archive, authoring, departments, editor, letters, workflow  # noqa: E402
from .click_texts import Group  # noqa: E402
from .report import reported  # noqa: E402


class ReportingGroup(Group):
    """The ``inquirygen`` group: runs a command and turns what it returned or raised into the exit code.

    Every command runs inside this ``invoke`` (subgroups included), so errors are mapped once, by
    :func:`.report.reported` (which also runs the plain ``build`` that :mod:`.direct` starts without
    click); see there for what becomes which exit code.
    """

    def invoke(self, ctx: click.Context) -> Any:
        ctx.exit(reported(lambda: super(ReportingGroup, self).invoke(ctx)))



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
main.add_command(workflow.status)
main.add_command(departments.ask)
main.add_command(departments.collect)
main.add_command(workflow.stats)
main.add_command(editor.edit)
