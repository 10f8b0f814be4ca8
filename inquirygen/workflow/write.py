"""The status lists written to the files ``status`` names, never over an input of the workspace."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputRefusedError, display_path
from ..i18n import _
from .status import OpenInquiry

if TYPE_CHECKING:
    from ..workspace import Workspace


def refuse_inputs(workspace: Workspace, targets: Sequence[Path]) -> None:
    """Raise :class:`OutputRefusedError` before anything is written when an output is an input of the
    workspace (an answer file, a snippet, inquirygen.yaml, a template) or two outputs are one file."""
    inputs = {path.resolve() for path in workspace.all_answer_files()}
    if workspace.config_path is not None:
        inputs.add(workspace.config_path.resolve())
    seen: set[Path] = set()
    for target in targets:
        resolved = target.resolve()
        # Besides the answer files and the configuration: any existing file of the kinds people
        # write (snippets, templates) in the workspace but outside its output folder.
        written_by_people = resolved.suffix.lower() in (".yaml", ".yml", ".md", ".docx", ".dotx", ".odt")
        if resolved in inputs or (written_by_people and resolved.exists()
                                  and resolved.is_relative_to(workspace.root)
                                  and not resolved.is_relative_to(workspace.output_dir)):
            raise OutputRefusedError(_("'{path}' is a file of the workspace; nothing was written, choose "
                                       "another name for the list").format(path=display_path(target)))
        if resolved in seen:
            raise OutputRefusedError(_("'{path}' is named for two lists; nothing was written").format(
                path=display_path(target)))
        seen.add(resolved)


def write_lists(workspace: Workspace, inquiries: Sequence[OpenInquiry], *, ics: str | None,
                csv: str | None, xlsx: str | None) -> list[Path]:
    """Write the lists asked for (all made before the first is written); the files written."""
    from ..atomic import write_atomically
    from .exports import csv_bytes, ics_bytes, xlsx_bytes

    wanted = [(Path(name), kind) for name, kind in ((ics, "ics"), (csv, "csv"), (xlsx, "xlsx")) if name]
    refuse_inputs(workspace, [path for path, _kind in wanted])
    stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    made = [(path, ics_bytes(inquiries, stamp, contributions_due(workspace, inquiries)) if kind == "ics" else
             csv_bytes(inquiries) if kind == "csv" else xlsx_bytes(inquiries)) for path, kind in wanted]
    for path, data in made:
        write_atomically(path, data)
    return [path for path, _data in made]


def contributions_due(workspace: Workspace, inquiries: Sequence[OpenInquiry]
                      ) -> dict[Path, list[tuple[str, datetime.date]]]:
    """The departments' deadlines of each open inquiry whose contribution is outstanding: the name of
    the department and the earliest ``department_due`` of its unanswered questions."""
    from ..loader import load_answer_file
    from .status import is_answered

    found: dict[Path, list[tuple[str, datetime.date]]] = {}
    for inquiry in inquiries:
        loaded = load_answer_file(inquiry.file, [])
        dates: dict[str, datetime.date] = {}
        for question in loaded.parts.questions if loaded is not None else []:
            if question is None or question.department is None or question.department_due is None \
                    or is_answered(question):
                continue
            department = workspace.config.departments.get(question.department)
            name = department.name if department is not None else question.department
            dates[name] = min(dates.get(name, question.department_due), question.department_due)
        if dates:
            found[inquiry.file] = sorted(dates.items(), key=lambda item: (item[1], item[0]))
    return found
