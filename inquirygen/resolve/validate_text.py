"""Stage one of resolving, for texts: the Jinja of responses and remarks, ref(), snippet(), footnotes.

Static checks only: the syntax, the names used, every ``ref()`` and ``snippet()`` call with its
arguments and variables, and footnote marks against footnote texts. Nothing is rendered here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import display_path
from ..i18n import _
from ..loader import did_you_mean
from ..sandbox import nesting_message, parse_bounded
from ..snippets import (
    TEXT_FUNCTIONS,
    explain_jinja,
    forbidden_tags,
    has_jinja,
    line_of,
    text_environment,
)
from ..yamlfile import PathKey
from .context import FileContext, unknown_question

if TYPE_CHECKING:
    from jinja2.nodes import Template

_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_TEXT = re.compile(r"^[ \t]*\[\^([^\]\s]+)\]:", re.MULTILINE)


@dataclass
class _Call:
    function: str
    args: list[Any]
    kwargs: dict[str, Any]
    line: int  # 1-based, in the text being analysed
    constant: bool
    column: int = 0  # 0-based, of the function name on its line


def check_text(ctx: FileContext, path: PathKey, text: str, own_id: str | None) -> None:
    """Static checks of the Jinja in a response: syntax, names, every ref() and snippet() call."""
    from jinja2 import TemplateSyntaxError, meta

    check_footnotes(ctx, path, text)
    if not has_jinja(text):
        return
    try:
        tree = parse_bounded(text_environment(), text)
    except TemplateSyntaxError as error:
        line = (error.lineno or 1) - 1
        ctx.error_in_text(path, line, "{", text, _("template syntax: {error}").format(
                              error=explain_jinja(error.message or "")),
                          hint=None if error.message == nesting_message() else _syntax_hint(text, line))
        return
    for name in sorted(meta.find_undeclared_variables(tree) - set(TEXT_FUNCTIONS)):
        ctx.error_in_text(path, line_of(text, name), name, text,
                          _("unknown name '{name}' in the response").format(name=name),
                          hint=_('only ref("id") and snippet("name") can be used inside {braces}'
                                 ).format(braces="{{ }}"))
    for line, tag in forbidden_tags(tree):
        ctx.error_in_text(path, line - 1, "{%", text,
                          _("'{tag}' cannot be used in answers").format(tag=f"{{% {tag} %}}"),
                          hint=_("reuse text with {call} instead").format(call='{{ snippet("name") }}'))
    for call in _calls(tree, text):
        if not call.constant:
            ctx.error_in_text(path, call.line - 1, call.function, text,
                              _('{function}() needs its arguments in quotes, like {function}("name")'
                                ).format(function=call.function))
        elif call.function == "ref":
            _check_ref_call(ctx, path, call, text, own_id)
        else:
            _check_snippet_call(ctx, path, call, text)


def check_footnotes(ctx: FileContext, path: PathKey, text: str) -> None:
    """Every ``[^x]`` needs its ``[^x]: …`` line, or it would be printed as it stands."""
    defined = {m.group(1): m for m in _FOOTNOTE_TEXT.finditer(text)}
    used = set()
    for match in _FOOTNOTE_MARK.finditer(text):
        label = match.group(1)
        used.add(label)
        if label not in defined:
            line = text.count("\n", 0, match.start())
            ctx.error_in_text(path, line, match.group(), text,
                              _("footnote [^{label}] has no text").format(label=label),
                              hint=_("add a line '[^{label}]: …' after the paragraph").format(label=label))
    for label, match in defined.items():
        if label not in used:
            line = text.count("\n", 0, match.start())
            ctx.error_in_text(path, line, match.group().strip(), text,
                              _("footnote [^{label}] is never marked in the text").format(label=label),
                              hint=_("write [^{label}] where the footnote belongs").format(label=label),
                              severity="warning", code="unused-footnote")


def _check_ref_call(ctx: FileContext, path: PathKey, call: _Call, text: str,
                    own_id: str | None) -> None:
    if len(call.args) != 1 or call.kwargs:
        ctx.error_in_text(path, call.line - 1, "ref", text,
                          _('ref() takes exactly one question id, like ref("schulung")'),
                          after=call.column)
        return
    target = str(call.args[0])
    if target == own_id:
        ctx.error_in_text(path, call.line - 1, target, text,
                          _("question '{id}' refers to itself").format(id=target), after=call.column)
    elif target not in ctx.numbers:
        ctx.error_in_text(path, call.line - 1, target, text, unknown_question(target, ctx.numbers),
                          after=call.column)


def _check_snippet_call(ctx: FileContext, path: PathKey, call: _Call, text: str) -> None:
    if len(call.args) != 1:
        ctx.error_in_text(path, call.line - 1, "snippet", text,
                          _('snippet() takes one name and named variables, '
                            'like snippet("frist", tage="14")'), after=call.column)
        return
    name = str(call.args[0])
    if not ctx.snippets.exists(name):
        ctx.error_in_text(path, call.line - 1, name, text,
                          _("unknown snippet '{name}'{suggestion}").format(
                              name=name, suggestion=did_you_mean(name, ctx.snippets.names())),
                          hint=_("snippets live in {folder}/<name>.md").format(
                              folder=display_path(ctx.snippets.directory)),
                          after=call.column)
        return
    snippet, snippet_problems = ctx.snippets.get(name)
    ctx.report_snippet_problems(snippet_problems)
    if snippet is None:
        return
    for variable in (v for v in snippet.required_variables if v not in call.kwargs):
        ctx.error_in_text(path, call.line - 1, name, text,
                          _("snippet '{name}' needs the variable '{variable}'").format(
                              name=name, variable=variable),
                          hint=_('write snippet("{name}", {variable}="…")').format(
                              name=name, variable=variable), after=call.column)
    for variable in call.kwargs:
        if variable not in snippet.header.variables:
            ctx.error_in_text(path, call.line - 1, variable, text,
                              _("snippet '{name}' has no variable '{variable}'{suggestion}").format(
                                  name=name, variable=variable,
                                  suggestion=did_you_mean(variable, snippet.header.variables)),
                              severity="warning", after=call.column, code="unknown-variable")
    ctx.check_snippet_body(snippet)


def _calls(tree: Template, text: str) -> list[_Call]:
    """The ref() and snippet() calls of a text, each with the column of its name on its line."""
    from jinja2 import nodes

    calls = []
    lines = text.split("\n")
    searched_from: dict[int, int] = {}
    for node in tree.find_all(nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name in TEXT_FUNCTIONS:
            constant = all(isinstance(a, nodes.Const) for a in node.args) and \
                all(isinstance(k.value, nodes.Const) for k in node.kwargs) and \
                node.dyn_args is None and node.dyn_kwargs is None
            call = _Call(node.node.name,
                         [a.value for a in node.args if isinstance(a, nodes.Const)],
                         {k.key: k.value.value for k in node.kwargs
                          if isinstance(k.value, nodes.Const)},
                         node.lineno, constant)
            line = lines[node.lineno - 1] if 0 < node.lineno <= len(lines) else ""
            column = line.find(f"{node.node.name}(", searched_from.get(node.lineno, 0))
            call.column = max(column, 0)
            searched_from[node.lineno] = call.column + 1
            calls.append(call)
    return calls


def _syntax_hint(text: str, line: int) -> str | None:
    lines = text.split("\n")
    current = lines[line] if 0 <= line < len(lines) else ""
    if any(q in current for q in "„“”‚‘’"):
        return _('use straight quotes (") inside {braces}; the editor replaced them with typographic '
                 'ones').format(braces="{{ }}")
    return _("check that every '{open}' is closed by '{close}' and every '{open_tag}' by '{close_tag}'"
             ).format(open="{{", close="}}", open_tag="{%", close_tag="%}")
