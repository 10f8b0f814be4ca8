"""The standard phrases of one letter: the most specific setting of each phrase wins.

From least to most specific: the defaults (:class:`~inquirygen.answerfile.Phrases`), the workspace's
``phrases``, the phrases a shipped template brings, the workspace's ``template_phrases`` for the
letter's template, the phrases of the inquiry's kind (shipped, then ``kind_phrases``), those of an
interim reply (kind "Zwischennachricht") when the letter has ``answer_by``, and the answer file's own
``phrases``. Each phrase remembers where it was set, so that a problem with it is reported there.
"""

from __future__ import annotations

from pathlib import Path

from .answerfile import PhraseOverrides, Phrases
from .errors import Problem
from .frozen import frozen
from .i18n import _
from .settings import WorkspaceConfig
from .yamlfile import PathKey, YamlDocument

INTERIM_KIND = "Zwischennachricht"
# What phrases may use (see resolve.fill.phrase_context), and what some of them get besides.
PHRASE_NAMES = {"inquiry", "letter"}
PHRASE_EXTRAS = {
    "answer_label": {"number", "label"}, "joint_label": {"numbers", "number", "label"},
    "joint": {"numbers"}, "range": {"first", "last"}, "reference": {"number"},
    "reference_other": {"drucksache", "question"},
}

# The phrases of the templates shipped with inquirygen, by template name.
SHIPPED_TEMPLATE_PHRASES = {
    "kleine_anfrage": PhraseOverrides(
        subject=["Kleine Anfrage von {{ inquiry.questioner }} vom {{ inquiry.date_long }}"],
        references=["Drucksache {{ inquiry.reference }}", "Thema: {{ inquiry.subject }}"],
        intro="namens und im Auftrag der Landesregierung beantworte ich die Kleine Anfrage wie folgt:",
    ),
    # The Landtag's print form: the top block's reference lines (number, date, issue date), the
    # centred title block, "Drucksache …" from page 2 on; no intro, no date line of its own.
    "landtag_drucksache": PhraseOverrides(
        references=[("Drucksache {{ letter.drucksache }}"
                     "{% if inquiry.reference %} ({{ inquiry.reference }}){% endif %}"),
                    "{{ letter.date }}",
                    "{% if letter.issued %}Ausgegeben: {{ letter.issued }}{% endif %}"],
        date_line="",
        subject=["A N T W O R T", "zu der", "Anfrage {{ inquiry.questioner }}",
                 "betr.: {{ inquiry.subject }}"],
        intro="",
        joint_label="Zu den Fragen {{ numbers }}:",
        joint="Die Fragen {{ numbers }} werden wegen ihres Sachzusammenhanges gemeinsam beantwortet.",
        running_header="Drucksache {{ letter.drucksache }}",
    ),
}

# The phrases of kinds of inquiry whose letters read differently everywhere, by inquiry.kind.
SHIPPED_KIND_PHRASES = {
    "Antrag": PhraseOverrides(
        document_type="Stellungnahme zum Antrag{% if inquiry.reference %} Nr. {{ inquiry.reference }}"
                      "{% endif %}",
        subject=["{{ inquiry.subject }}",
                 ("{% if inquiry.questioner %}Antrag {{ inquiry.questioner }}{% if inquiry.date %} vom "
                  "{{ inquiry.date }}{% endif %}{% endif %}")],
        intro="",
    ),
    INTERIM_KIND: PhraseOverrides(document_type=INTERIM_KIND, intro=""),
}


@frozen
class PhraseSource:
    """Where a phrase was set: a file and the place in it, or what shipped it."""

    setter: str  # "phrase" (a phrase of its own name), "template", "kind" or "letter"
    name: str = ""  # the phrase's, the template file's or the inquiry kind's name
    document: YamlDocument | None = None
    path: PathKey = ()

    @property
    def owner(self) -> str:
        """Who set the phrase, as messages name it: "the phrase 'subject'", "the template '…'"."""
        if self.setter == "template":
            # Translators: one of the {owners} in "{owners} needs '{field}' under '{where}'".
            return _("the template '{name}'").format(name=self.name)
        if self.setter == "kind":
            # Translators: one of the {owners} in "{owners} needs '{field}' under '{where}'".
            return _("the phrases of the kind '{kind}'").format(kind=self.name)
        if self.setter == "letter":
            # Translators: one of the {owners} in "{owners} needs '{field}' under '{where}'".
            return _("the letter's phrase")
        # Translators: one of the {owners} in "{owners} needs '{field}' under '{where}'".
        return _("the phrase '{name}'").format(name=self.name)


@frozen
class LetterPhrases:
    """The phrases in force for one letter, and where each was set."""

    phrases: Phrases
    sources: dict[str, PhraseSource]

    def source(self, name: str) -> PhraseSource:
        return self.sources[name]


@frozen
class PhraseChoice:
    """What decides a letter's phrases besides the workspace: template, kind, interim, own phrases."""

    template: Path
    kind: str | None = None
    interim: bool = False
    own: PhraseOverrides | None = None
    own_document: YamlDocument | None = None


def phrases_for(config: WorkspaceConfig, config_document: YamlDocument | None,
                choice: PhraseChoice) -> LetterPhrases:
    """The phrases of one letter, each from the most specific place that sets it."""
    values = config.phrases.model_dump()
    sources = {name: PhraseSource("phrase", name, config_document, ("phrases", name))
               if name in config.phrases.model_fields_set else PhraseSource("phrase", name)
               for name in values}
    stem = choice.template.stem
    shipped_template = PhraseSource("template", choice.template.name)
    layers: list[tuple[PhraseOverrides | None, PhraseSource, YamlDocument | None, PathKey]] = [
        (SHIPPED_TEMPLATE_PHRASES.get(stem), shipped_template, None, ()),
        (config.template_phrases.get(stem), shipped_template, config_document,
         ("template_phrases", stem)),
    ]
    kinds = [kind for kind in (choice.kind, INTERIM_KIND if choice.interim else None) if kind]
    for kind in kinds:
        kind_source = PhraseSource("kind", kind)
        layers += [(SHIPPED_KIND_PHRASES.get(kind), kind_source, None, ()),
                   (config.kind_phrases.get(kind), kind_source, config_document, ("kind_phrases", kind))]
    layers.append((choice.own, PhraseSource("letter"), choice.own_document, ("phrases",)))
    for overrides, source, document, base in layers:
        if overrides is None:
            continue
        for name, value in overrides.model_dump(exclude_none=True).items():
            values[name] = value
            sources[name] = PhraseSource(source.setter, source.name, None) if document is None \
                else PhraseSource("phrase", name, document, (*base, name))
    return LetterPhrases(Phrases.validate(values), sources)


def check_phrases(document: YamlDocument, base: PathKey, phrases: dict[str, object]) -> list[Problem]:
    """Each phrase in ``phrases`` (as set at ``base`` in ``document``) must be valid Jinja that uses
    only what phrases are given; the information block's values are phrases too."""
    problems: list[Problem] = []
    for name, value in phrases.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):  # a row of the information block
                    problems += _check_phrase(document, (*base, name, index, "value"), name,
                                              str(item.get("value", "")))
                else:
                    problems += _check_phrase(document, (*base, name, index), name, str(item))
        elif value is not None:
            problems += _check_phrase(document, (*base, name), name, str(value))
    return problems


def _check_phrase(document: YamlDocument, path: PathKey, name: str, phrase: str) -> list[Problem]:
    from jinja2 import TemplateSyntaxError, meta

    from .sandbox import parse_bounded
    from .snippets import explain_jinja, forbidden_tags, text_environment

    try:
        tree = parse_bounded(text_environment(), phrase)
    except TemplateSyntaxError as error:
        return [document.problem(path, _("the phrase '{name}' is not valid: {error}").format(
            name=name, error=explain_jinja(error.message or "")))]
    problems = [document.problem(path, _("'{tag}' cannot be used in a phrase").format(
        tag=f"{{% {tag} %}}")) for _line, tag in forbidden_tags(tree)]
    allowed = PHRASE_NAMES | PHRASE_EXTRAS.get(name, set())
    for unknown in sorted(meta.find_undeclared_variables(tree) - allowed):
        extras = ", ".join(sorted(PHRASE_EXTRAS.get(name, set())))
        if extras:
            problems.append(document.problem(path, _(
                "the phrase '{name}' uses '{unknown}', which phrases do not have").format(
                name=name, unknown=unknown), hint=_(
                "phrases can use inquiry.date, inquiry.subject, inquiry.questioner, inquiry.reference, "
                "letter.date, letter.file_ref, …; this one also {extras}").format(extras=extras)))
        else:
            problems.append(document.problem(path, _(
                "the phrase '{name}' uses '{unknown}', which phrases do not have").format(
                name=name, unknown=unknown), hint=_(
                "phrases can use inquiry.date, inquiry.subject, inquiry.questioner, inquiry.reference, "
                "letter.date, letter.file_ref, …")))
    return problems
