"""Stage one of resolving: everything that can be checked before any text is filled in.

Question ids and numbers, joint groups, ``see:`` targets, the signatory and its image, the office's
logo, the salutation, the template, the letter's own phrases and the values the template and the
phrases insist on; the texts themselves in :mod:`.validate_text`. Every problem is appended to the
file's list; nothing here raises or renders.
"""

from __future__ import annotations

from pathlib import Path

from .. import model
from ..answerfile import Signatory
from ..errors import Problem, TemplateError, display_path
from ..i18n import _, ngettext
from ..loader import did_you_mean, missing_key
from ..phrases import PhraseSource, check_phrases
from ..values import OPTIONAL_VALUES, phrase_requirements
from ..workspace import CONFIG_NAME
from ..yamlfile import PathKey, YamlDocument
from .context import FileContext, unknown_question
from .numbering import NumberedEntry
from .validate_text import check_text


def register_entries(ctx: FileContext, entries: list[NumberedEntry]) -> None:
    """Ids and numbers must each be unique; references print the reference form of a number."""
    by_id: dict[str, NumberedEntry] = {}
    by_number: dict[str, NumberedEntry] = {}
    for entry in entries:
        if entry.number:
            first = by_number.get(entry.number)
            if first is not None:
                where = entry.path + (("number",) if entry.question.number else ("question",))
                first_line, _column = ctx.document.locate(first.path)
                ctx.error(where, _("question number '{number}' is used twice (first at line {line})"
                                   ).format(number=entry.number, line=first_line),
                          hint=_("give this question its own 'number:' as the inquiry numbers it"),
                          key=not entry.question.number)
            else:
                by_number[entry.number] = entry
        if entry.id is None:
            continue
        if entry.id in by_id:
            first_line, _column = ctx.document.locate(by_id[entry.id].path + ("id",))
            ctx.error(entry.path + ("id",),
                      _("question id '{id}' is used twice (first at line {line})").format(
                          id=entry.id, line=first_line),
                      hint=_("give each question its own id"))
            continue
        by_id[entry.id] = entry
        ctx.numbers[entry.id] = entry.reference
    ctx.entries_by_id = by_id


def joint_groups(ctx: FileContext, entries: list[NumberedEntry]) -> dict[str, list[NumberedEntry]]:
    """Questions answered together, by the id of the question that carries the response."""
    groups: dict[str, list[NumberedEntry]] = {}
    for entry in entries:
        target = getattr(entry.question, "together_with", None)
        if target is None:
            continue
        path = entry.path + ("together_with",)
        root = ctx.entries_by_id.get(target)
        if target == entry.id:
            ctx.error(path, _("question '{id}' cannot be answered together with itself").format(
                id=target))
        elif root is None:
            ctx.error(path, unknown_question(target, ctx.entries_by_id))
        elif root.sub or getattr(root.question, "together_with", None) is not None:
            ctx.error(path, _("question '{id}' does not carry a response of its own").format(id=target),
                      hint=_("name the question whose response answers the whole group"))
        elif (entry.question.response or "").strip() or entry.question.see is not None:
            ctx.error(path, _("a question answered together with another has no response "
                              "or 'see:' of its own"),
                      hint=_("move the text into the response of '{id}'").format(id=target))
        elif getattr(entry.question, "parts", None) or getattr(root.question, "parts", None):
            ctx.error(path, _("questions with sub-questions cannot be answered together"))
        else:
            groups.setdefault(target, [root]).append(entry)
    return groups


def named_template(ctx: FileContext) -> Path | None:
    """The template ``letter.template`` names, or ``None`` (reported) when there is no such template."""
    name = ctx.parts.letter.template if ctx.parts.letter else None
    if name is None:
        return None
    path = ctx.workspace.named_template(name)
    if path is None:
        known = ctx.workspace.template_names()
        ctx.error(("letter", "template"), _("unknown template '{name}'{suggestion}").format(
            name=name, suggestion=did_you_mean(name, known)),
                  hint=_("templates: {names}").format(names=", ".join(known)) if known else None)
    return path


def check_required_values(ctx: FileContext, has_questions: bool) -> None:
    """Values the template or a printed phrase uses unconditionally must be in the answer file.

    Where a file set the phrase, the problem stands at the phrase; a shipped phrase or the template
    itself is reported once per missing value at the answer file, where the value is missing.
    """
    template = ctx.template
    needs: dict[str, list[tuple[PhraseSource, str | None]]] = {}
    try:
        for name in ctx.templates.requirements(template):
            needs.setdefault(name, []).append((PhraseSource("template", template.name), None))
    except TemplateError as error:
        ctx.problems.append(error.as_problem(template))
    for phrase, sources in _printed_phrases(ctx, has_questions):
        for needed in frozenset().union(*map(phrase_requirements, sources)):
            needs.setdefault(needed, []).append((ctx.phrases.source(phrase), phrase))
    for needed in sorted(needs):
        if _given(ctx, needed):
            continue
        unlocated = [need for need in needs[needed] if need[0].document is None]
        if unlocated:
            _require(ctx, needed, unlocated)
        for located, phrase_name in needs[needed]:
            if located.document is not None:
                _require_at_phrase(ctx, needed, located, phrase_name)


def _printed_phrases(ctx: FileContext, has_questions: bool) -> list[tuple[str, list[str]]]:
    """The phrases this letter prints whatever its data: (name, Jinja sources)."""
    phrases, letter, recipient = ctx.phrases.phrases, ctx.parts.letter, ctx.parts.recipient
    printed = [("document_type", [phrases.document_type]), ("subject", phrases.subject),
               ("references", phrases.references), ("date_line", [phrases.date_line]),
               ("running_header", [phrases.running_header])]
    if has_questions and letter is not None and letter.intro is None:
        printed.append(("intro", [phrases.intro]))
    letter_form = ctx.workspace.form_of(ctx.template) == "letter"
    if letter is not None and letter.closing is None and letter_form:
        printed.append(("closing", [phrases.closing]))
    if letter is not None and letter.answer_by is not None:
        printed.append(("interim", [phrases.interim]))
    if recipient is not None and recipient.salutation is None and letter_form:
        printed.append(("salutation_default", [phrases.salutation_default]))
    return printed


def _given(ctx: FileContext, needed: str) -> bool:
    keys = OPTIONAL_VALUES[needed]
    letter = ctx.parts.letter
    contact = (letter.contact if letter else None) or ctx.workspace.office_for(ctx.template).contact
    section = {"inquiry": ctx.parts.inquiry, "letter": letter, "contact": contact}[str(keys[-2])]
    return getattr(section, str(keys[-1]), None) not in (None, "")


def _require(ctx: FileContext, needed: str, sources: list[tuple[PhraseSource, str | None]]) -> None:
    """One problem at the answer file: what needs the value, and how to give it."""
    keys = OPTIONAL_VALUES[needed]
    field, parent, where = keys[-1], keys[-2], "/".join(str(k) for k in keys[:-1])
    setters = list({(source.setter, source.name): source for source, _phrase in sources}.values())
    phrase_names = list(dict.fromkeys(s.name for s in setters if s.setter == "phrase"))
    owners = list(dict.fromkeys(s.owner for s in setters))
    if len(phrase_names) > 1:  # "the phrases 'subject' and 'intro'"
        owners = list(dict.fromkeys(s.owner for s in setters if s.setter != "phrase"))
        # Translators: "the phrases 'subject' and 'intro'", one of the {owners} below.
        owners.append(_("the phrases {names}").format(
            # Translators: a phrase's name as the list of {names} quotes it.
            names=_and([_("'{name}'").format(name=name) for name in phrase_names])))
    many = len(owners) > 1 or len(phrase_names) > 1
    message = ngettext("{owners} needs '{field}' under '{where}'",
                       "{owners} need '{field}' under '{where}'", 2 if many else 1)
    phrases = [phrase for _source, phrase in sources if phrase]
    if len(phrases) == 1:
        hint = _("add '{field}:' under '{parent}:', or give the letter its own '{phrase}' under "
                 "'phrases:'").format(field=field, parent=parent, phrase=phrases[0])
    elif phrases:
        hint = _("add '{field}:' under '{parent}:', or give the letter its own phrases under "
                 "'phrases:'").format(field=field, parent=parent)
    else:
        hint = _("add '{field}:' under '{parent}:'").format(field=field, parent=parent)
    ctx.error(keys[:-1], message.format(owners=_and(owners), field=field, where=where), hint=hint,
              key=True)


def _and(items: list[str]) -> str:
    """"a, b and c" in the user's language."""
    if len(items) == 1:
        return items[0]
    # Translators: the end of a list, as in "the template 'x.docx', the phrase 'y' and the phrase 'z'".
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _require_at_phrase(ctx: FileContext, needed: str, source: PhraseSource, phrase: str | None) -> None:
    """A phrase set in a file that prints a value this letter lacks: reported at the phrase."""
    assert source.document is not None and phrase is not None  # a file sets a phrase by its name
    keys = OPTIONAL_VALUES[needed]
    field, parent, where = keys[-1], keys[-2], "/".join(str(k) for k in keys[:-1])
    if source.document is ctx.document:
        ctx.problems.append(source.document.problem(
            source.path, _("the phrase '{phrase}' needs '{field}' under '{where}'").format(
                phrase=phrase, field=field, where=where),
            hint=_("add '{field}:' under '{parent}:', or change the phrase").format(field=field,
                                                                                   parent=parent)))
        return
    shown = ctx.loaded.path.name
    ctx.problems.append(source.document.problem(
        source.path, _("the phrase '{phrase}' needs '{field}' under '{where}', which {file} does not "
                       "give").format(phrase=phrase, field=field, where=where, file=shown),
        hint=_("add '{field}:' under '{parent}:' in {file}, or give the letter its own '{phrase}' "
               "under 'phrases:'").format(field=field, parent=parent, file=shown, phrase=phrase)))


def check_form(ctx: FileContext) -> None:
    """A letter needs a recipient and a signatory; the print form has neither."""
    if ctx.loaded.answers is None or ctx.workspace.form_of(ctx.template) != "letter":
        return
    missing = [path for path, value in ((("recipient",), ctx.parts.recipient),
                                        (("letter", "signatory"), ctx.parts.letter and
                                         ctx.parts.letter.signatory)) if value is None]
    ctx.problems.extend(missing_key(ctx.document, path) for path in missing)


def check_own_phrases(ctx: FileContext) -> bool:
    """The answer file's own ``phrases:``, checked as inquirygen.yaml's are; whether they are fine."""
    if ctx.parts.phrases is None:
        return True
    problems = check_phrases(ctx.document, ("phrases",), ctx.parts.phrases.model_dump(exclude_none=True))
    ctx.problems.extend(problems)
    return not problems


def check_letter_shape(ctx: FileContext) -> None:
    parts = ctx.parts
    if parts.body is not None and parts.questions:
        ctx.error(("body",), _("write either 'body' (a letter without numbered questions) or "
                               "'questions', not both"), key=True)
    elif parts.sections and parts.questions:
        ctx.error(("sections",), _("headed 'sections' belong to a letter without numbered questions; "
                                   "write them as 'remarks' (before the answers) instead"), key=True)
    elif parts.body is None and not parts.questions and not parts.sections \
            and ctx.loaded.answers is not None:
        ctx.problems.append(Problem(ctx.loaded.path, 1, 1,
                                    _("the letter has neither 'questions' nor a 'body'"),
                                    hint=_("add 'questions:', or 'body: |' for a letter "
                                           "without numbered questions")))


def resolve_signatory(ctx: FileContext) -> model.Signatory:
    """The signatory the letter names (a key of inquirygen.yaml or written out), image checked."""
    assert ctx.parts.letter is not None and ctx.parts.letter.signatory is not None
    choice = ctx.parts.letter.signatory
    if isinstance(choice, Signatory):
        image = signature_image(ctx, choice, ctx.document, ("letter", "signatory", "signature"))
        return model.Signatory(choice.name, choice.title, choice.capacity, image, choice.signature_alt)
    known = ctx.workspace.config.signatories
    if choice not in known:
        if known:
            hint = _("signatories in {file}: {names}").format(file=CONFIG_NAME, names=", ".join(known))
        else:
            hint = _("define it under 'signatories:' in {file}, or write 'name:' (and 'title:') under "
                     "'signatory:'").format(file=CONFIG_NAME)
        ctx.error(("letter", "signatory"), _("unknown signatory '{name}'{suggestion}").format(
            name=choice, suggestion=did_you_mean(choice, known)), hint=hint)
        return model.Signatory(choice)
    entry = known[choice]
    image = signature_image(ctx, entry, ctx.workspace.config_document,
                            ("signatories", choice, "signature"))
    return model.Signatory(entry.name, entry.title, entry.capacity, image, entry.signature_alt)


def signature_image(ctx: FileContext, signatory: Signatory, document: YamlDocument | None,
                    path: PathKey) -> Path | None:
    """The checked image file of a signatory: PNG or JPEG, inside the workspace."""
    return image_file(ctx, signatory.signature, "signature", document, path)


def office_logo(ctx: FileContext) -> Path | None:
    """The checked logo of the letter's office: ``office`` or the template's ``template_offices``."""
    workspace = ctx.workspace
    stem = ctx.template.stem
    path: PathKey = ("template_offices", stem, "logo") if stem in workspace.config.template_offices \
        else ("office", "logo")
    return image_file(ctx, workspace.office_for(ctx.template).logo, "logo", workspace.config_document,
                      path)


# Where the hint suggests keeping each kind of image.
IMAGE_FOLDERS = {"signature": "signatures", "logo": "images"}


def image_file(ctx: FileContext, given: str | None, kind: str, document: YamlDocument | None,
               path: PathKey) -> Path | None:
    """The image file a setting names, checked: PNG or JPEG, inside the workspace.

    A problem is reported at the setting (``path`` in ``document``) and ``None`` returned.
    """
    if given is None:
        return None

    def report(message: str, hint: str | None) -> None:
        if document is None:  # pragma: no cover - a configured image always has its document
            ctx.problems.append(Problem(ctx.loaded.path, None, None, message, hint))
        else:
            ctx.problems.append(document.problem(path, message, hint=hint))

    image, folder = ctx.workspace.root / given, IMAGE_FOLDERS[kind]
    if not ctx.workspace.contains(image) and kind == "signature":
        report(_("the signature image '{path}' lies outside the workspace").format(path=given),
               _("keep signature images in the workspace folder, e.g. {folder}/").format(folder=folder))
    elif not ctx.workspace.contains(image):
        report(_("the logo image '{path}' lies outside the workspace").format(path=given),
               _("keep logo images in the workspace folder, e.g. {folder}/").format(folder=folder))
    elif not image.is_file() and kind == "signature":
        report(_("signature image '{path}' not found").format(path=given),
               _("the path is relative to {folder}/").format(folder=display_path(ctx.workspace.root)))
    elif not image.is_file():
        report(_("logo image '{path}' not found").format(path=given),
               _("the path is relative to {folder}/").format(folder=display_path(ctx.workspace.root)))
    else:
        try:
            data = image.read_bytes()
        except OSError as error:
            report(_("the image '{path}' cannot be read: {reason}").format(path=given,
                                                                          reason=error.strerror), None)
            return None
        from ..images import image_info, is_complete  # a letter with a signature image

        if image_info(data) is None:
            report(_("'{path}' is not a PNG or JPEG image").format(path=given), None)
        elif is_complete(data):
            return image.resolve()
        else:  # the header of one, but not all of it
            report(_("the image '{path}' is cut short or damaged").format(path=given),
                   _("save or export the picture again, and copy the whole file"))
    return None


def derive_salutation(ctx: FileContext) -> str | None:
    """"Sehr geehrte Frau Krieg," from ``Frau Krieg``; a full line ending in ',' as it is.

    ``None`` when the answer file gives none: the phrase ``salutation_default`` then stands there.
    """
    assert ctx.parts.recipient is not None
    given = ctx.parts.recipient.salutation
    if given is None:
        return None
    text = given.strip()
    if not text or text.endswith(","):  # "" is a letter without salutation
        return text
    first = text.split(" ", 1)[0]
    if text in ("Frau", "Herr"):  # the name is missing: "Sehr geehrte Frau," would go out
        ctx.error(("recipient", "salutation"),
                  _("the salutation '{salutation}' has no name").format(salutation=text),
                  hint=_("write the name after it (e.g. '{salutation} Krieg'), or the whole line "
                         "ending in ',' (e.g. 'Sehr geehrte Damen und Herren,')").format(salutation=text))
        return text
    if first == "Frau":
        return f"Sehr geehrte {text},"
    if first == "Herr":
        return f"Sehr geehrter {text},"
    if text in ("Damen und Herren", "Sehr geehrte Damen und Herren"):
        return "Sehr geehrte Damen und Herren,"
    ctx.error(("recipient", "salutation"),
              _("cannot tell the salutation from '{salutation}'").format(salutation=text),
              hint=_("start with 'Frau' or 'Herr' (e.g. 'Frau Dr. Krieg'), "
                     "or write the whole line ending in ',' (e.g. 'Liebe Frau Krieg,')"))
    return text


def check_entry(ctx: FileContext, entry: NumberedEntry) -> None:
    question = entry.question
    if isinstance(question.see, str):
        check_reference(ctx, entry.path + ("see",), question.see, question.id)
    answered_jointly = getattr(question, "together_with", None) is not None
    blank = question.response is None or not question.response.strip()
    if blank and question.see is None and not answered_jointly \
            and not getattr(question, "parts", None):
        # "1. a)" for a sub-question (its label alone, "a)", does not say which), without the
        # word "Frage" that the style "Frage 1:" puts into the reference.
        message = _("question {label} has no response yet (unanswered)").format(
            label=entry.reference.removeprefix("Frage ")) if entry.number else \
            _("the question has no response yet (unanswered)")
        ctx.error(entry.path + ("question",), message,
                  hint=_("the letter is built as a draft with 'ENTWURF' in place of the answer; write "
                         "'response: |' with the answer below it, or 'see:' with a question id"),
                  key=True, severity="warning", code="unanswered")
    if question.response is not None:
        check_text(ctx, entry.path + ("response",), question.response, question.id)


def check_reference(ctx: FileContext, path: PathKey, target: str, own_id: str | None) -> bool:
    if target == own_id:
        ctx.error(path, _("question '{id}' refers to itself").format(id=target),
                  hint=_("a reference must name another question"))
        return False
    if target not in ctx.numbers:
        ctx.error(path, unknown_question(target, ctx.numbers),
                  hint=None if ctx.numbers else _("give the question you mean an 'id:'"))
        return False
    return True
