"""The editor's labels and texts, marked for translation here because the page templates are not Python."""

from __future__ import annotations

from ..i18n import N_, _

# The label of every field, by its place in the answer file ("*" for a list index).
FIELDS = {
    "inquiry.date": N_("Date of the inquiry"),
    "inquiry.subject": N_("Subject"),
    "inquiry.questioner": N_("Questioner (faction or member)"),
    "inquiry.kind": N_("Kind (Anfrage, Kleine Anfrage …)"),
    "inquiry.reference": N_("Drucksache or Vorlage number"),
    "inquiry.received": N_("Received on"),
    "recipient.address": N_("Address (one line each)"),
    "recipient.salutation": N_("Salutation (e.g. Frau Krieg)"),
    "letter.date": N_("Date of the letter"),
    "letter.signatory": N_("Signatory"),
    "letter.file_ref": N_("File reference (Aktenzeichen)"),
    "letter.template": N_("Template"),
    "letter.contact.name": N_("Contact: name"),
    "letter.contact.phone": N_("Contact: phone"),
    "letter.contact.email": N_("Contact: e-mail"),
    "letter.contact.room": N_("Contact: room"),
    "letter.enclosures": N_("Enclosures (one line each)"),
    "letter.copies_to": N_("Copy to (one line each)"),
    "question.id": N_("Short name (for references)"),
    "question.question": N_("Question"),
    "question.response": N_("Answer (Markdown)"),
    "question.see": N_("Instead of an answer: refer to"),
    "question.together_with": N_("Answered together with"),
    "closing_remarks": N_("Closing remarks (Markdown)"),
    "remark.title": N_("Title (e.g. Vorbemerkung der Verwaltung)"),
    "remark.text": N_("Text (Markdown)"),
}

# Every other text of the pages, by a short name.
TEXTS = {
    "title": N_("inquirygen editor"),
    "start": N_("Open inquiries"),
    "no_open": N_("There are no open inquiries in the workspace."),
    "subject": N_("Subject"),
    "questioner": N_("Questioner"),
    "kind": N_("Kind"),
    "received": N_("Received"),
    "due": N_("Due"),
    "days_left": N_("Days left"),
    "missing": N_("Still missing"),
    "inquiry": N_("The inquiry"),
    "recipient": N_("Recipient"),
    "letter": N_("The letter"),
    "questions": N_("Questions and answers"),
    "remarks": N_("Remarks before the answers"),
    "remark_n": N_("Remark {number}"),
    "add_remark": N_("Add a remark"),
    "question_n": N_("Question {number}"),
    "part_n": N_("Sub-question {number}"),
    "add_question": N_("Add a question"),
    "add_part": N_("Add a sub-question"),
    "remove": N_("Remove"),
    "up": N_("Move up"),
    "down": N_("Move down"),
    "none": N_("(none)"),
    "own_signatory": N_("(as written in the file)"),
    "bold": N_("Bold"),
    "italic": N_("Italic"),
    "bullets": N_("Bullet list"),
    "numbers": N_("Numbered list"),
    "table": N_("Table"),
    "snippet": N_("Insert snippet"),
    "snippet_pick": N_("Snippet"),
    "insert": N_("Insert"),
    "cancel": N_("Cancel"),
    "preview": N_("Preview"),
    "no_problems": N_("No problems found."),
    "stale": N_("The letter has errors; the preview shows the last state without errors."),
    "saved": N_("Saved."),
    "saving": N_("Saving …"),
    "reloaded": N_("The file was changed outside the editor and has been read again."),
    "unsaved": N_("Your text for '{field}' was not saved: the file was changed there too in the meantime. "
                  "Here it is, to copy:"),
    "build": N_("Build Word file"),
    "build_pdf": N_("Build Word file and PDF"),
    "archive": N_("Archive"),
    "download": N_("Download {name}"),
    "archived": N_("Archived as {entry}."),
    "back": N_("All inquiries"),
    "warning": N_("Warning"),
    "error": N_("Error"),
    "line": N_("line {line}"),
    "table_template": N_("| Column 1 | Column 2 |\n|---|---|\n| | |"),
    "confirm_remove": N_("Remove this entry with everything in it?"),
    "working": N_("Working …"),
}


def field_label(key: str) -> str:
    """The label of a field in the user's language."""
    return _(FIELDS[key])


def text(key: str, **fields: object) -> str:
    """A text of the pages in the user's language, its ``{fields}`` filled in."""
    return _(TEXTS[key]).format(**fields) if fields else _(TEXTS[key])
