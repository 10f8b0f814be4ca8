"""The editor's pages: Jinja templates in the package, rendered on the server with the user's language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..i18n import language
from .form import QUESTION_FIELDS, field_key, value_at
from .labels import field_label, text
from .session import EditorSession

TEMPLATES = Path(__file__).parent / "templates"


def render(name: str, session: EditorSession, **values: Any) -> str:
    """The page ``name`` with ``values``; every text autoescaped, the labels in the user's language."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(
        t=text, label=field_label, key=field_key, value_at=value_at, lines=_lines, shown=_shown,
        as_json=lambda value: json.dumps(value, ensure_ascii=False).replace("</", "<\\/"),
        question_fields=QUESTION_FIELDS, base=f"/{session.token}", csrf=session.csrf, lang=language())
    return environment.get_template(name).render(**values)


def _lines(value: object) -> str:
    """A list of lines as the text of a field with one line each."""
    return "\n".join(str(item) for item in value) if isinstance(value, list) else _shown(value)


def _shown(value: object) -> str:
    """A value as its field shows it: nothing for a missing one."""
    return "" if value is None or isinstance(value, (dict, list)) else str(value)
