"""Static checks of a Word template: tags Word broke, blocks left open, variables inquirygen lacks.

Word's editing leaves traps in ``{{ }}`` tags: AutoCorrect turns ``"`` into „ “, a tag typed across
an Enter lands in two paragraphs, a ``{%p for %}`` loses its ``{%p endfor %}``. Each is reported with
the template's name and the part, in words an office can act on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import Problem, TemplateError
from ...i18n import _
from .package import problem_text
from .template import TemplateLibrary, syntax_detail

if TYPE_CHECKING:
    from jinja2.nodes import Node, Template

    Report = Callable[..., None]

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_GERMAN_QUOTES = "„‚“”‘’«»"
_LOOKED_FOR = re.compile(r"'(\w+)'")
_BLOCK_TAG = re.compile(r"\{%-?\s*(\w+)\b[^%]*%\}")
_UNKNOWN_TAG = re.compile(r"Encountered unknown tag '(\w+)'")


def check_template(path: Path, templates: TemplateLibrary | None = None) -> list[Problem]:
    """Every problem of one template; an empty list when it is fine."""
    templates = templates or TemplateLibrary()
    try:
        files = templates.files(path)
    except TemplateError as error:
        return [error.as_problem(path)]
    problems: list[Problem] = []
    known = template_variables()
    for part, source in files.sources.items():
        def report(message: str, hint: str | None = None, severity: str = "error",
                   part: str = part) -> None:
            problems.append(Problem(path, None, None, f"({part}) {message}", hint, severity))

        for match in _TAG.finditer(source):
            tag = match.group()
            shown = re.sub(r"<[^>]+>", "", tag)
            if any(quote in tag for quote in _GERMAN_QUOTES):
                report(_("typographic quotes inside '{tag}'").format(tag=shown),
                       hint=_("Word's AutoCorrect replaced the straight quotes; type them again with "
                              "AutoCorrect's 'straight quotes with smart quotes' switched off"))
            if "<" in tag:
                report(_("the tag '{tag}' is split over several paragraphs").format(tag=shown),
                       hint=_("delete the tag and type it again in one line"))
        for problem in (problem for at, problem in files.problems if at == part):
            report(*problem_text(*problem))
        tree = _parse(source, report, templates)
        if tree is not None:
            for name in sorted(_unknown_variables(tree, known)):
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
                hint = _("see the README's list of template variables")
                if close:
                    report(_("the template asks for '{name}', which inquirygen does not provide (did "
                             "you mean '{suggestion}'?)").format(name=name, suggestion=close[0]), hint)
                else:
                    report(_("the template asks for '{name}', which inquirygen does not provide")
                           .format(name=name), hint)
    if not problems:  # what build checks when it loads the template: styles, lists, footnotes
        try:
            templates.load(path)
        except TemplateError as error:
            problems.append(error.as_problem(path))
    return problems


def _parse(source: str, report: Report, templates: TemplateLibrary) -> Template | None:
    from jinja2 import TemplateSyntaxError

    try:
        return templates.environment.parse(source)
    except TemplateSyntaxError as error:
        unclosed = [tag for tag in _LOOKED_FOR.findall(error.message or "") if tag.startswith("end")]
        unknown = _UNKNOWN_TAG.search(error.message or "")
        if "looking for the following tags" in (error.message or "") and unclosed:
            opener = unclosed[0].removeprefix("end")
            where = _unclosed_opener(source, opener)
            hint = _("add a paragraph '{{%p {closer} %}}' where the block ends").format(
                closer=unclosed[0])
            if where:
                report(_("a '{{%p {opener} … %}}' block is never closed (it opens at '{where}')")
                       .format(opener=opener, where=where), hint)
            else:
                report(_("a '{{%p {opener} … %}}' block is never closed").format(opener=opener), hint)
        elif unknown and unknown.group(1).startswith("end"):
            report(_("'{{%p {closer} %}}' closes a block that was never opened").format(
                closer=unknown.group(1)), hint=_("delete it, or add the opening tag"))
        elif any(f"unexpected char '{quote}'" in (error.message or "") for quote in _GERMAN_QUOTES):
            pass  # reported above as typographic quotes, with what to do about them
        else:
            report(_("Jinja syntax error: {detail}").format(detail=syntax_detail(error.message)))
        return None


def _unclosed_opener(source: str, opener: str) -> str:
    """The paragraph text around the ``opener`` tag that no end tag closes, for the message."""
    open_tags: list[tuple[str, int]] = []
    for match in _BLOCK_TAG.finditer(source):
        word = match.group(1)
        if word == opener:
            open_tags.append((word, match.start()))
        elif word == f"end{opener}" and open_tags:
            open_tags.pop()
    if not open_tags:
        return ""
    start = open_tags[-1][1]
    # The tag, and the text after it up to the next block tag: what its author sees in Word.
    after = source.find("{%", source.find("%}", start))
    excerpt = " ".join(re.sub(r"<[^>]+>", " ", source[start:after if after >= 0 else None]).split())
    return re.sub(r"^\{%-?\s*", "{%p ", excerpt)[:70]


def template_variables() -> set[str]:
    """Every variable a template can use, as dotted paths (``answers[].questions[].label``)."""
    import datetime

    from ... import model
    from ...letter import build_letter
    from .context import template_context

    sample = build_letter(model.ResolvedLetter(
        source=Path("sample.yaml"), office=model.Office(letterhead=("",), footer=("",)),
        inquiry=model.InquiryInfo(datetime.date(2025, 1, 1), ""), recipient_address=("",),
        date=datetime.date(2025, 1, 1), signatory=model.Signatory(""),
        answers=(model.Answer((model.NumberedQuestion("", ""),), ()),),
        frame=model.FrameTexts(subject=("-",), references=("-",), information=(("-", "-"),)),
        remarks=(model.Section("", ()),), enclosures=("",), copies_to=("",), file_ref="-",
        template=Path("sample.docx")))

    class _NoBlocks:
        def blocks(self, _blocks: tuple[model.Block, ...], last: bool = False) -> str:
            return ""

    context = template_context(sample, _NoBlocks())
    known: set[str] = set()

    def walk(value: object, path: str) -> None:
        known.add(path)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            walk(value[0] if value else "", f"{path}[]")

    walk(context, "")
    known.discard("")
    return known


def _unknown_variables(tree: Node, known: set[str]) -> set[str]:
    """Names the template reads that are not in ``known``, as written; loop variables are followed."""
    from jinja2 import nodes

    unknown: set[str] = set()

    def chain(node: Node) -> list[str] | None:
        attributes = []
        while isinstance(node, nodes.Getattr):
            attributes.append(node.attr)
            node = node.node
        return [node.name, *reversed(attributes)] if isinstance(node, nodes.Name) else None

    def check(written: list[str], scope: dict[str, str]) -> None:
        if written[0] == "loop":  # Jinja's own loop variable
            return
        resolved = ".".join([scope.get(written[0], written[0]), *written[1:]])
        if resolved not in known:
            unknown.add(".".join(written))

    def visit(node: Node, scope: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            iterated = chain(node.iter)
            inner = dict(scope)
            if iterated is not None and isinstance(node.target, nodes.Name):
                base = ".".join([scope.get(iterated[0], iterated[0]), *iterated[1:]])
                inner[node.target.name] = f"{base}[]"
            for child in (*node.body, *node.else_):
                visit(child, inner)
            return
        written = chain(node) if isinstance(node, (nodes.Getattr, nodes.Name)) else None
        if written is not None and (not isinstance(node, nodes.Name) or node.ctx == "load"):
            check(written, scope)
            return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(tree, {})
    return unknown
