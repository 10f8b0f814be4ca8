"""Stage two of resolving: texts filled in, in the sandbox: ``ref()``, ``snippet()`` and the phrases.

Runs only on a file that passed validation, so what fails here is what no static check can see (a
snippet that includes itself, a phrase whose value breaks at run time); each failure becomes a
problem at its place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import model
from ..errors import Problem
from ..loader import did_you_mean
from ..markup import parse_markdown
from ..snippets import compiled_text, has_jinja
from ..workspace import CONFIG_NAME
from ..yamlfile import PathKey
from .context import FileContext


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
            rendered: str = compiled_text(text).render(
                **(variables or {}), ref=self.ref,
                snippet=lambda name, **given: self.snippet(name, given, stack))
            return rendered
        except _FillFailure:
            raise
        except SecurityError as error:
            raise _FillFailure(f"the text tries to reach inside the program ({error}); "
                               'only ref("id") and snippet("name") can be used') from None
        except (TemplateError, TypeError, ValueError) as error:
            # TypeError: what Jinja raises for tags it cannot run without a loader.
            raise _FillFailure(f"cannot fill in the text: {error}") from None

    def ref(self, question_id: Any) -> str:
        number = self.ctx.numbers.get(str(question_id))
        if number is None:
            raise _FillFailure(f"unknown question id '{question_id}'"
                               f"{did_you_mean(str(question_id), self.ctx.numbers)}")
        return number

    def snippet(self, name: Any, given: dict[str, Any], stack: tuple[str, ...]) -> str:
        name = str(name)
        library = self.ctx.snippets
        if name in stack:
            cycle = " → ".join((*stack[stack.index(name):], name))
            raise _FillFailure(f"snippets include each other in a cycle: {cycle}")
        if not library.exists(name):
            raise _FillFailure(f"unknown snippet '{name}'{did_you_mean(name, library.names())}")
        snippet, snippet_problems = library.get(name)
        if snippet is None:
            self.ctx.report_snippet_problems(snippet_problems)
            raise _FillFailure(f"snippet '{name}' has errors")
        self.ctx.check_snippet_body(snippet)
        self.ctx.snippets_used[name] = snippet.path
        missing = [v for v in snippet.required_variables if v not in given]
        if missing:
            raise _FillFailure(f"snippet '{name}' needs the variable '{missing[0]}'")
        values = {**snippet.defaults, **{k: str(v) for k, v in given.items()}}
        return self.text(snippet.body, (*stack, name), values)

    def phrase(self, phrase: str, **extra: str) -> str:
        """A standard phrase filled in with the letter's data (and ``number`` or ``numbers``)."""
        from jinja2 import TemplateError

        try:
            rendered: str = compiled_text(phrase).render(**self.phrase_values, **extra)
            return rendered
        except (TemplateError, TypeError) as error:
            config = self.ctx.workspace.config_path or Path(CONFIG_NAME)
            self.ctx.problems.append(Problem(config, None, None,
                                             f"a standard phrase cannot be filled in: {error}",
                                             hint=f"the phrase is: {phrase}"))
            return phrase


def inquiry_info(ctx: FileContext) -> model.InquiryInfo:
    inquiry = ctx.parts.inquiry
    assert inquiry is not None
    return model.InquiryInfo(inquiry.date, inquiry.subject, inquiry.questioner,
                             inquiry.reference, inquiry.kind, inquiry.received)


def phrase_context(ctx: FileContext) -> dict[str, Any]:
    """What phrases can use: the inquiry and the letter's dates, as printed."""
    details = ctx.parts.letter
    if ctx.parts.inquiry is None or details is None:
        return {}
    return {
        "inquiry": model.printable_inquiry(inquiry_info(ctx)),
        "letter": {
            "date": model.format_date(details.date),
            "date_long": model.format_date_long(details.date),
        },
    }


def full_stop(sentence: str) -> str:
    """A sentence ends with a full stop, also when it ends with a number such as "1. a)"."""
    return sentence if sentence.endswith((".", "!", "?", ":")) else sentence + "."
