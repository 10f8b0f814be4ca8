"""Question numbers as the inquiry gave them: labels, sub-questions, explicit numbers, lists of numbers.

Pure functions over the schema objects; the resolver reports what they find (collisions) at its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..answerfile import Question, SubQuestion
from ..frozen import frozen
from ..settings import NumberingSettings
from ..yamlfile import PathKey

_LEADING_DIGITS = re.compile(r"^\d+")


@frozen
class NumberedEntry:
    """One question or sub-question with its number, its printed label and its reference form."""

    question: SubQuestion
    path: PathKey  # ("questions", i) or ("questions", i, "parts", j)
    number: str  # "1", "4a", "1 a)", "1.1"
    label: str  # "1.", "Frage 1:", "a)", "Frage:"
    reference: str  # "1.", "Frage 1", "1. a)"
    index: int  # position of the (main) question in the file
    sub: bool = False

    @property
    def id(self) -> str | None:
        return self.question.id


def number_questions(questions: list[Question | None], settings: NumberingSettings
                     ) -> list[NumberedEntry]:
    """Every question and sub-question in reading order, numbered.

    Questions count on from the last number seen, so ``4a`` after ``4`` is followed by ``5``. The only
    question of an inquiry gets the single label ("Frage:") unless it was given a number.
    """
    present = [q for q in questions if q is not None]
    single = len(questions) == 1 and present and present[0].number is None and not present[0].parts
    entries: list[NumberedEntry] = []
    counter = 0
    for index, question in enumerate(questions):
        if question is not None and question.number is not None:
            number = question.number.strip()
            leading = _LEADING_DIGITS.match(number)
            if leading:
                counter = int(leading.group())
        else:
            counter += 1  # an unreadable question still takes its number
            number = str(counter)
        if question is None:
            continue
        if single:
            label = settings.single
            entries.append(NumberedEntry(question, ("questions", index), "", label,
                                         label.rstrip(":"), index))
            continue
        entries.append(NumberedEntry(question, ("questions", index), number,
                                     _label(number, settings), _reference(number, settings), index))
        for position, part in enumerate(question.parts or []):
            entries.append(_sub_entry(part, number, position, index, settings))
    return entries


def _label(number: str, settings: NumberingSettings) -> str:
    if settings.style == "Frage 1:":
        return f"Frage {number}:"
    return number if number.endswith((".", ")", ":")) else f"{number}."


def _reference(number: str, settings: NumberingSettings) -> str:
    if settings.style == "Frage 1:":
        return f"Frage {number}"
    return number if number.endswith((".", ")")) else f"{number}."


def _sub_entry(part: SubQuestion, main: str, position: int, index: int,
               settings: NumberingSettings) -> NumberedEntry:
    path = ("questions", index, "parts", position)
    main_reference = _reference(main, settings)
    if settings.sub_style == "1.1":
        own = part.number.strip() if part.number else str(position + 1)
        number = f"{main.rstrip('.')}.{own}"
        return NumberedEntry(part, path, number, number, number, index, sub=True)
    own = part.number.strip().rstrip(")") if part.number else _letter(position)
    return NumberedEntry(part, path, f"{main.rstrip('.')} {own})", f"{own})",
                         f"{main_reference} {own})", index, sub=True)


def _letter(position: int) -> str:
    """a, b, … z, aa, ab, … (inquiries with more than 26 sub-questions exist, if rarely)."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def format_number_list(numbers: list[str], ranges: bool,
                       range_text: Callable[[str, str], str] = lambda first, last: f"{first} bis {last}"
                       ) -> str:
    """"2 und 3", "6, 7, 8 und 10", or with ranges "1 bis 3" and "1 bis 3 und 5".

    ``range_text`` words a range from its first and last number (the phrase ``range``).
    """
    items: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if ranges and len(run) >= 3:
            items.append(range_text(str(run[0]), str(run[-1])))
        else:
            items.extend(str(n) for n in run)
        run.clear()

    for number in numbers:
        if number.isdigit() and run and int(number) == run[-1] + 1:
            run.append(int(number))
            continue
        flush()
        if number.isdigit():
            run.append(int(number))
        else:
            items.append(number)
    flush()
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} und {items[-1]}"
