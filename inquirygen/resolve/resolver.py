"""One answer file through the three stages of resolving, every problem collected on the way."""

from __future__ import annotations

from pathlib import Path

from .. import model
from ..errors import Problem
from ..i18n import _
from ..loader import LoadedAnswers
from ..phrases import LetterPhrases, PhraseChoice, phrases_for
from ..workspace import Workspace
from . import validate
from .address import check_address, check_information
from .answers import layout_answers
from .context import FileContext, TemplateRequirements
from .fill import TextFiller, inquiry_info
from .numbering import NumberedEntry, number_questions
from .plausibility import check_plausibility, silence
from .validate_text import check_text


class LetterResolver:
    """Resolves the answer files of one workspace; snippets are read once for all of them."""

    def __init__(self, workspace: Workspace, templates: TemplateRequirements):
        self.workspace = workspace
        self.snippets = workspace.snippet_library()
        self.templates = templates

    def resolve(self, loaded: LoadedAnswers, problems: list[Problem]) -> model.ResolvedLetter | None:
        """The resolved letter, or ``None`` with every problem appended (warnings do not stop it)."""
        start = len(problems)
        try:
            return self._resolve(loaded, problems)
        finally:
            silence(problems, start, loaded.document)

    def _resolve(self, loaded: LoadedAnswers, problems: list[Problem]) -> model.ResolvedLetter | None:
        workspace = self.workspace
        default = workspace.template_path
        ctx = FileContext(workspace, self.snippets, self.templates, loaded, problems, default,
                          self.phrases(loaded, default))
        parts = ctx.parts
        named = validate.named_template(ctx)
        if named is not None:
            ctx.template, ctx.phrases = named, self.phrases(loaded, named)
        entries = number_questions(parts.questions, workspace.config.numbering)
        validate.register_entries(ctx, entries)
        groups = validate.joint_groups(ctx, entries)
        validate.check_form(ctx)
        signatory = validate.resolve_signatory(ctx) if parts.letter and parts.letter.signatory \
            else None
        if signatory is not None and not signatory.name.strip():
            ctx.error(("letter", "signatory"),
                      _("the signatory has no name: nobody would sign the letter"),
                      hint=_("name a signatory of inquirygen.yaml, or write 'name:' under 'signatory:'"),
                      severity="warning", code="signatory")
        logo = validate.office_logo(ctx)
        salutation = validate.derive_salutation(ctx) if parts.recipient else None
        if parts.recipient:
            check_address(ctx)
        # Own phrases that do not parse would only add confusing follow-ups below.
        if validate.check_own_phrases(ctx) and parts.letter and parts.inquiry:
            validate.check_required_values(ctx, has_questions=bool(entries))
        for entry in entries:
            validate.check_entry(ctx, entry)
        for index, remark in enumerate(parts.remarks):
            if remark is not None:
                check_text(ctx, ("remarks", index, "text"), remark.text, None)
        for index, section in enumerate(parts.sections):
            if section is not None:
                check_text(ctx, ("sections", index, "text"), section.text, None)
        for key in ("closing_remarks", "body"):
            text = getattr(parts, key)
            if text is not None:
                check_text(ctx, (key,), text, None)
        validate.check_letter_shape(ctx)
        check_plausibility(ctx, entries)
        if loaded.answers is None or ctx.has_new_errors():
            return None
        assert parts.letter and parts.inquiry
        return _resolved(ctx, entries, groups, signatory, salutation, logo)

    def phrases(self, loaded: LoadedAnswers, template: Path) -> LetterPhrases:
        """The phrases of this answer file's letter in ``template``."""
        parts = loaded.parts
        choice = PhraseChoice(
            template=template,
            kind=parts.inquiry.kind if parts.inquiry else None,
            interim=bool(parts.letter and parts.letter.answer_by),
            own=parts.phrases, own_document=loaded.document)
        return phrases_for(self.workspace.config, self.workspace.config_document, choice)


def _resolved(ctx: FileContext, entries: list[NumberedEntry],
              groups: dict[str, list[NumberedEntry]], signatory: model.Signatory | None,
              salutation: str | None, logo: Path | None) -> model.ResolvedLetter | None:
    """Fill the texts and lay out the answers of a valid file; ``None`` if filling fails."""
    parts = ctx.parts
    details, recipient = parts.letter, parts.recipient
    assert details is not None
    filler = TextFiller(ctx)
    answers = layout_answers(ctx, filler, entries, groups)
    remarks = tuple(model.Section(remark.title, filler.markdown(("remarks", i, "text"), remark.text))
                    for i, remark in enumerate(parts.remarks) if remark is not None)
    body = filler.markdown(("body",), parts.body) if parts.body is not None else ()
    for index, section in enumerate(parts.sections):
        if section is not None:
            body += (model.Heading(section.title),
                     *filler.markdown(("sections", index, "text"), section.text))
    closing_remarks = filler.markdown(("closing_remarks",), parts.closing_remarks) \
        if parts.closing_remarks is not None else ()
    frame = _frame(ctx, filler, salutation, has_questions=bool(entries))
    if ctx.workspace.form_of(ctx.template) == "letter":
        check_information(ctx, frame.information)
    if ctx.has_new_errors():
        return None
    office = ctx.workspace.office_for(ctx.template)
    contact = details.contact or office.contact
    return model.ResolvedLetter(
        source=ctx.loaded.path,
        office=model.Office(office.name, tuple(office.letterhead), office.return_address,
                            tuple(office.footer), logo, office.logo_alt),
        inquiry=inquiry_info(ctx),
        recipient_address=tuple(recipient.address) if recipient else (),
        date=details.date,
        signatory=signatory,
        answers=answers,
        frame=frame,
        form=ctx.workspace.form_of(ctx.template),
        file_ref=details.file_ref,
        contact=model.Contact(**contact.model_dump()) if contact else model.Contact(),
        remarks=remarks,
        body=body,
        closing_remarks=closing_remarks,
        enclosures=tuple(details.enclosures),
        copies_to=tuple(details.copies_to),
        template=ctx.template,
        intro_given=details.intro,
        answer_by=details.answer_by,
        drucksache=details.drucksache,
        fold_marks=ctx.workspace.config.layout.fold_mark_heights(),
        hole_mark=ctx.workspace.config.layout.hole_mark_height(),
        resolved_texts=dict(ctx.resolved_texts),
        snippets_used=tuple(ctx.snippets_used[name] for name in sorted(ctx.snippets_used)),
    )


def _frame(ctx: FileContext, filler: TextFiller, salutation: str | None,
           has_questions: bool) -> model.FrameTexts:
    """Every standard phrase of the frame, filled in; the answer file's own texts where it has them."""
    phrases, details = ctx.phrases.phrases, ctx.parts.letter
    assert details is not None
    if details.intro is not None:
        intro = details.intro
    elif has_questions:  # a letter without numbered questions has no "beantworte ich wie folgt"
        intro = filler.phrase("intro", phrases.intro)
    else:
        intro = ""
    return model.FrameTexts(
        document_type=filler.phrase("document_type", phrases.document_type),
        subject=tuple(filler.phrase("subject", line) for line in phrases.subject),
        references=tuple(filler.phrase("references", line) for line in phrases.references),
        information=tuple((row.label, filler.phrase("information", row.value))
                          for row in phrases.information),
        date_line=filler.phrase("date_line", phrases.date_line),
        salutation=filler.phrase("salutation_default", phrases.salutation_default)
        if salutation is None else salutation,
        intro=intro,
        interim=filler.phrase("interim", phrases.interim) if details.answer_by else "",
        running_header=filler.phrase("running_header", phrases.running_header),
        closing=details.closing if details.closing is not None
        else filler.phrase("closing", phrases.closing),
        enclosure_label=filler.phrase("enclosure_label", phrases.enclosure_label),
        enclosures_label=filler.phrase("enclosures_label", phrases.enclosures_label),
        copies_label=filler.phrase("copies_label", phrases.copies_label),
    )
