"""Stage two of resolving: texts filled in, in the sandbox: ``ref()``, ``snippet()`` and the phrases.

Runs only on a file that passed validation, so what fails here is what no static check can see (a
snippet that includes itself, a phrase whose value breaks at run time); each failure becomes a
problem at its place.
"""

from __future__ import annotations

from typing import Any

from .. import model
from ..errors import BudgetError, Problem
from ..i18n import _
from ..markup import parse_markdown
from ..sandbox import MAX_SNIPPET_DEPTH, render_bounded
from ..snippets import compiled_text, explain_failure, has_jinja, unknown_snippet
from ..yamlfile import PathKey
from .context import FileContext, unknown_question

# Marks where a ref() ended, for the one moment between rendering and reading the text (a character
# of Unicode's private use area, which no one types).
_REF_END = "\ue000"


class _FillFailure(Exception):
    """Raised inside ref()/snippet() while rendering; turned into a located problem."""


class TextFiller:
    """Fills the texts of one answer file; remembers what the archive keeps of them."""

    def __init__(self, ctx: FileContext):
        self.ctx = ctx
        self.phrase_values = phrase_context(ctx)

    def markdown(self, path: PathKey, text: str) -> tuple[model.Block, ...]:
        """Fill in ref() and snippet(), then read the Markdown; failures become located problems."""
        try:
            resolved = self.text(text, stack=())
        except _FillFailure as failure:
            self.ctx.error(path, str(failure))
            return ()
        self.ctx.resolved_texts[path] = resolved
        return parse_markdown(resolved)

    def text(self, text: str, stack: tuple[str, ...], variables: dict[str, str] | None = None) -> str:
        from jinja2 import TemplateError
        from jinja2.exceptions import SecurityError

        if not has_jinja(text):
            return text
        try:
            rendered = render_bounded(compiled_text(text), {
                **(variables or {}), "ref": self.ref,
                "snippet": lambda name, **given: self.snippet(name, given, stack)})
            if stack:  # inside a snippet: the sentence may end in the text that inserts it
                return rendered
            return rendered.replace("." + _REF_END + ".", ".").replace(_REF_END, "")
        except _FillFailure:
            raise
        except BudgetError as error:
            raise _FillFailure(str(error)) from None
        except SecurityError as error:
            raise _FillFailure(_('the text tries to reach inside the program ({error}); '
                                 'only ref("id") and snippet("name") can be used').format(
                                     error=error)) from None
        except (TemplateError, TypeError, ValueError, LookupError, ArithmeticError) as error:
            # TypeError: what Jinja raises for tags it cannot run without a loader.
            raise _FillFailure(_("cannot fill in the text: {error}").format(
                error=explain_failure(error))) from None

    def ref(self, question_id: Any) -> str:
        """The question's number as printed ("1.", "2 b)"), marked so that a full stop typed after
        "1." is not printed twice: "siehe {{ ref("a") }}." reads "siehe 1.", as in German print."""
        number = self.ctx.numbers.get(str(question_id))
        if number is None:
            raise _FillFailure(unknown_question(str(question_id), self.ctx.numbers))
        return number + _REF_END

    def snippet(self, name: Any, given: dict[str, Any], stack: tuple[str, ...]) -> str:
        name = str(name)
        library = self.ctx.snippets
        if name in stack:
            cycle = " → ".join((*stack[stack.index(name):], name))
            raise _FillFailure(_("snippets include each other in a cycle: {cycle}").format(cycle=cycle))
        if len(stack) >= MAX_SNIPPET_DEPTH:
            raise _FillFailure(_("snippets are nested more than {depth} deep: {chain}").format(
                depth=MAX_SNIPPET_DEPTH, chain=" → ".join((*stack, name))))
        if not library.exists(name):
            raise _FillFailure(unknown_snippet(name, library.names()))
        snippet, snippet_problems = library.get(name)
        if snippet is None:
            self.ctx.report_snippet_problems(snippet_problems)
            raise _FillFailure(_("snippet '{name}' has errors").format(name=name))
        self.ctx.check_snippet_body(snippet)
        self.ctx.snippets_used[name] = snippet.path
        missing = [v for v in snippet.required_variables if v not in given]
        if missing:
            raise _FillFailure(_("snippet '{name}' needs the variable '{variable}'").format(
                name=name, variable=missing[0]))
        values = {**snippet.defaults, **{k: str(v) for k, v in given.items()}}
        return self.text(snippet.body, (*stack, name), values)

    def phrase(self, name: str, phrase: str, **extra: str) -> str:
        """The phrase ``name`` (its text ``phrase``) filled in with the letter's data and ``extra``
        (``number``, ``numbers`` …); a failure is reported where the phrase was set."""
        from jinja2 import TemplateError

        if not has_jinja(phrase):
            return phrase
        try:
            return render_bounded(compiled_text(phrase), {**self.phrase_values, **extra})
        except (TemplateError, TypeError, ValueError, LookupError, ArithmeticError,
                BudgetError) as error:
            reason = str(error) if isinstance(error, BudgetError) else explain_failure(error)
            report_phrase(self.ctx, name, _("the phrase '{name}' cannot be filled in: {error}").format(
                name=name, error=reason),
                hint=_("the phrase is: {phrase}").format(phrase=phrase))
            return phrase


def report_phrase(ctx: FileContext, name: str, message: str, hint: str | None = None) -> None:
    """A problem with the phrase ``name``, at its line where a file set it, else at the answer file."""
    source = ctx.phrases.source(name)
    if source.document is not None:
        ctx.problems.append(source.document.problem(source.path, message, hint=hint))
    else:
        ctx.problems.append(Problem(ctx.loaded.path, None, None, message, hint))


def inquiry_info(ctx: FileContext) -> model.InquiryInfo:
    inquiry = ctx.parts.inquiry
    assert inquiry is not None
    return model.InquiryInfo(inquiry.date, inquiry.subject, inquiry.questioner,
                             inquiry.reference, inquiry.kind, inquiry.received)


def phrase_context(ctx: FileContext) -> dict[str, Any]:
    """What phrases can use: the inquiry and the letter's values, dates as printed ("" when absent)."""
    details = ctx.parts.letter
    if ctx.parts.inquiry is None or details is None:
        return {}
    contact = details.contact or ctx.workspace.office_for(ctx.template).contact
    answer_by = details.answer_by
    return {
        "inquiry": model.printable_inquiry(inquiry_info(ctx)),
        "letter": {
            "date": model.format_date(details.date),
            "date_long": model.format_date_long(details.date),
            "file_ref": details.file_ref or "",
            "contact": {key: getattr(contact, key, None) or ""
                        for key in ("name", "phone", "email", "room")},
            "answer_by": model.format_date(answer_by) if answer_by else "",
            "answer_by_long": model.format_date_long(answer_by) if answer_by else "",
            "drucksache": details.drucksache or "",
            "issued": model.format_date(details.issued) if details.issued else "",
        },
    }


def full_stop(sentence: str) -> str:
    """A sentence ends with a full stop, also when it ends with a number such as "1. a)"."""
    return sentence if sentence.endswith((".", "!", "?", ":")) else sentence + "."
