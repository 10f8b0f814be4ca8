"""Stage three of resolving: the answers in reading order, numbered, joint groups and references set."""

from __future__ import annotations

from .. import model
from ..answerfile import OtherAnswer
from ..i18n import _
from .context import FileContext
from .fill import TextFiller, full_stop
from .numbering import NumberedEntry, format_number_list

# Printed where an answer is missing, so that a draft cannot pass for the letter (check --final and
# archive refuse it).
DRAFT_MARK = "ENTWURF – Diese Frage ist noch nicht beantwortet."


def layout_answers(ctx: FileContext, filler: TextFiller, entries: list[NumberedEntry],
                   groups: dict[str, list[NumberedEntry]]) -> tuple[model.Answer, ...]:
    """Answers in reading order; a joint group stands where its first question stands."""
    grouped = {id(member): root_id for root_id, members in groups.items() for member in members}
    phrases = ctx.phrases.phrases
    answers: list[model.Answer] = []
    for entry in entries:
        root_id = grouped.get(id(entry))
        if root_id is None:
            label = filler.phrase("answer_label", phrases.answer_label, number=entry.number,
                                  label=entry.label) if phrases.answer_label else ""
            answers.append(_answer(ctx, filler, (entry,), entry, label=label))
            continue
        members = sorted(groups[root_id], key=lambda member: member.index)
        if members[0] is not entry:
            continue  # printed with its group
        numbers = format_number_list(
            [m.number for m in members], ctx.workspace.config.numbering.ranges,
            lambda first, last: filler.phrase("range", phrases.range, first=first, last=last))
        joint = filler.phrase("joint", phrases.joint, numbers=numbers) if phrases.joint else ""
        # A group's label: its own phrase, else the answer label with the group's numbers.
        name = "joint_label" if phrases.joint_label else "answer_label"
        text = phrases.joint_label or phrases.answer_label
        label = filler.phrase(name, text, numbers=numbers, number=numbers, label=numbers) if text else ""
        answers.append(_answer(ctx, filler, tuple(members), ctx.entries_by_id[root_id], joint, label))
    return tuple(answers)


def _answer(ctx: FileContext, filler: TextFiller, members: tuple[NumberedEntry, ...],
            responding: NumberedEntry, joint: str = "", label: str = "") -> model.Answer:
    """The answer to ``members``, as ``responding`` (the question carrying the response) gives it."""
    question = responding.question
    phrases = ctx.phrases.phrases
    reference = ""
    if isinstance(question.see, OtherAnswer):
        reference = filler.phrase("reference_other", phrases.reference_other,
                                  drucksache=question.see.drucksache,
                                  question=question.see.question or "")
    elif question.see is not None:
        reference = filler.phrase("reference", phrases.reference, number=ctx.numbers[question.see])
    blocks = filler.markdown(responding.path + ("response",), question.response) \
        if question.response is not None else ()
    if not (blocks or reference or joint):
        if getattr(question, "parts", None):
            label = ""  # a main question whose sub-questions carry the answers: no "Antwort:" of its own
        else:  # unanswered: the letter is a draft, and says so where the answer is missing
            blocks = (model.Paragraph((model.Span(DRAFT_MARK, bold=True),)),)
            path = responding.path + ("response",)
            if path in ctx.resolved_texts and question.response and question.response.strip():
                # Written, and filled in without error, but nothing is left: a snippet still empty,
                # say. Stage one saw text and had no reason to warn; the draft must not pass unnoticed.
                ctx.error(path, _("the response of question {label} is empty once its snippets are "
                                  "filled in").format(label=responding.reference.removeprefix("Frage "))
                          if responding.number else
                          _("the response is empty once its snippets are filled in"),
                          hint=_("the letter is built as a draft with 'ENTWURF' in place of the answer; "
                                 "write the snippet's text, or the answer itself"),
                          severity="warning", code="unanswered")
    return model.Answer(tuple(numbered(m) for m in members), blocks, joint,
                        full_stop(reference) if reference else "", label)


def numbered(entry: NumberedEntry) -> model.NumberedQuestion:
    return model.NumberedQuestion(entry.label, _question_text(entry.question.question),
                                  entry.number, entry.reference, entry.id, entry.sub)


def _question_text(text: str) -> str:
    # The question is quoted as asked: line breaks of the YAML source are not the inquiry's.
    return " ".join(part.strip() for part in text.strip().split("\n") if part.strip())
