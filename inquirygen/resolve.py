"""Validated answers → a resolved letter: numbers, references, snippets, phrases and the salutation.

Everything that can be checked before writing is checked here, all at once: question ids, ``see:``
targets, ``ref()`` and ``snippet()`` calls and their variables, the signatory, the salutation. Nothing is
rendered unless the whole file is clean, so a letter is never written with a hole in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model
from .errors import Problem, display_path
from .loader import LoadedAnswers, did_you_mean
from .markup import parse_markdown
from .numbering import NumberedEntry, format_number_list, number_questions
from .schema import Signatory
from .snippets import (
    TEXT_FUNCTIONS,
    Snippet,
    SnippetLibrary,
    check_snippet_body,
    compiled_text,
    forbidden_tags,
    has_jinja,
    line_of,
    text_environment,
)
from .workspace import CONFIG_NAME, Workspace
from .yamlfile import PathKey

_FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_TEXT = re.compile(r"^[ \t]*\[\^([^\]\s]+)\]:", re.MULTILINE)


class _ResolveFailure(Exception):
    """Raised inside ref()/snippet() while rendering; turned into a located problem."""


@dataclass
class _Call:
    function: str
    args: list[Any]
    kwargs: dict[str, Any]
    line: int  # 1-based, in the text being analysed
    constant: bool
    column: int = 0  # 0-based, of the function name on its line


@dataclass
class LetterResolver:
    """Resolves the answer files of one workspace; snippets are read once for all of them."""

    workspace: Workspace
    snippets: SnippetLibrary = field(init=False)

    def __post_init__(self):
        self.snippets = self.workspace.snippet_library()

    def resolve(self, loaded: LoadedAnswers, problems: list[Problem]) -> model.Letter | None:
        """The resolved letter, or ``None`` with every problem appended (warnings do not stop it)."""
        return _FileResolution(self, loaded, problems).run()


class _FileResolution:
    def __init__(self, resolver: LetterResolver, loaded: LoadedAnswers, problems: list[Problem]):
        self.workspace = resolver.workspace
        self.snippets = resolver.snippets
        self.loaded = loaded
        self.document = loaded.document
        self.parts = loaded.parts
        self.problems = problems
        self.errors_before = sum(1 for p in problems if p.is_error)
        self.numbers: dict[str, str] = {}  # question id → reference form ("1.", "1. a)")
        self.resolved_texts: dict[PathKey, str] = {}
        self.snippets_used: dict[str, Path] = {}
        self.entries_by_id: dict[str, NumberedEntry] = {}
        self.reported_snippet_files: set[Path] = set()

    # -- helpers -------------------------------------------------------------------------------

    def error(self, path: PathKey, message: str, hint: str | None = None, *, key: bool = False,
              severity: str = "error", code: str | None = None) -> None:
        self.problems.append(self.document.problem(path, message, key=key, hint=hint,
                                                   severity=severity, code=code))

    def error_in_text(self, path: PathKey, text_line: int, needle: str | None, text: str,
                      message: str, hint: str | None = None, severity: str = "error",
                      after: int = 0, code: str | None = None) -> None:
        """A problem inside a text value, at the line (and, if found, the column) of ``needle``.

        ``after`` is where on the line to start looking, so that two calls on one line are told apart.
        """
        lines = text.split("\n")
        column = after
        if needle and 0 <= text_line < len(lines):
            found = lines[text_line].find(needle, after)
            column = found if found >= 0 else after
        line, col = self.document.locate_in_text(path, text_line, column)
        self.problems.append(Problem(self.loaded.path, line, col, message, hint, severity, code))

    def has_new_errors(self) -> bool:
        return sum(1 for p in self.problems if p.is_error) > self.errors_before

    # -- the passes ----------------------------------------------------------------------------

    def run(self) -> model.Letter | None:
        parts = self.parts
        settings = self.workspace.config.numbering
        entries = number_questions(parts.questions, settings)
        self.register_entries(entries)
        groups = self.joint_groups(entries)
        signatory = self.resolve_signatory() if parts.letter else None
        salutation = self.derive_salutation() if parts.recipient else None
        template = self.resolve_template() if parts.letter else None
        if parts.letter and parts.inquiry:
            self.check_template_needs(template or self.workspace.template_path)
        for entry in entries:
            self.check_entry(entry, groups)
        for index, remark in enumerate(parts.remarks):
            if remark is not None:
                self.check_text(("remarks", index, "text"), remark.text, None)
        for key in ("closing_remarks", "body"):
            text = getattr(parts, key)
            if text is not None:
                self.check_text((key,), text, None)
        self.check_letter_shape()
        if self.loaded.answers is None or self.has_new_errors():
            return None

        answers = self.layout_answers(entries, groups)
        remarks = tuple(model.Section(remark.title, self.render_markdown(("remarks", i, "text"),
                                                                          remark.text))
                        for i, remark in enumerate(parts.remarks))
        body = self.render_markdown(("body",), parts.body) if parts.body is not None else ()
        closing_remarks = self.render_markdown(("closing_remarks",), parts.closing_remarks) \
            if parts.closing_remarks is not None else ()
        details = parts.letter
        phrases = self.workspace.config.phrases
        phrase_context = self.phrase_context()
        if details.intro is not None:
            intro = details.intro
        elif entries:  # a letter without numbered questions has no "beantworte ich wie folgt"
            intro = self.render_phrase(phrases.intro, phrase_context)
        else:
            intro = None
        closing = details.closing if details.closing is not None else \
            self.render_phrase(phrases.closing, phrase_context)
        if self.has_new_errors():
            return None
        office = self.office_for(template)
        contact = details.contact or office.contact
        return model.Letter(
            source=self.loaded.path,
            office=model.Office(office.name, tuple(office.letterhead), office.return_address,
                                tuple(office.footer)),
            inquiry=self.inquiry_info(),
            recipient_address=tuple(parts.recipient.address),
            salutation=salutation,
            date=details.date,
            signatory=signatory,
            intro=intro,
            answers=answers,
            closing=closing,
            file_ref=details.file_ref,
            contact=model.Contact(**contact.model_dump()) if contact else model.Contact(),
            remarks=remarks,
            body=body,
            closing_remarks=closing_remarks,
            enclosures=tuple(details.enclosures),
            copies_to=tuple(details.copies_to),
            template=template,
            intro_given=details.intro,
            resolved_texts=dict(self.resolved_texts),
            snippets_used=tuple(self.snippets_used[name] for name in sorted(self.snippets_used)),
        )

    def register_entries(self, entries: list[NumberedEntry]) -> None:
        """Ids and numbers must each be unique; references print the reference form of a number."""
        by_id: dict[str, NumberedEntry] = {}
        by_number: dict[str, NumberedEntry] = {}
        for entry in entries:
            if entry.number:
                first = by_number.get(entry.number)
                if first is not None:
                    where = entry.path + (("number",) if entry.question.number else ("question",))
                    first_line, _ = self.document.locate(first.path)
                    self.error(where, f"question number '{entry.number}' is used twice (first at "
                                      f"line {first_line})",
                               hint="give this question its own 'number:' as the inquiry numbers it",
                               key=not entry.question.number)
                else:
                    by_number[entry.number] = entry
            if entry.id is None:
                continue
            if entry.id in by_id:
                first_line, _ = self.document.locate(by_id[entry.id].path + ("id",))
                self.error(entry.path + ("id",),
                           f"question id '{entry.id}' is used twice (first at line {first_line})",
                           hint="give each question its own id")
                continue
            by_id[entry.id] = entry
            self.numbers[entry.id] = entry.reference
        self.entries_by_id = by_id

    def joint_groups(self, entries: list[NumberedEntry]) -> dict[str, list[NumberedEntry]]:
        """Questions answered together, by the id of the question that carries the response."""
        groups: dict[str, list[NumberedEntry]] = {}
        for entry in entries:
            target = getattr(entry.question, "together_with", None)
            if target is None:
                continue
            path = entry.path + ("together_with",)
            root = self.entries_by_id.get(target)
            if target == entry.id:
                self.error(path, f"question '{target}' cannot be answered together with itself")
            elif root is None:
                self.error(path, f"unknown question id '{target}'"
                                 f"{did_you_mean(target, self.entries_by_id)}")
            elif root.sub or getattr(root.question, "together_with", None) is not None:
                self.error(path, f"question '{target}' does not carry a response of its own",
                           hint="name the question whose response answers the whole group")
            elif (entry.question.response or "").strip() or entry.question.see is not None:
                self.error(path, "a question answered together with another has no response "
                                 "or 'see:' of its own",
                           hint=f"move the text into the response of '{target}'")
            elif entry.question.parts or root.question.parts:
                self.error(path, "questions with sub-questions cannot be answered together")
            else:
                groups.setdefault(target, [root]).append(entry)
        return groups

    def resolve_template(self) -> Path | None:
        name = self.parts.letter.template
        if name is None:
            return None
        path = self.workspace.named_template(name)
        if path is None:
            known = self.workspace.template_names()
            self.error(("letter", "template"), f"unknown template '{name}'{did_you_mean(name, known)}",
                       hint=f"templates: {', '.join(known)}" if known else None)
        return path

    def office_for(self, template: Path | None):
        """The office as inquirygen.yaml describes it for this letter's template."""
        config = self.workspace.config
        if template is not None and template.stem in config.template_offices:
            return config.template_offices[template.stem]
        return config.office

    def check_template_needs(self, template: Path) -> None:
        """Values the template prints unconditionally must be in the answer file."""
        from .errors import TemplateError
        from .render.docx import OPTIONAL_VALUES, template_requirements

        try:
            needs = template_requirements(template)
        except TemplateError as error:
            self.problems.append(error.as_problem(template))
            return
        contact = self.parts.letter.contact or self.office_for(template).contact
        sections = {"inquiry": self.parts.inquiry, "letter": self.parts.letter, "contact": contact}
        for name in sorted(needs):
            keys = OPTIONAL_VALUES[name]
            value = getattr(sections[keys[-2]], keys[-1], None) if sections[keys[-2]] else None
            if value not in (None, ""):
                continue
            where = "/".join(str(k) for k in keys[:-1])
            self.error(keys[:-1], f"the template '{template.name}' needs '{keys[-1]}' under "
                                  f"'{where}'", hint=f"add '{keys[-1]}:' under '{keys[-2]}:'",
                       key=True)

    def check_letter_shape(self) -> None:
        parts = self.parts
        if parts.body is not None and parts.questions:
            self.error(("body",), "write either 'body' (a letter without numbered questions) or "
                                  "'questions', not both", key=True)
        elif parts.body is None and not parts.questions and self.loaded.answers is not None:
            self.problems.append(Problem(self.loaded.path, 1, 1,
                                         "the letter has neither 'questions' nor a 'body'",
                                         hint="add 'questions:', or 'body: |' for a letter "
                                              "without numbered questions"))

    def layout_answers(self, entries: list[NumberedEntry], groups: dict[str, list[NumberedEntry]]
                       ) -> tuple[model.Answer, ...]:
        """Answers in reading order; a joint group stands where its first question stands."""
        grouped = {id(member): root_id for root_id, members in groups.items() for member in members}
        answers: list[model.Answer] = []
        for entry in entries:
            root_id = grouped.get(id(entry))
            if root_id is None:
                answers.append(model.Answer((self.numbered(entry),), self.render_response(entry)))
                continue
            members = sorted(groups[root_id], key=lambda member: member.index)
            if members[0] is not entry:
                continue  # printed with its group
            root = self.entries_by_id[root_id]
            numbers = format_number_list([m.number for m in members],
                                         self.workspace.config.numbering.ranges)
            sentence = self.render_phrase(self.workspace.config.phrases.joint,
                                          {**self.phrase_context(), "numbers": numbers})
            blocks = parse_markdown(_escape_markdown(sentence)) + self.render_response(root)
            answers.append(model.Answer(tuple(self.numbered(m) for m in members), blocks))
        return tuple(answers)

    @staticmethod
    def numbered(entry: NumberedEntry) -> model.NumberedQuestion:
        return model.NumberedQuestion(entry.label, _question_text(entry.question.question),
                                      entry.number, entry.reference, entry.id, entry.sub)

    def resolve_signatory(self) -> model.Signatory:
        choice = self.parts.letter.signatory
        if isinstance(choice, Signatory):
            image = self.signature_image(choice, self.document, ("letter", "signatory", "signature"))
            return model.Signatory(choice.name, choice.title, choice.capacity, image,
                                   choice.signature_alt)
        known = self.workspace.config.signatories
        if choice not in known:
            if known:
                hint = f"signatories in {CONFIG_NAME}: {', '.join(known)}"
            else:
                hint = (f"define it under 'signatories:' in {CONFIG_NAME}, "
                        "or write 'name:' (and 'title:') under 'signatory:'")
            self.error(("letter", "signatory"),
                       f"unknown signatory '{choice}'{did_you_mean(choice, known)}", hint=hint)
            return model.Signatory(choice)
        entry = known[choice]
        image = self.signature_image(entry, self.workspace.config_document,
                                     ("signatories", choice, "signature"))
        return model.Signatory(entry.name, entry.title, entry.capacity, image, entry.signature_alt)

    def signature_image(self, signatory: Signatory, document, path: PathKey) -> Path | None:
        """The checked image file of a signatory: PNG or JPEG, inside the workspace."""
        if signatory.signature is None:
            return None
        image = self.workspace.root / signatory.signature
        problem = None
        if not self.workspace.contains(image):
            problem = (f"the signature image '{signatory.signature}' lies outside the workspace",
                       "keep signature images in the workspace folder, e.g. signatures/")
        elif not image.is_file():
            problem = (f"signature image '{signatory.signature}' not found",
                       f"the path is relative to {display_path(self.workspace.root)}/")
        elif _image_kind(image) is None:
            problem = (f"'{signatory.signature}' is not a PNG or JPEG image", None)
        if problem is None:
            return image.resolve()
        if document is None:  # pragma: no cover - a configured signatory always has its document
            self.problems.append(Problem(self.loaded.path, None, None, problem[0], problem[1]))
        else:
            self.problems.append(document.problem(path, problem[0], hint=problem[1]))
        return None

    def derive_salutation(self) -> str:
        """"Sehr geehrte Frau Krieg," from ``Frau Krieg``; a full line ending in ',' as it is."""
        given = self.parts.recipient.salutation
        if given is None:
            return self.workspace.config.phrases.salutation_default
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
        self.error(("recipient", "salutation"),
                   f"cannot tell the salutation from '{text}'",
                   hint="start with 'Frau' or 'Herr' (e.g. 'Frau Dr. Krieg'), "
                        "or write the whole line ending in ',' (e.g. 'Liebe Frau Krieg,')")
        return text

    def check_entry(self, entry: NumberedEntry, groups: dict[str, list[NumberedEntry]]) -> None:
        question = entry.question
        if question.see is not None:
            self.check_reference(entry.path + ("see",), question.see, question.id)
        answered_jointly = getattr(question, "together_with", None) is not None
        blank = question.response is None or not question.response.strip()
        if blank and question.see is None and not answered_jointly \
                and not getattr(question, "parts", None):
            self.error(entry.path + ("question",),
                       f"question {entry.label} has no response yet (unanswered)",
                       hint="write 'response: |' with the answer below it, or 'see:' with a question id",
                       key=True, severity="warning", code="unanswered")
        if question.response is not None:
            self.check_text(entry.path + ("response",), question.response, question.id)

    def check_reference(self, path: PathKey, target: str, own_id: str | None) -> bool:
        if target == own_id:
            self.error(path, f"question '{target}' refers to itself",
                       hint="a reference must name another question")
            return False
        if target not in self.numbers:
            self.error(path, f"unknown question id '{target}'{did_you_mean(target, self.numbers)}",
                       hint=None if self.numbers else "give the question you mean an 'id:'")
            return False
        return True

    def check_text(self, path: PathKey, text: str, own_id: str | None) -> None:
        """Static checks of the Jinja in a response: syntax, names, every ref() and snippet() call."""
        from jinja2 import TemplateSyntaxError, meta

        self.check_footnotes(path, text)
        if not has_jinja(text):
            return
        environment = text_environment()
        try:
            tree = environment.parse(text)
        except TemplateSyntaxError as error:
            line = (error.lineno or 1) - 1
            self.error_in_text(path, line, "{", text, f"template syntax: {error.message}",
                               hint=_syntax_hint(text, line))
            return
        for name in sorted(meta.find_undeclared_variables(tree) - set(TEXT_FUNCTIONS)):
            line = line_of(text, name)
            self.error_in_text(path, line, name, text, f"unknown name '{name}' in the response",
                               hint='only ref("id") and snippet("name") can be used inside {{ }}')
        for line, tag in forbidden_tags(tree):
            self.error_in_text(path, line - 1, "{%", text, f"'{{% {tag} %}}' cannot be used in answers",
                               hint='reuse text with {{ snippet("name") }} instead')
        for call in _calls(tree, text):
            if not call.constant:
                self.error_in_text(path, call.line - 1, call.function, text,
                                   f"{call.function}() needs its arguments in quotes, "
                                   f'like {call.function}("name")')
                continue
            if call.function == "ref":
                self.check_ref_call(path, call, text, own_id)
            else:
                self.check_snippet_call(path, call, text)

    def check_footnotes(self, path: PathKey, text: str) -> None:
        """Every ``[^x]`` needs its ``[^x]: …`` line, or it would be printed as it stands."""
        defined = {m.group(1): m for m in _FOOTNOTE_TEXT.finditer(text)}
        used = set()
        for match in _FOOTNOTE_MARK.finditer(text):
            label = match.group(1)
            used.add(label)
            if label not in defined:
                line = text.count("\n", 0, match.start())
                self.error_in_text(path, line, match.group(), text,
                                   f"footnote [^{label}] has no text",
                                   hint=f"add a line '[^{label}]: …' after the paragraph")
        for label, match in defined.items():
            if label not in used:
                line = text.count("\n", 0, match.start())
                self.error_in_text(path, line, match.group().strip(), text,
                                   f"footnote [^{label}] is never marked in the text",
                                   hint=f"write [^{label}] where the footnote belongs",
                                   severity="warning", code="unused-footnote")

    def check_ref_call(self, path: PathKey, call: _Call, text: str, own_id: str | None) -> None:
        if len(call.args) != 1 or call.kwargs:
            self.error_in_text(path, call.line - 1, "ref", text,
                               'ref() takes exactly one question id, like ref("schulung")',
                               after=call.column)
            return
        target = str(call.args[0])
        if target == own_id:
            self.error_in_text(path, call.line - 1, target, text,
                               f"question '{target}' refers to itself", after=call.column)
        elif target not in self.numbers:
            self.error_in_text(path, call.line - 1, target, text,
                               f"unknown question id '{target}'{did_you_mean(target, self.numbers)}",
                               after=call.column)

    def check_snippet_call(self, path: PathKey, call: _Call, text: str) -> None:
        if len(call.args) != 1:
            self.error_in_text(path, call.line - 1, "snippet", text,
                               'snippet() takes one name and named variables, '
                               'like snippet("frist", tage="14")', after=call.column)
            return
        name = str(call.args[0])
        if not self.snippets.exists(name):
            known = self.snippets.names()
            self.error_in_text(path, call.line - 1, name, text,
                               f"unknown snippet '{name}'{did_you_mean(name, known)}",
                               hint=f"snippets live in {display_path(self.snippets.directory)}/"
                                    f"<name>.md", after=call.column)
            return
        snippet, snippet_problems = self.snippets.get(name)
        self.report_snippet_problems(snippet_problems)
        if snippet is None:
            return
        missing = [v for v in snippet.required_variables if v not in call.kwargs]
        for variable in missing:
            self.error_in_text(path, call.line - 1, name, text,
                               f"snippet '{name}' needs the variable '{variable}'",
                               hint=f'write snippet("{name}", {variable}="…")', after=call.column)
        for variable in call.kwargs:
            if variable not in snippet.header.variables:
                self.error_in_text(
                    path, call.line - 1, variable, text,
                    f"snippet '{name}' has no variable '{variable}'"
                    f"{did_you_mean(variable, snippet.header.variables)}",
                    severity="warning", after=call.column, code="unknown-variable")
        self.check_snippet_body(snippet)

    def check_snippet_body(self, snippet: Snippet) -> None:
        if snippet.path in self.reported_snippet_files:
            return
        self.reported_snippet_files.add(snippet.path)
        self.problems.extend(check_snippet_body(snippet))

    def report_snippet_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem not in self.problems:
                self.problems.append(problem)

    # -- rendering -----------------------------------------------------------------------------

    def render_response(self, entry: NumberedEntry) -> tuple[model.Block, ...]:
        question = entry.question
        blocks: list[model.Block] = []
        if question.see is not None:
            sentence = self.render_phrase(self.workspace.config.phrases.reference,
                                          {**self.phrase_context(), "number": self.numbers[question.see]})
            blocks.extend(parse_markdown(_escape_markdown(_full_stop(sentence))))
        if question.response is not None:
            blocks.extend(self.render_markdown(entry.path + ("response",), question.response))
        return tuple(blocks)

    def render_markdown(self, path: PathKey, text: str) -> tuple[model.Block, ...]:
        """Fill in ref() and snippet(), then read the Markdown; failures become located problems."""
        try:
            resolved = self.render_text(text, stack=())
        except _ResolveFailure as failure:
            self.error(path, str(failure))
            return ()
        self.resolved_texts[path] = resolved
        return parse_markdown(resolved)

    def render_text(self, text: str, stack: tuple[str, ...], variables: dict | None = None) -> str:
        from jinja2 import TemplateError
        from jinja2.exceptions import SecurityError

        if not has_jinja(text):
            return text
        try:
            return compiled_text(text).render(**(variables or {}), ref=self.ref,
                                              snippet=lambda name, **given: self.snippet(name, given,
                                                                                         stack))
        except _ResolveFailure:
            raise
        except SecurityError as error:
            raise _ResolveFailure(f"the text tries to reach inside the program ({error}); "
                                  'only ref("id") and snippet("name") can be used') from None
        except (TemplateError, TypeError, ValueError) as error:
            # TypeError: what Jinja raises for tags it cannot run without a loader.
            raise _ResolveFailure(f"cannot fill in the text: {error}") from None

    def ref(self, question_id: Any) -> str:
        number = self.numbers.get(str(question_id))
        if number is None:
            raise _ResolveFailure(f"unknown question id '{question_id}'"
                                  f"{did_you_mean(str(question_id), self.numbers)}")
        return number

    def snippet(self, name: Any, given: dict, stack: tuple[str, ...]) -> str:
        name = str(name)
        if name in stack:
            cycle = " → ".join((*stack[stack.index(name):], name))
            raise _ResolveFailure(f"snippets include each other in a cycle: {cycle}")
        if not self.snippets.exists(name):
            raise _ResolveFailure(f"unknown snippet '{name}'{did_you_mean(name, self.snippets.names())}")
        snippet, snippet_problems = self.snippets.get(name)
        if snippet is None:
            self.report_snippet_problems(snippet_problems)
            raise _ResolveFailure(f"snippet '{name}' has errors")
        self.check_snippet_body(snippet)
        self.snippets_used[name] = snippet.path
        missing = [v for v in snippet.required_variables if v not in given]
        if missing:
            raise _ResolveFailure(f"snippet '{name}' needs the variable '{missing[0]}'")
        values = {**snippet.defaults, **{k: str(v) for k, v in given.items()}}
        return self.render_text(snippet.body, (*stack, name), values)

    def inquiry_info(self) -> model.InquiryInfo:
        inquiry = self.parts.inquiry
        return model.InquiryInfo(inquiry.date, inquiry.subject, inquiry.questioner,
                                 inquiry.reference, inquiry.kind, inquiry.received)

    def phrase_context(self) -> dict[str, Any]:
        details = self.parts.letter
        return {
            "inquiry": model.printable_inquiry(self.inquiry_info()),
            "letter": {
                "date": model.format_date(details.date),
                "date_long": model.format_date_long(details.date),
            },
        }

    def render_phrase(self, phrase: str, context: dict[str, Any]) -> str:
        from jinja2 import TemplateError

        try:
            return compiled_text(phrase).render(**context)
        except (TemplateError, TypeError) as error:
            config = self.workspace.config_path or Path(CONFIG_NAME)
            self.problems.append(Problem(config, None, None,
                                         f"a standard phrase cannot be filled in: {error}",
                                         hint=f"the phrase is: {phrase}"))
            return phrase


def _full_stop(sentence: str) -> str:
    """A sentence ends with a full stop, also when it ends with a number such as "1. a)"."""
    return sentence if sentence.endswith((".", "!", "?", ":")) else sentence + "."


def _question_text(text: str) -> str:
    # The question is quoted as asked: line breaks of the YAML source are not the inquiry's.
    return " ".join(part.strip() for part in text.strip().split("\n") if part.strip())


def _escape_markdown(text: str) -> str:
    # A standard phrase is plain text; keep '*' and '_' in it from turning into emphasis.
    return "".join("\\" + c if c in "\\*_[]<>`#" else c for c in text)


def _calls(tree, text: str) -> list[_Call]:
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
            calls.append(_Call(
                node.node.name,
                [a.value for a in node.args if isinstance(a, nodes.Const)],
                {k.key: k.value.value for k in node.kwargs if isinstance(k.value, nodes.Const)},
                node.lineno, constant))
            line = lines[node.lineno - 1] if 0 < node.lineno <= len(lines) else ""
            column = line.find(f"{node.node.name}(", searched_from.get(node.lineno, 0))
            calls[-1].column = max(column, 0)
            searched_from[node.lineno] = calls[-1].column + 1
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
