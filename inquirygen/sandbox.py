"""Budgets for the Jinja of answers, snippets and phrases: a value, a filled-in text, a nesting depth."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import BudgetError
from .i18n import _
from .yamlfile import grouped_number

if TYPE_CHECKING:
    from jinja2 import Environment, Template, nodes
    from jinja2.sandbox import ImmutableSandboxedEnvironment

# A letter of 200 pages holds about 600,000 characters: no text of one answer comes near these, and a
# file that asks for more ({{ "a" * 10**9 }}, snippets that insert each other ten times per level)
# is an accident or an attack, stopped before it takes the machine's memory.
MAX_VALUE_CHARACTERS = 200_000  # a text or list made by * inside {{ }}
MAX_NUMBER_DIGITS = 1_000  # a number made by * or ** inside {{ }}
MAX_TEXT_CHARACTERS = 2_000_000  # one filled-in answer, snippet or phrase
MAX_SNIPPET_DEPTH = 12  # snippets inside snippets
# Brackets, conditions and calculations inside one another: a phrase needs five or six levels. Jinja
# parses, checks and compiles a text by recursion, one level at a time, and Python stops that with a
# RecursionError near a thousand ("((((…))))", "1+1+…+1", two hundred "{% if %}").
MAX_NESTING = 50

_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"*": operator.mul, "**": operator.pow}


def _digits_error() -> BudgetError:
    return BudgetError(_("a number inside the braces would have more than {digits} digits").format(
        digits=grouped_number(MAX_NUMBER_DIGITS)))


def _length_error() -> BudgetError:
    return BudgetError(_("a text inside the braces would be longer than {characters} characters").format(
        characters=grouped_number(MAX_VALUE_CHARACTERS)))


def _checked_binop(operator_name: str, left: Any, right: Any) -> Any:
    """``left * right`` or ``left ** right``, refused before it is computed when it would be huge."""
    bits = MAX_NUMBER_DIGITS * 3.33  # a decimal digit is about 3.3 bits
    if operator_name == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
            and right * abs(left).bit_length() > bits:
        raise _digits_error()
    if operator_name == "*":
        sequence, count = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                and len(sequence) * max(count, 0) > MAX_VALUE_CHARACTERS:
            raise _length_error()
    result = _BINOPS[operator_name](left, right)
    if isinstance(result, int) and not isinstance(result, bool) and result.bit_length() > bits:
        raise _digits_error()
    return result


@lru_cache(maxsize=1)
def bounded_sandbox() -> type[ImmutableSandboxedEnvironment]:
    """Jinja's immutable sandbox with ``*`` and ``**`` checked (defined when Jinja is first needed)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(_BINOPS)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator in _BINOPS:
                return _checked_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

    return BoundedSandbox


def render_bounded(template: Template, values: dict[str, Any]) -> str:
    """The template filled in, stopped with :class:`BudgetError` once it grows beyond its budget."""
    pieces: list[str] = []
    size = 0
    for piece in template.generate(**values):
        size += len(piece)
        if size > MAX_TEXT_CHARACTERS:
            raise BudgetError(_("the text would be longer than {characters} characters once filled "
                                "in").format(characters=grouped_number(MAX_TEXT_CHARACTERS)))
        pieces.append(piece)
    return "".join(pieces)


def nesting_message() -> str:
    return _("the text in the braces is nested too deeply (at most {levels} levels of brackets, "
             "conditions and calculations)").format(levels=MAX_NESTING)


def parse_bounded(environment: Environment, source: str) -> nodes.Template:
    """Jinja's parse of ``source``, a text nested too deeply refused as a ``TemplateSyntaxError``
    at its line before anything recurses through it."""
    from jinja2 import TemplateSyntaxError
    from jinja2.parser import Parser

    parser = Parser(environment, source)
    try:
        tree = parser.parse()
    except RecursionError:
        raise TemplateSyntaxError(nesting_message(), parser.stream.current.lineno) from None
    levels: list[tuple[nodes.Node, int]] = [(tree, 0)]
    while levels:  # by hand: a recursive walk would fail as Jinja's own does
        node, level = levels.pop()
        if level > MAX_NESTING:
            raise TemplateSyntaxError(nesting_message(), node.lineno or 1)
        levels.extend((child, level + 1) for child in node.iter_child_nodes())
    return tree
