"""The snippet library (``answers/snippets/*.md``) and the sandboxed Jinja that answers and snippets run in.

A snippet file is Markdown with an optional YAML front matter::

    ---
    title: Grundsatz der Deeskalation
    tags: [ausländerbehörde]
    variables:
      behoerde: Ausländerbehörde des Kreises Recklinghausen   # a default
      frist:                                                   # no default: must be given
    ---
    Im Grundsatz ist festzuhalten, dass die {{ behoerde }} stets deeskalierend auftritt.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .answerfile import SnippetHeader
from .errors import BudgetError, InquirygenError, Problem, ProblemsFound
from .frozen import frozen
from .i18n import _, language
from .loader import did_you_mean, validate_document
from .sandbox import nesting_message, parse_bounded, render_bounded
from .yamlfile import parse_yaml_text, read_text_file, scan_control_characters

if TYPE_CHECKING:
    from jinja2 import Template, nodes
    from jinja2.sandbox import ImmutableSandboxedEnvironment

SNIPPET_SUFFIX = ".md"
TEXT_FUNCTIONS = ("ref", "snippet")  # what answers and snippets may call inside {{ }}
FRONT_MATTER_FENCE = "---"


@lru_cache(maxsize=1)
def text_environment() -> ImmutableSandboxedEnvironment:
    """The Jinja environment for answers, snippets and phrases: sandboxed, strict, with no globals.

    Sandboxed because answer files and snippets come from many hands: no attribute of a Python
    object that starts with ``_`` is reachable, nothing can be modified, and only the functions a
    caller passes in (``ref``, ``snippet``) exist.
    """
    from jinja2 import StrictUndefined

    from .sandbox import bounded_sandbox

    # No Jinja comments: "{# … #}" typed in an answer must stay text, not vanish silently.
    environment = bounded_sandbox()(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
        comment_start_string="\x00{#", comment_end_string="#}\x00")
    environment.globals.clear()
    return environment


# Jinja's own words for the mistakes clerks make inside {{ }}, said in theirs.
_JINJA_CHAR = re.compile(r"unexpected char '(.+?)' at \d+")
_JINJA_NAME = re.compile(r"'(?:[^']*)' has no attribute '([^']+)'|'([^']+)' is undefined")
_JINJA_TOKEN = re.compile(r"expected token '[^']*', got '([^']*)'")
_TYPOGRAPHIC_QUOTES = "„“”‘’‚«»"


def explain_jinja(message: str) -> str:
    """What Jinja reports about a text in braces, in plain words and the user's language.

    The known mistakes (German quotes, a brace too few, a name that does not exist) get a sentence;
    anything else is Jinja's own English for English readers and a general sentence for the others.
    """
    if message == nesting_message():
        return message
    found = _JINJA_CHAR.search(message)
    if found and found.group(1) in _TYPOGRAPHIC_QUOTES:
        return _("the quotation mark '{char}' cannot stand inside the braces; write straight quotes "
                 "\"…\" there").format(char=found.group(1))
    if found:
        return _("the character '{char}' cannot stand inside the braces").format(char=found.group(1))
    if "unexpected '}'" in message:
        return _("a brace is missing or one too many: write {braces} with two on each side").format(
            braces="{{ … }}")
    if message.startswith("unexpected end of template"):
        return _("the braces are not closed: {close} is missing at the end").format(close="}}")
    found = _JINJA_NAME.search(message)
    if found:
        return _("'{name}' is not a value inquirygen knows").format(name=found.group(1) or found.group(2))
    found = _JINJA_TOKEN.search(message)
    if found:
        return _("'{token}' cannot stand there").format(token=found.group(1))
    return message if language() == "en" else _("the text in the braces cannot be read")


def explain_failure(error: Exception) -> str:
    """Why a text could not be filled in, from what Jinja or Python raised while filling it in:
    "{0} {1}".format(x) has no second value, "{x}".format() no x, 1/0 no result."""
    if isinstance(error, KeyError) and error.args:
        return _("the place '{name}' in the braces has no value to fill in").format(name=error.args[0])
    if isinstance(error, IndexError):
        return _("a numbered place such as {example} in the braces has no value to fill in").format(
            example="{1}")
    if isinstance(error, ZeroDivisionError):
        return _("the text in the braces divides by zero")
    if isinstance(error, OverflowError):
        return _("a number in the braces is too large to calculate with")
    return explain_jinja(getattr(error, "message", None) or str(error))  # Jinja's without its line


def has_jinja(text: str) -> bool:
    """Whether a text has anything for Jinja to do (most answers are plain Markdown)."""
    return "{{" in text or "{%" in text


@lru_cache(maxsize=1024)
def compiled_text(text: str) -> Template:
    """The compiled Jinja of a text: snippets and phrases recur in every letter of a batch."""
    environment = text_environment()
    return environment.from_string(parse_bounded(environment, text))


@frozen
class Snippet:
    """One reusable text: its header, its Markdown body and where the body starts in its file."""

    name: str
    path: Path
    header: SnippetHeader
    body: str
    body_line: int  # 1-based line of the file where the body starts

    @property
    def required_variables(self) -> list[str]:
        return [name for name, default in self.header.variables.items() if default is None]

    @property
    def defaults(self) -> dict[str, str]:
        return {name: value for name, value in self.header.variables.items() if value is not None}


def fold_name(name: str) -> str:
    """A snippet name as compared: one Unicode form (a Mac writes "ü" as two characters), no case."""
    import unicodedata

    return unicodedata.normalize("NFC", name).casefold().strip()


class SnippetLibrary:
    """The snippets of one folder, each read once, on first use."""

    def __init__(self, directory: Path, root: Path | None = None):
        self.directory = directory
        self.root = root  # the workspace; snippet files must not link outside it
        self._loaded: dict[str, Snippet | None] = {}
        self._problems: dict[str, list[Problem]] = {}

    def names(self) -> list[str]:
        # Listed, not globbed: a folder that may not be read is then said, not taken for empty.
        if not self.directory.is_dir():
            return []
        return sorted(path.stem for path in self.directory.iterdir()
                      if path.name.endswith(SNIPPET_SUFFIX) and path.is_file())

    def path_of(self, name: str) -> Path:
        return self.directory / f"{self.canonical(name)}{SNIPPET_SUFFIX}"

    def canonical(self, name: str) -> str:
        """The snippet ``name`` means, as people write names: its file as written, else the one whose
        name differs only in capitals or in how an umlaut is encoded ("Gebühren Übersicht" finds
        "gebühren übersicht.md")."""
        if "/" in name or "\\" in name or (self.directory / f"{name}{SNIPPET_SUFFIX}").is_file():
            return name
        wanted = fold_name(name)
        return next((existing for existing in self.names() if fold_name(existing) == wanted), name)

    def exists(self, name: str) -> bool:
        return "/" not in name and "\\" not in name and self.path_of(name).is_file()

    def get(self, name: str) -> tuple[Snippet | None, list[Problem]]:
        """The snippet and the problems of its file (the same list every time it is asked for)."""
        name = self.canonical(name)
        if name not in self._loaded:
            problems: list[Problem] = []
            path = self.path_of(name)
            if self.root is not None and not path.resolve().is_relative_to(self.root):
                problems.append(Problem(path, None, None, _(
                    "snippet '{name}' links to a file outside the workspace; refused").format(name=name)))
                self._loaded[name] = None
            else:
                self._loaded[name] = read_snippet(name, path, problems)
            self._problems[name] = problems
        return self._loaded[name], self._problems[name]

    def load(self, name: str) -> Snippet:
        """The snippet ``name``, for showing it on its own.

        Raises :class:`InquirygenError` for a name that is not a snippet (suggesting a close one) and
        :class:`ProblemsFound` when its file has errors.
        """
        if not self.exists(name):
            raise InquirygenError(unknown_snippet(name, self.names()))
        snippet, problems = self.get(name)
        if snippet is None:
            raise ProblemsFound(problems)
        return snippet


def read_snippet(name: str, path: Path, problems: list[Problem]) -> Snippet | None:
    """Read one snippet file; problems are appended with their lines in that file."""
    text = read_text_file(path, problems)
    if text is None:
        return None
    lines = text.split("\n")
    header = SnippetHeader()
    body_start = 0
    if lines and lines[0].rstrip() == FRONT_MATTER_FENCE:
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FRONT_MATTER_FENCE)
        except StopIteration:
            problems.append(Problem(path, 1, 1, _("the front matter opened with '---' is never closed"),
                                    hint=_("add a line '---' between the header and the text")))
            return None
        document = parse_yaml_text(path, "\n".join(lines[1:end]), problems, line_offset=1)
        if document is None:
            return None
        if document.data is not None:
            validated = validate_document(document, SnippetHeader, problems, what="front matter")
            if validated is None:
                return None
            header = validated
        body_start = end + 1
    body_text = "\n".join(lines[body_start:]).strip("\n")
    # Skip leading blank lines in the line count, as strip() removed them from the body.
    while body_start < len(lines) and not lines[body_start].strip():
        body_start += 1
    before = len(problems)
    scan_control_characters(path, body_text, problems, line_offset=body_start)
    if len(problems) > before:
        return None
    return Snippet(name, path, header, body_text, body_start + 1)


def forbidden_tags(tree: nodes.Template) -> list[tuple[int, str]]:
    """``{% include %}`` and its kin, which would read files, and ``{% for %}`` and ``{% macro %}``,
    which can run without end: (line, tag) of each in a parsed text. Answers are text; text is
    reused with ``snippet()``."""
    from jinja2 import nodes

    shown = {"fromimport": "from … import", "callblock": "call"}
    return [(node.lineno, shown.get(type(node).__name__.lower(), type(node).__name__.lower()))
            for node in tree.find_all((nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport,
                                       nodes.For, nodes.Macro, nodes.CallBlock))]


def check_snippet_body(snippet: Snippet) -> list[Problem]:
    """Jinja syntax of the body, and variables it uses without declaring them."""
    from jinja2 import TemplateSyntaxError, meta

    try:
        tree = parse_bounded(text_environment(), snippet.body)
    except TemplateSyntaxError as error:
        return [Problem(snippet.path, snippet.body_line + (error.lineno or 1) - 1, None,
                        _("template syntax: {error}").format(error=explain_jinja(error.message or "")))]
    declared = set(snippet.header.variables) | set(TEXT_FUNCTIONS)
    forbidden = [Problem(snippet.path, snippet.body_line + line - 1, None,
                         _("'{tag}' cannot be used in snippets").format(tag=f"{{% {tag} %}}"),
                         hint=_("use {call} to include another snippet").format(
                             call='{{ snippet("name") }}'))
                 for line, tag in forbidden_tags(tree)]
    return forbidden + [
        Problem(snippet.path, snippet.body_line + line_of(snippet.body, name), None,
                _("unknown variable '{name}' in snippet '{snippet}'").format(name=name,
                                                                             snippet=snippet.name),
                hint=_("declare it in the front matter under 'variables:' ({name}: default text)"
                       ).format(name=name))
        for name in sorted(meta.find_undeclared_variables(tree) - declared)]


def unknown_snippet(name: str, known: list[str]) -> str:
    """"unknown snippet 'x'", with a close name suggested where there is one."""
    message = _("unknown snippet '{name}'{suggestion}")
    return message.format(name=name, suggestion=did_you_mean(name, known))


def line_of(text: str, needle: str) -> int:
    """The 0-based line of the first occurrence of ``needle`` in ``text`` (0 if absent)."""
    for number, line in enumerate(text.split("\n")):
        if needle in line:
            return number
    return 0


_SNIPPET_CALL = re.compile(r"""snippet\(\s*["']([^"']+)["']""")


def snippet_usage(files: list[Path]) -> dict[str, dict[Path, int]]:
    """How often each snippet is called, per file (answer files and snippets alike)."""
    usage: dict[str, dict[Path, int]] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the file's own check
        for match in _SNIPPET_CALL.finditer(text):
            counts = usage.setdefault(match.group(1), {})
            counts[path] = counts.get(path, 0) + 1
    return usage


@frozen
class SnippetEntry:
    """One snippet as ``snippets list`` and ``snippets search`` show it."""

    name: str
    snippet: Snippet | None  # None when its file has errors
    used_in: dict[Path, int]  # answer files (and other snippets) that call it, how often

    @property
    def title(self) -> str:
        return (self.snippet.header.title or "") if self.snippet else ""

    @property
    def tags(self) -> list[str]:
        return list(self.snippet.header.tags) if self.snippet else []


def snippet_entries(library: SnippetLibrary, answer_files: list[Path]) -> list[SnippetEntry]:
    names = library.names()
    usage = snippet_usage(answer_files + [library.path_of(name) for name in names])
    return [SnippetEntry(name, library.get(name)[0],
                         {p: n for p, n in usage.get(name, {}).items() if p != library.path_of(name)})
            for name in names]


def search_snippets(entries: list[SnippetEntry], words: list[str]) -> list[tuple[int, SnippetEntry]]:
    """Snippets that contain every word (in name, title, tags, description or text), best first.

    Case and umlaut spelling do not matter ("Massnahme" finds "Maßnahme", "ae" finds "ä").
    """
    wanted = [_fold(word) for word in words if word.strip()]
    hits = []
    for entry in entries:
        if entry.snippet is None:
            continue
        header = entry.snippet.header
        fields = {3: f"{entry.name} {header.title or ''} {' '.join(header.tags)}",
                  2: header.description or "", 1: entry.snippet.body}
        folded = {weight: _fold(text) for weight, text in fields.items()}
        if all(any(word in text for text in folded.values()) for word in wanted):
            score = sum(weight * text.count(word) for word in wanted for weight, text in folded.items())
            hits.append((score, entry))
    return sorted(hits, key=lambda hit: (-hit[0], hit[1].name))


def _fold(text: str) -> str:
    folded = text.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(umlaut, spelled)
    return folded


def render_snippet_preview(snippet: Snippet) -> str:
    """The snippet with its defaults filled in; a variable without default shows as «name»."""
    from jinja2 import TemplateError

    values = {name: default if default is not None else f"«{name}»"
              for name, default in snippet.header.variables.items()}
    try:
        return render_bounded(compiled_text(snippet.body), {
            **values, "ref": lambda question_id: f"«{question_id}»",
            "snippet": lambda name, **_given: _("«snippet {name}»").format(name=name)})
    except (TemplateError, TypeError, ValueError, LookupError, ArithmeticError, BudgetError) as error:
        return _("(cannot be filled in: {error})").format(error=explain_failure(error))
