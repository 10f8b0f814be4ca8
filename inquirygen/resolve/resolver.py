"""One answer file through the three stages of resolving, every problem collected on the way."""

from __future__ import annotations

from .. import model
from ..errors import Problem
from ..loader import LoadedAnswers
from ..phrases import phrases_for
from ..workspace import Workspace
from . import validate
from .answers import layout_answers
from .context import FileContext, TemplateRequirements
from .fill import TextFiller, inquiry_info
from .numbering import NumberedEntry, number_questions


class LetterResolver:
    """Resolves the answer files of one workspace; snippets are read once for all of them."""

    def __init__(self, workspace: Workspace, templates: TemplateRequirements):
        self.workspace = workspace
        self.snippets = workspace.snippet_library()
        self.templates = templates

    def resolve(self, loaded: LoadedAnswers, problems: list[Problem]) -> model.ResolvedLetter | None:
        """The resolved letter, or ``None`` with every problem appended (warnings do not stop it)."""
        workspace = self.workspace
        default = workspace.template_path
        ctx = FileContext(workspace, self.snippets, self.templates, loaded, problems, default,
                          phrases_for(workspace.config, default))
        parts = ctx.parts
        named = validate.named_template(ctx)
        if named is not None:
            ctx.template, ctx.phrases = named, phrases_for(workspace.config, named)
        entries = number_questions(parts.questions, workspace.config.numbering)
        validate.register_entries(ctx, entries)
        groups = validate.joint_groups(ctx, entries)
        signatory = validate.resolve_signatory(ctx) if parts.letter else None
        salutation = validate.derive_salutation(ctx) if parts.recipient else None
        if parts.letter and parts.inquiry:
            validate.check_required_values(ctx)
        for entry in entries:
            validate.check_entry(ctx, entry)
        for index, remark in enumerate(parts.remarks):
            if remark is not None:
                validate.check_text(ctx, ("remarks", index, "text"), remark.text, None)
        for key in ("closing_remarks", "body"):
            text = getattr(parts, key)
            if text is not None:
                validate.check_text(ctx, (key,), text, None)
        validate.check_letter_shape(ctx)
        if loaded.answers is None or ctx.has_new_errors():
            return None
        assert parts.letter and parts.inquiry and parts.recipient and signatory and salutation is not None
        return _resolved(ctx, entries, groups, signatory, salutation)


def _resolved(ctx: FileContext, entries: list[NumberedEntry],
              groups: dict[str, list[NumberedEntry]], signatory: model.Signatory,
              salutation: str) -> model.ResolvedLetter | None:
    """Fill the texts and lay out the answers of a valid file; ``None`` if filling fails."""
    parts = ctx.parts
    details, recipient = parts.letter, parts.recipient
    assert details is not None and recipient is not None
    filler = TextFiller(ctx)
    phrases = ctx.phrases.phrases
    answers = layout_answers(ctx, filler, entries, groups)
    remarks = tuple(model.Section(remark.title, filler.markdown(("remarks", i, "text"), remark.text))
                    for i, remark in enumerate(parts.remarks) if remark is not None)
    body = filler.markdown(("body",), parts.body) if parts.body is not None else ()
    closing_remarks = filler.markdown(("closing_remarks",), parts.closing_remarks) \
        if parts.closing_remarks is not None else ()
    if details.intro is not None:
        intro: str | None = details.intro
    elif entries:  # a letter without numbered questions has no "beantworte ich wie folgt"
        intro = filler.phrase(phrases.intro)
    else:
        intro = None
    closing = details.closing if details.closing is not None else filler.phrase(phrases.closing)
    subject = tuple(filler.phrase(line) for line in phrases.subject)
    references = tuple(filler.phrase(line) for line in phrases.references)
    if ctx.has_new_errors():
        return None
    office = ctx.workspace.office_for(ctx.template)
    contact = details.contact or office.contact
    return model.ResolvedLetter(
        source=ctx.loaded.path,
        office=model.Office(office.name, tuple(office.letterhead), office.return_address,
                            tuple(office.footer)),
        inquiry=inquiry_info(ctx),
        recipient_address=tuple(recipient.address),
        salutation=salutation,
        date=details.date,
        signatory=signatory,
        intro=intro,
        answers=answers,
        closing=closing,
        subject=subject,
        references=references,
        file_ref=details.file_ref,
        contact=model.Contact(**contact.model_dump()) if contact else model.Contact(),
        remarks=remarks,
        body=body,
        closing_remarks=closing_remarks,
        enclosures=tuple(details.enclosures),
        copies_to=tuple(details.copies_to),
        template=ctx.template,
        intro_given=details.intro,
        resolved_texts=dict(ctx.resolved_texts),
        snippets_used=tuple(ctx.snippets_used[name] for name in sorted(ctx.snippets_used)),
    )
