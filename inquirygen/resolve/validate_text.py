"""Stage one of resolving, for texts: the Jinja of responses and remarks, ref(), snippet(), footnotes.

Static checks only: the syntax, the names used, every ``ref()`` and ``snippet()`` call with its
arguments and variables, and footnote marks against footnote texts. Nothing is rendered here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import display_path
from ..loader import did_you_mean
from ..snippets import TEXT_FUNCTIONS, forbidden_tags, has_jinja, line_of, text_environment
from ..yamlfile import PathKey
from .context import FileContext

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
        tree = text_environment().parse(text)
    except TemplateSyntaxError as error:
        line = (error.lineno or 1) - 1
        ctx.error_in_text(path, line, "{", text, f"template syntax: {error.message}",
                          hint=_syntax_hint(text, line))
        return
    for name in sorted(meta.find_undeclared_variables(tree) - set(TEXT_FUNCTIONS)):
        ctx.error_in_text(path, line_of(text, name), name, text,
                          f"unknown name '{name}' in the response",
                          hint='only ref("id") and snippet("name") can be used inside {{ }}')
    for line, tag in forbidden_tags(tree):
        ctx.error_in_text(path, line - 1, "{%", text, f"'{{% {tag} %}}' cannot be used in answers",
                          hint='reuse text with {{ snippet("name") }} instead')
    for call in _calls(tree, text):
        if not call.constant:
            ctx.error_in_text(path, call.line - 1, call.function, text,
                              f"{call.function}() needs its arguments in quotes, "
                              f'like {call.function}("name")')
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
            ctx.error_in_text(path, line, match.group(), text, f"footnote [^{label}] has no text",
                              hint=f"add a line '[^{label}]: …' after the paragraph")
    for label, match in defined.items():
        if label not in used:
            line = text.count("\n", 0, match.start())
            ctx.error_in_text(path, line, match.group().strip(), text,
                              f"footnote [^{label}] is never marked in the text",
                              hint=f"write [^{label}] where the footnote belongs",
                              severity="warning", code="unused-footnote")


def _check_ref_call(ctx: FileContext, path: PathKey, call: _Call, text: str,
                    own_id: str | None) -> None:
    if len(call.args) != 1 or call.kwargs:
        ctx.error_in_text(path, call.line - 1, "ref", text,
                          'ref() takes exactly one question id, like ref("schulung")',
                          after=call.column)
        return
    target = str(call.args[0])
    if target == own_id:
        ctx.error_in_text(path, call.line - 1, target, text,
                          f"question '{target}' refers to itself", after=call.column)
    elif target not in ctx.numbers:
        ctx.error_in_text(path, call.line - 1, target, text,
                          f"unknown question id '{target}'{did_you_mean(target, ctx.numbers)}",
                          after=call.column)


def _check_snippet_call(ctx: FileContext, path: PathKey, call: _Call, text: str) -> None:
    if len(call.args) != 1:
        ctx.error_in_text(path, call.line - 1, "snippet", text,
                          'snippet() takes one name and named variables, '
                          'like snippet("frist", tage="14")', after=call.column)
        return
    name = str(call.args[0])
    if not ctx.snippets.exists(name):
        ctx.error_in_text(path, call.line - 1, name, text,
                          f"unknown snippet '{name}'{did_you_mean(name, ctx.snippets.names())}",
                          hint=f"snippets live in {display_path(ctx.snippets.directory)}/<name>.md",
                          after=call.column)
        return
    snippet, snippet_problems = ctx.snippets.get(name)
    ctx.report_snippet_problems(snippet_problems)
    if snippet is None:
        return
    for variable in (v for v in snippet.required_variables if v not in call.kwargs):
        ctx.error_in_text(path, call.line - 1, name, text,
                          f"snippet '{name}' needs the variable '{variable}'",
                          hint=f'write snippet("{name}", {variable}="…")', after=call.column)
    for variable in call.kwargs:
        if variable not in snippet.header.variables:
            ctx.error_in_text(path, call.line - 1, variable, text,
                              f"snippet '{name}' has no variable '{variable}'"
                              f"{did_you_mean(variable, snippet.header.variables)}",
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
        return 'use straight quotes (") inside {{ }}; the editor replaced them with typographic ones'
    return "check that every '{{' is closed by '}}' and every '{%' by '%}'"
