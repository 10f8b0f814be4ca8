"""The HTML writer: a :class:`~inquirygen.letter.Letter` as HTML, for the editor's live preview.

It prints the parts in the order and with the words of the text writer (and so of the .docx): lists
as ``<ul>``/``<ol>``, tables with a header row, footnote marks "[1]" and the footnotes at the end.
Pictures (logo, signature) are not text: they stand as an empty ``role="img"`` with their alt text.
"""

from __future__ import annotations

from html import escape

from .. import model
from ..letter import Image, LabelledList, Letter

_PAGE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: Arial, "Liberation Sans", sans-serif; max-width: 42em; margin: 2em auto;
       color: #1a1a1a; line-height: 1.4; }}
.letter-address, .letter-information {{ margin-bottom: 1.2em; }}
.letter-return {{ font-size: 0.75em; text-decoration: underline; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #666; padding: 0.2em 0.5em; }}
.align-right {{ text-align: right; }} .align-center {{ text-align: center; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


class HtmlWriter:
    """A whole HTML page (UTF-8); the registry's name for it is "html"."""

    suffix = ".html"

    def write(self, letter: Letter) -> bytes:
        page = _PAGE.format(title=escape(letter.properties.title), body=letter_html(letter))
        return page.encode("utf-8")


def letter_html(letter: Letter) -> str:
    """The letter as an ``<article>``, every part in the order it is printed (the text writer's)."""
    footnotes: list[str] = []
    parts: list[str] = [_lines("letter-head", letter.letterhead, _image(letter.logo))]
    if letter.form == "letter":
        address = ([f'<div class="letter-return">{escape(letter.return_address)}</div>']
                   if letter.return_address else [])
        address += [f"<div>{escape(line)}</div>" for line in letter.address]
        parts.append(_div("letter-address", "".join(address)))
        rows = "".join(f"<div><dt>{escape(row.label)}:</dt> <dd>{escape(row.value)}</dd></div>"
                       for row in letter.information)
        date = f'<p class="letter-date">{escape(letter.date)}</p>' if letter.date else ""
        parts.append(_div("letter-information", (f"<dl>{rows}</dl>" if rows else "") + date))
        parts.append(_paragraph("letter-type", letter.document_type))
        parts.append(_lines("letter-subject", (*letter.subject, *letter.references)))
        parts.append(_paragraph("letter-salutation", letter.salutation))
    else:  # the print form: the top block (Drucksache number, date …), then the title
        parts.append(_lines("letter-references", (*letter.references, letter.date)))
        parts.append(_paragraph("letter-type", letter.document_type))
        parts.append(_lines("letter-subject", letter.subject))
    parts.append(_paragraph("letter-intro", letter.intro))
    for remark in letter.remarks:
        parts.append(f'<section class="letter-remark"><h3>{_text(remark.title)}</h3>'
                     f"{blocks_html(remark.blocks, footnotes)}</section>")
    parts.append(blocks_html(letter.body, footnotes))
    for answer in letter.answers:
        questions = "".join(
            f'<p class="question{" sub-question" if q.sub else ""}"><strong>{_text(q.label)}</strong> '
            f"{_text(q.text)}</p>" for q in answer.questions)
        label = _paragraph("answer-label", answer.label)
        parts.append(f'<section class="letter-answer">{questions}{label}'
                     f"{blocks_html(answer.printed_blocks, footnotes)}</section>")
    parts.append(blocks_html(letter.closing_remarks, footnotes))
    parts.append(_paragraph("letter-interim", letter.interim))
    parts.append(_paragraph("letter-closing", letter.closing))
    if letter.signature is not None:
        parts.append(_lines("letter-signature", letter.signature.lines, _image(letter.signature.image)))
    parts.extend(_labelled(labelled) for labelled in (letter.enclosures, letter.copies))
    if footnotes:
        notes = "".join(f'<p id="footnote-{number}">[{number}] {text}</p>'
                        for number, text in enumerate(footnotes, 1))
        parts.append(f'<div class="letter-footnotes">{notes}</div>')
    parts.append(_lines("letter-footer", letter.footer))
    return '<article class="letter" lang="de">' + "".join(part for part in parts if part) + "</article>"


def blocks_html(blocks: tuple[model.Block, ...], footnotes: list[str]) -> str:
    """Paragraphs, headings, lists and tables; ``footnotes`` collects the notes' HTML as they come."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, model.Paragraph):
            out.append(f"<p>{_inlines(block.inlines, footnotes)}</p>")
        elif isinstance(block, model.Heading):
            out.append(f"<h4>{_text(block.text)}</h4>")
        elif isinstance(block, model.Table):
            out.append(_table(block, footnotes))
        else:
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = "".join(f"<li>{blocks_html(item.blocks, footnotes)}</li>" for item in block.items)
            out.append(f"<{tag}{start}>{items}</{tag}>")
    return "".join(out)


def _table(table: model.Table, footnotes: list[str]) -> str:
    def cells(row: tuple[model.TableCell, ...], tag: str) -> str:
        return "".join(
            f"<{tag}{_align(table.alignments, index)}>{_inlines(cell.inlines, footnotes)}</{tag}>"
            for index, cell in enumerate(row))

    head = f"<thead><tr>{cells(table.header, 'th')}</tr></thead>"
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in table.rows)
    notes = "".join(f'<p class="table-note">{_inlines(note.inlines, footnotes)}</p>' for note in table.notes)
    return f"<table>{head}<tbody>{body}</tbody></table>{notes}"


def _align(alignments: tuple[str | None, ...], index: int) -> str:
    alignment = alignments[index] if index < len(alignments) else None
    return f' class="align-{alignment}"' if alignment in ("right", "center") else ""


def _inlines(inlines: tuple[model.Inline, ...], footnotes: list[str]) -> str:
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, model.Span):
            text = _text(inline.text)
            if inline.italic:
                text = f"<em>{text}</em>"
            if inline.bold:
                text = f"<strong>{text}</strong>"
            parts.append(text)
        elif isinstance(inline, model.LineBreak):
            parts.append("<br>")
        elif isinstance(inline, model.PageBreak):
            parts.append('<br class="page-break">')
        else:
            # A note's own notes cannot be printed in Word either: its text only, as the text writer.
            footnotes.append(_text(model.inline_text(inline.inlines)))
            number = len(footnotes)
            parts.append(f'<sup><a href="#footnote-{number}">[{number}]</a></sup>')
    return "".join(parts)


def _text(text: str) -> str:
    """Escaped, with pasted line breaks (vertical tab, new line) and page breaks as ``<br>``."""
    return escape(text).replace("\x0b", "<br>").replace("\f", "<br>").replace("\n", "<br>")


def _paragraph(role: str, text: str) -> str:
    return f'<p class="{role}">{_text(text)}</p>' if text else ""


def _lines(role: str, lines: tuple[str, ...], image: str = "") -> str:
    shown = "".join(f"<div>{_text(line)}</div>" for line in lines if line)
    return _div(role, image + shown) if shown or image else ""


def _div(role: str, content: str) -> str:
    return f'<div class="{role}">{content}</div>' if content else ""


def _image(image: Image | None) -> str:
    return f'<span class="letter-image" role="img" aria-label="{escape(image.alt)}"></span>' if image else ""


def _labelled(labelled: LabelledList) -> str:
    if not labelled.items:
        return ""
    items = "".join(f"<div>{_text(item)}</div>" for item in labelled.items)
    return f'<div class="letter-list"><p>{_text(labelled.label)}</p>{items}</div>'
