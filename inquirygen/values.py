"""Which optional answer-file values a Jinja text prints unconditionally (templates and phrases alike).

A template or phrase that prints ``{{ inquiry.reference }}`` outside an ``{% if %}`` testing it needs
the value: without it the letter would say "Drucksache " and nothing. Both the Word template and the
standard phrases are checked with this before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment
    from jinja2.nodes import Node

# Values an answer file may leave out, which a template or phrase can still insist on, and where
# they go in the answer file.
OPTIONAL_VALUES = {
    "inquiry.date": ("inquiry", "date"),
    "inquiry.questioner": ("inquiry", "questioner"),
    "inquiry.reference": ("inquiry", "reference"),
    "inquiry.kind": ("inquiry", "kind"),
    "inquiry.received": ("inquiry", "received"),
    "inquiry.date_long": ("inquiry", "date"),
    "letter.file_ref": ("letter", "file_ref"),
    "letter.drucksache": ("letter", "drucksache"),
    "letter.issued": ("letter", "issued"),
    "letter.contact.name": ("letter", "contact", "name"),
    "letter.contact.phone": ("letter", "contact", "phone"),
    "letter.contact.email": ("letter", "contact", "email"),
    "letter.contact.room": ("letter", "contact", "room"),
}


def required_values(sources: Iterable[str], environment: Environment) -> set[str]:
    """Optional values printed outside any ``{% if %}`` that tests them.

    Sources that do not parse are skipped: compiling them reports the syntax error, with its place.
    """
    from jinja2 import TemplateSyntaxError, nodes

    from .sandbox import parse_bounded

    used: set[str] = set()
    tested: set[str] = set()
    for source in sources:
        try:
            tree = parse_bounded(environment, source)
        except TemplateSyntaxError:
            continue
        for condition in tree.find_all(nodes.If):
            tested.update(dotted_names(condition.test))
        # Values with a fallback are not needed: "{{ inquiry.kind or 'Anfrage' }}",
        # "{{ inquiry.kind | default('Anfrage', true) }}", "{{ x if inquiry.kind else y }}". A value
        # left out is "" (not undefined), so only default's second form, for empty values, counts.
        for either in tree.find_all(nodes.Or):
            tested.update(dotted_names(either.left))
        for fallback in tree.find_all(nodes.Filter):
            if fallback.name in ("default", "d") and fallback.node is not None \
                    and len(fallback.args) > 1 and isinstance(fallback.args[1], nodes.Const) \
                    and fallback.args[1].value is True:
                tested.update(dotted_names(fallback.node))
        for choice in tree.find_all(nodes.CondExpr):
            tested.update(dotted_names(choice.test))
        for output in tree.find_all(nodes.Output):
            used.update(dotted_names(output))
    return (used - tested) & set(OPTIONAL_VALUES)


@lru_cache(maxsize=512)
def phrase_requirements(phrase: str) -> frozenset[str]:
    """:func:`required_values` of one standard phrase, in the sandbox phrases run in.

    Kept per phrase text: the same phrases are checked for every letter of a batch, and parsing them
    each time cost some 0.7 ms a letter.
    """
    from .snippets import text_environment

    return frozenset(required_values([phrase], text_environment()))


def dotted_names(node: Node) -> set[str]:
    """``inquiry.reference`` for each chain of attributes on a name under ``node``."""
    from jinja2 import nodes

    names = set()
    candidates = [node] if isinstance(node, nodes.Getattr) else []
    for getattr_node in [*candidates, *node.find_all(nodes.Getattr)]:
        parts = [getattr_node.attr]
        inner = getattr_node.node
        while isinstance(inner, nodes.Getattr):
            parts.append(inner.attr)
            inner = inner.node
        if isinstance(inner, nodes.Name):
            names.add(".".join([inner.name, *reversed(parts)]))
    return names
