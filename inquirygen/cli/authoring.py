"""The commands that start files for the user to write: init, new, and the snippets group."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..i18n import _
from . import authoring_report, report
from .click_texts import Command, Group
from .options import date_option

if TYPE_CHECKING:
    from ..workspace import Workspace


@click.command(cls=Command, short_help=_("Create a working folder that builds at once."), help=_(
    "Create a working folder that builds at once: configuration, templates, an example, a snippet.\n\n"
    "inquirygen init anfragen"))
@click.argument("folder", type=click.Path(path_type=Path), metavar=_("FOLDER"))
def init(folder: Path) -> None:
    """``init``: a new workspace from the skeleton."""
    from ..scaffold import example_answer_file, init_workspace

    written = init_workspace(folder)
    report.wrote(written)
    authoring_report.next_step(folder, example_answer_file(written))


@click.command(cls=Command, short_help=_("Start an answer file from the inquiry you received."), help=_(
    "Start an answer file from the inquiry you received; asks for what it cannot find.\n\n"
    "INQUIRY_FILE is the inquiry as it arrived (.txt, .docx or .pdf); without it, paste the inquiry "
    "when asked. Questions numbered \"1.\", \"1)\" or \"Frage 1:\" with sub-questions \"a)\" are found, "
    "and so are the questioner, date, Drucksache number, subject and preliminary remark where the "
    "text gives them.\n\n"
    "\b\n"
    "    inquirygen new anfrage.docx\n"
    "    inquirygen new --date 15.09.2025 --subject \"Radwege\" --questioner \"Fraktion X\" \\\n"
    "        --questions \"1. Wie viele …? 2. Wann …?\""))
@click.argument("inquiry_file", required=False, type=click.Path(path_type=Path),
                metavar=_("[INQUIRY_FILE]"))
@click.option("--date", "inquiry_date", help=_("Date of the inquiry, 15.09.2025 or 2025-09-15."))
@click.option("--subject", help=_("Subject of the inquiry."))
@click.option("--questioner", help=_("Faction or member who asked."))
@click.option("--questions", "questions_text",
              help=_('The questions as the inquiry numbered them: "1. …? 2. …?".'))
@click.option("--address", multiple=True,
              help=_("An address line (repeat it; default: the questioner)."))
@click.option("--salutation", help=_("Frau …, Herr …, or a whole line ending in ','."))
@click.option("--signatory",
              help=_("A signatory of inquirygen.yaml (default: the first one), or a name."))
def new(inquiry_file: Path | None, inquiry_date: str | None, subject: str | None,
        questioner: str | None, questions_text: str | None, address: tuple[str, ...],
        salutation: str | None, signatory: str | None) -> None:
    """``new``: an answer file from a received inquiry, asking for what the inquiry does not say."""
    import datetime

    from ..intake import parse_inquiry, read_inquiry_file
    from ..model import format_date
    from ..scaffold import NewInquiry, default_signatory, new_answer_file
    from ..workspace import Workspace

    workspace = Workspace.discover()
    if inquiry_file is not None:
        received = parse_inquiry(read_inquiry_file(inquiry_file))
    else:
        received = parse_inquiry(questions_text if questions_text else _read_inquiry())
    if not received.questions:
        raise click.UsageError(_("no questions found"))
    given_date = inquiry_date or (format_date(received.date) if received.date else None)
    date = date_option(_ask(given_date, _("Date of the inquiry (15.09.2025)")), param_hint="'--date'")
    subject_text = _ask(subject or received.subject, _("Subject"))
    questioner_text = _ask(questioner or received.questioner, _("Questioner (faction or member)"))
    chosen = signatory or default_signatory(workspace) or _ask(None, _("Name of the signatory"))
    target = new_answer_file(workspace, NewInquiry(
        date, subject_text, questioner_text, list(received.questions),
        list(address) or [questioner_text], salutation, chosen, datetime.date.today(),
        received.drucksache, received.remark, received.kind))
    authoring_report.new_answer_file(target, len(received.questions), received.remark is not None)


def _ask(value: str | None, prompt: str) -> str:
    """The option's value, or what the user types when the option was left out."""
    if value:
        return value
    answer: str = click.prompt(prompt)
    return answer


def _read_inquiry() -> str:
    """The inquiry pasted on standard input, paragraphs and all, up to two empty lines in a row or
    the end of input (Ctrl+D; on Windows Ctrl+Z and Enter)."""
    report.echo(_("Paste the inquiry (its heading too, if you like); end with two empty lines:"))
    lines: list[str] = []
    for line in sys.stdin:
        if not line.strip() and lines and not lines[-1].strip():
            break
        lines.append(line)
    return "".join(lines)


@click.group(cls=Group, short_help=_("Reusable answer texts in answers/snippets/."), help=_(
    "Reusable answer texts in answers/snippets/: list, show, search, create, extract."))
def snippets() -> None:
    """``snippets``: the group of the snippet commands."""


@snippets.command("list", help=_("List the snippets with title, tags and where they are used."))
def snippets_list() -> None:
    """``snippets list``: the table of snippets."""
    from ..snippets import snippet_entries

    workspace = _workspace_here()
    entries = snippet_entries(workspace.snippet_library(), workspace.all_answer_files())
    authoring_report.snippet_table(entries, workspace.snippets_dir)


@snippets.command("show", help=_("Show a snippet filled in with its defaults, and its variables."))
@click.argument("name", metavar=_("NAME"))
def snippets_show(name: str) -> None:
    """``snippets show``: one snippet, filled in with its defaults."""
    from ..snippets import render_snippet_preview

    library = _workspace_here().snippet_library()
    snippet = library.load(name)
    authoring_report.snippet(library.canonical(name), snippet, render_snippet_preview(snippet))


@snippets.command("new", short_help=_("Create a snippet file to fill in."), help=_(
    "Create a snippet file to fill in (and open it in $EDITOR when that is set)."))
@click.argument("name", metavar=_("NAME"))
@click.option("--title", help=_("Title shown by 'snippets list'."))
def snippets_new(name: str, title: str | None) -> None:
    """``snippets new``: a new snippet file."""
    from ..scaffold import new_snippet

    target = new_snippet(_workspace_here(), name, title)
    report.wrote([target])
    if os.environ.get("EDITOR"):
        click.edit(filename=str(target))


@snippets.command("search", short_help=_("Find snippets containing all WORDS."), help=_(
    "Find snippets containing all WORDS (case and umlaut spelling do not matter)."))
@click.argument("words", nargs=-1, required=True, metavar=_("WORDS..."))
def snippets_search(words: tuple[str, ...]) -> None:
    """``snippets search``: the snippets containing all words."""
    from ..snippets import search_snippets, snippet_entries

    workspace = _workspace_here()
    entries = snippet_entries(workspace.snippet_library(), workspace.all_answer_files())
    authoring_report.snippet_hits(search_snippets(entries, list(words)), words)


@snippets.command("extract", short_help=_(
    "Turn the response of a question into a snippet, word for word."), help=_(
    "Turn the response of a question into a snippet, word for word.\n\n"
    "    inquirygen snippets extract 2025-09-15.yaml#schulung schulungen-abh\n\n"
    "The response then reads {{ snippet(\"NAME\") }}; which parts become variables is yours to "
    "decide."))
@click.argument("source", metavar=_("FILE#ID"))
@click.argument("name", metavar=_("NAME"))
@click.option("--keep", is_flag=True, help=_("Leave the answer file as it is; only write the snippet."))
def snippets_extract(source: str, name: str, keep: bool) -> None:
    """``snippets extract``: a question's response moved into a snippet."""
    from ..scaffold import extract_snippet
    from ..workspace import Workspace

    if "#" not in source:
        raise click.UsageError(_("write the question as FILE#ID, e.g. 2025-09-15.yaml#schulung"))
    file, question_id = source.rsplit("#", 1)
    workspace, (path,) = Workspace.of_answer_files([file])
    result = extract_snippet(workspace, path, question_id, name, replace=not keep)
    authoring_report.extracted(result, question_id, name)


@click.group(cls=Group, help=_("The Word template: clean it of tracked changes and comments."))
def template() -> None:
    """``template``: the group of the template commands."""


@template.command("clean", short_help=_("Accept all tracked changes and delete all comments."), help=_(
    "Accept all tracked changes and delete all comments in the template, keeping the original.\n\n"
    "    inquirygen template clean templates/answer_letter.docx\n\n"
    "Without FILE, the workspace's template is cleaned. The original is kept in the folder "
    "'vorher' beside it; a template without changes or comments is left as it is."))
@click.argument("file", required=False, type=click.Path(path_type=Path), metavar=_("[FILE]"))
def template_clean(file: Path | None) -> None:
    """``template clean``: the template without tracked changes and comments, the original kept."""
    from ..errors import InputNotFoundError
    from ..writers.docx.clean import clean_template

    path = file if file is not None else _workspace_here().template_path
    if not path.is_file():
        raise InputNotFoundError(_("template '{path}' not found").format(path=path))
    authoring_report.cleaned(path, clean_template(path))


def _workspace_here() -> Workspace:
    """The workspace of the current folder, or a usage error where there is none: outside one, "no
    snippets" would be a false alarm, and the template to clean would be the one shipped."""
    from ..workspace import Workspace

    workspace = Workspace.discover()
    if not workspace.snippets_dir.is_dir():
        workspace.require_own_folder()
    return workspace
