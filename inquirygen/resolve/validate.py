"""Stage one of resolving: everything that can be checked before any text is filled in.

Question ids and numbers, joint groups, ``see:`` targets, every ``ref()`` and ``snippet()`` call and its
variables, footnotes, the signatory and its image, the salutation, the template and the values it and
the phrases insist on. Every problem is appended to the file's list; nothing here raises or renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import model
from ..errors import Problem, TemplateError, display_path
from ..loader import did_you_mean
from ..schema import Signatory
from ..snippets import TEXT_FUNCTIONS, forbidden_tags, has_jinja, line_of, text_environment
from ..values import OPTIONAL_VALUES, required_values
from ..workspace import CONFIG_NAME
from ..yamlfile import PathKey, YamlDocument
from .context import FileContext
from .numbering import NumberedEntry

if TYPE_CHECKING:
    from jinja2.nodes import Template

_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_TEXT = re.compile(r"^[ \t]*\[\^([^\]\s]+)\]:", re.MULTILINE)
# The phrases every letter prints (the others only where a reference or joint answer needs them).
_PRINTED_PHRASES = ("subject", "references", "intro", "closing")


@dataclass
class _Call:
    function: str
    args: list[Any]
    kwargs: dict[str, Any]
    line: int  # 1-based, in the text being analysed
    constant: bool
    column: int = 0  # 0-based, of the function name on its line


def register_entries(ctx: FileContext, entries: list[NumberedEntry]) -> None:
    """Ids and numbers must each be unique; references print the reference form of a number."""
    by_id: dict[str, NumberedEntry] = {}
    by_number: dict[str, NumberedEntry] = {}
    for entry in entries:
        if entry.number:
            first = by_number.get(entry.number)
            if first is not None:
                where = entry.path + (("number",) if entry.question.number else ("question",))
                first_line, _ = ctx.document.locate(first.path)
                ctx.error(where, f"question number '{entry.number}' is used twice (first at "
                                 f"line {first_line})",
                          hint="give this question its own 'number:' as the inquiry numbers it",
                          key=not entry.question.number)
            else:
                by_number[entry.number] = entry
        if entry.id is None:
            continue
        if entry.id in by_id:
            first_line, _ = ctx.document.locate(by_id[entry.id].path + ("id",))
            ctx.error(entry.path + ("id",),
                      f"question id '{entry.id}' is used twice (first at line {first_line})",
                      hint="give each question its own id")
            continue
        by_id[entry.id] = entry
        ctx.numbers[entry.id] = entry.reference
    ctx.entries_by_id = by_id


def joint_groups(ctx: FileContext, entries: list[NumberedEntry]) -> dict[str, list[NumberedEntry]]:
    """Questions answered together, by the id of the question that carries the response."""
    groups: dict[str, list[NumberedEntry]] = {}
    for entry in entries:
        target = getattr(entry.question, "together_with", None)
        if target is None:
            continue
        path = entry.path + ("together_with",)
        root = ctx.entries_by_id.get(target)
        if target == entry.id:
            ctx.error(path, f"question '{target}' cannot be answered together with itself")
        elif root is None:
            ctx.error(path, f"unknown question id '{target}'{did_you_mean(target, ctx.entries_by_id)}")
        elif root.sub or getattr(root.question, "together_with", None) is not None:
            ctx.error(path, f"question '{target}' does not carry a response of its own",
                      hint="name the question whose response answers the whole group")
        elif (entry.question.response or "").strip() or entry.question.see is not None:
            ctx.error(path, "a question answered together with another has no response "
                            "or 'see:' of its own",
                      hint=f"move the text into the response of '{target}'")
        elif getattr(entry.question, "parts", None) or getattr(root.question, "parts", None):
            ctx.error(path, "questions with sub-questions cannot be answered together")
        else:
            groups.setdefault(target, [root]).append(entry)
    return groups


def named_template(ctx: FileContext) -> Path | None:
    """The template ``letter.template`` names, or ``None`` (reported) when there is no such template."""
    name = ctx.parts.letter.template if ctx.parts.letter else None
    if name is None:
        return None
    path = ctx.workspace.named_template(name)
    if path is None:
        known = ctx.workspace.template_names()
        ctx.error(("letter", "template"), f"unknown template '{name}'{did_you_mean(name, known)}",
                  hint=f"templates: {', '.join(known)}" if known else None)
    return path


def check_required_values(ctx: FileContext) -> None:
    """Values the template or a printed phrase uses unconditionally must be in the answer file."""
    template = ctx.template
    try:
        needs = {name: f"the template '{template.name}'"
                 for name in ctx.templates.requirements(template)}
    except TemplateError as error:
        ctx.problems.append(error.as_problem(template))
        needs = {}
    phrases = ctx.phrases
    for name in _PRINTED_PHRASES:
        value = getattr(phrases.phrases, name)
        sources = value if isinstance(value, list) else [value]
        who = f"the template '{template.name}'" if name in phrases.from_template \
            else f"the phrase '{name}'"
        for needed in sorted(required_values(sources, text_environment())):
            needs.setdefault(needed, who)
    letter = ctx.parts.letter
    contact = (letter.contact if letter else None) or ctx.workspace.office_for(template).contact
    sections = {"inquiry": ctx.parts.inquiry, "letter": letter, "contact": contact}
    for name in sorted(needs):
        keys = OPTIONAL_VALUES[name]
        section = sections[str(keys[-2])]
        value = getattr(section, keys[-1], None) if section else None
        if value not in (None, ""):
            continue
        where = "/".join(str(k) for k in keys[:-1])
        ctx.error(keys[:-1], f"{needs[name]} needs '{keys[-1]}' under '{where}'",
                  hint=f"add '{keys[-1]}:' under '{keys[-2]}:'", key=True)


def check_letter_shape(ctx: FileContext) -> None:
    parts = ctx.parts
    if parts.body is not None and parts.questions:
        ctx.error(("body",), "write either 'body' (a letter without numbered questions) or "
                             "'questions', not both", key=True)
    elif parts.body is None and not parts.questions and ctx.loaded.answers is not None:
        ctx.problems.append(Problem(ctx.loaded.path, 1, 1,
                                    "the letter has neither 'questions' nor a 'body'",
                                    hint="add 'questions:', or 'body: |' for a letter "
                                         "without numbered questions"))


def resolve_signatory(ctx: FileContext) -> model.Signatory:
    """The signatory the letter names (a key of inquirygen.yaml or written out), image checked."""
    assert ctx.parts.letter is not None
    choice = ctx.parts.letter.signatory
    if isinstance(choice, Signatory):
        image = signature_image(ctx, choice, ctx.document, ("letter", "signatory", "signature"))
        return model.Signatory(choice.name, choice.title, choice.capacity, image, choice.signature_alt)
    known = ctx.workspace.config.signatories
    if choice not in known:
        if known:
            hint = f"signatories in {CONFIG_NAME}: {', '.join(known)}"
        else:
            hint = (f"define it under 'signatories:' in {CONFIG_NAME}, "
                    "or write 'name:' (and 'title:') under 'signatory:'")
        ctx.error(("letter", "signatory"),
                  f"unknown signatory '{choice}'{did_you_mean(choice, known)}", hint=hint)
        return model.Signatory(choice)
    entry = known[choice]
    image = signature_image(ctx, entry, ctx.workspace.config_document,
                            ("signatories", choice, "signature"))
    return model.Signatory(entry.name, entry.title, entry.capacity, image, entry.signature_alt)


def signature_image(ctx: FileContext, signatory: Signatory, document: YamlDocument | None,
                    path: PathKey) -> Path | None:
    """The checked image file of a signatory: PNG or JPEG, inside the workspace."""
    if signatory.signature is None:
        return None
    image = ctx.workspace.root / signatory.signature
    problem: tuple[str, str | None] | None = None
    if not ctx.workspace.contains(image):
        problem = (f"the signature image '{signatory.signature}' lies outside the workspace",
                   "keep signature images in the workspace folder, e.g. signatures/")
    elif not image.is_file():
        problem = (f"signature image '{signatory.signature}' not found",
                   f"the path is relative to {display_path(ctx.workspace.root)}/")
    elif _image_kind(image) is None:
        problem = (f"'{signatory.signature}' is not a PNG or JPEG image", None)
    if problem is None:
        return image.resolve()
    if document is None:  # pragma: no cover - a configured signatory always has its document
        ctx.problems.append(Problem(ctx.loaded.path, None, None, problem[0], problem[1]))
    else:
        ctx.problems.append(document.problem(path, problem[0], hint=problem[1]))
    return None


def derive_salutation(ctx: FileContext) -> str:
    """"Sehr geehrte Frau Krieg," from ``Frau Krieg``; a full line ending in ',' as it is."""
    assert ctx.parts.recipient is not None
    given = ctx.parts.recipient.salutation
    if given is None:
        return ctx.phrases.phrases.salutation_default
    text = given.strip()
    if text.endswith(","):
        return text
    first = text.split(" ", 1)[0]
    if first == "Frau":
        return f"Sehr geehrte {text},"
    if first == "Herr":
        return f"Sehr geehrter {text},"
    if text in ("Damen und Herren", "Sehr geehrte Damen und Herren"):
        return "Sehr geehrte Damen und Herren,"
    ctx.error(("recipient", "salutation"),
              f"cannot tell the salutation from '{text}'",
              hint="start with 'Frau' or 'Herr' (e.g. 'Frau Dr. Krieg'), "
                   "or write the whole line ending in ',' (e.g. 'Liebe Frau Krieg,')")
    return text


def check_entry(ctx: FileContext, entry: NumberedEntry) -> None:
    question = entry.question
    if question.see is not None:
        check_reference(ctx, entry.path + ("see",), question.see, question.id)
    answered_jointly = getattr(question, "together_with", None) is not None
    blank = question.response is None or not question.response.strip()
    if blank and question.see is None and not answered_jointly \
            and not getattr(question, "parts", None):
        ctx.error(entry.path + ("question",),
                  f"question {entry.label} has no response yet (unanswered)",
                  hint="write 'response: |' with the answer below it, or 'see:' with a question id",
                  key=True, severity="warning", code="unanswered")
    if question.response is not None:
        check_text(ctx, entry.path + ("response",), question.response, question.id)


def check_reference(ctx: FileContext, path: PathKey, target: str, own_id: str | None) -> bool:
    if target == own_id:
        ctx.error(path, f"question '{target}' refers to itself",
                  hint="a reference must name another question")
        return False
    if target not in ctx.numbers:
        ctx.error(path, f"unknown question id '{target}'{did_you_mean(target, ctx.numbers)}",
                  hint=None if ctx.numbers else "give the question you mean an 'id:'")
        return False
    return True


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


def _image_kind(path: Path) -> str | None:
    with path.open("rb") as stream:
        head = stream.read(8)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None
