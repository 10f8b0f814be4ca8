"""click's own texts in the user's language: marked for our catalogue, and put to use by ``localize``.

The ids must match click's source word for word; a text click changes simply stays English. The usage
line's ``[OPTIONS]`` and ``COMMAND [ARGS]...`` are no texts click translates: ``Command`` and ``Group``
below give them in the user's language.
"""

from __future__ import annotations

import gettext
import sys
from typing import Any

import click

from ..i18n import N_, _, ngettext

CLICK_TEXTS = (
    N_("Aborted!"),
    N_("Options"),
    N_("Positional arguments"),
    N_("Commands"),
    N_("Missing command."),
    N_("Usage:"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Do you want to continue?"),
    N_("Confirm the action without prompting."),
    N_("default: {default}"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("unknown error"),
    N_("Could not open file {filename!r}: {message}"),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Option {name!r} does not take a value."),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
)


def plural_texts(count: int) -> tuple[str, ...]:
    """click's texts with a plural, marked here so that Babel takes both forms into the catalogue."""
    return (
        ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})",
                 count),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", count),
        ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.",
                 count),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", count),
    )


def localize() -> None:
    """Let click's own texts ("Usage:", "Show this message and exit.") speak the user's language.

    click looks its texts up with ``gettext.gettext`` and ``gettext.ngettext``, bound as ``_`` and
    ``ngettext`` in each of its modules at import time and driven by the locale rather than by
    INQUIRYGEN_LANG. Rebinding those names to ours is the one way to reach them; the texts themselves
    are in our catalogue (``CLICK_TEXTS`` above).
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("click."):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = _  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:  # "Did you mean '--pdf'?"
            module.ngettext = ngettext  # type: ignore[attr-defined]


class Command(click.Command):
    """A command whose usage line speaks the user's language: ``Aufruf: inquirygen build [OPTIONEN] …``.

    Translated when the command is defined, as its help texts are.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _("[OPTIONS]"))
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """A group whose usage line speaks the user's language: ``[OPTIONEN] BEFEHL [ARGUMENTE]...``.

    Its commands (``@group.command()``) are :class:`Command` objects, its subgroups groups of this class.
    """

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _("[OPTIONS]"))
        kwargs.setdefault("subcommand_metavar", _("COMMAND [ARGS]..."))
        super().__init__(*args, **kwargs)


Group.group_class = Group
