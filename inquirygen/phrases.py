"""The standard phrases of one letter: defaults, the workspace's, then its template's (most specific wins).

A shipped template brings the phrases of its form (the Kleine-Anfrage template its reference block
and "namens und im Auftrag …"), so that the template itself holds no wording; ``template_phrases`` in
inquirygen.yaml replace any of them for a template of the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .schema import PhraseOverrides, Phrases, WorkspaceConfig

# The phrases of the templates shipped with inquirygen, by template name.
SHIPPED_TEMPLATE_PHRASES = {
    "kleine_anfrage": PhraseOverrides(
        subject=["Kleine Anfrage von {{ inquiry.questioner }} vom {{ inquiry.date_long }}"],
        references=["Drucksache {{ inquiry.reference }}", "Thema: {{ inquiry.subject }}"],
        intro="namens und im Auftrag der Landesregierung beantworte ich die Kleine Anfrage wie folgt:",
    ),
}


@dataclass(frozen=True)
class LetterPhrases:
    """The phrases in force for one letter, and which of them its template set."""

    phrases: Phrases
    from_template: frozenset[str]


def phrases_for(config: WorkspaceConfig, template: Path) -> LetterPhrases:
    """The workspace's phrases, then those of ``template`` (shipped, then configured) over them."""
    values = config.phrases.model_dump()
    from_template: set[str] = set()
    for overrides in (SHIPPED_TEMPLATE_PHRASES.get(template.stem),
                      config.template_phrases.get(template.stem)):
        if overrides is None:
            continue
        given = {key: value for key, value in overrides.model_dump().items() if value is not None}
        values.update(given)
        from_template.update(given)
    return LetterPhrases(Phrases.model_validate(values), frozenset(from_template))
