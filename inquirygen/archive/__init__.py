"""The archive of sent letters: immutable entries with typed manifests, a search index, verify, export."""

from . import index as _index
from .index import INDEX, Hit, excerpt, fold
from .manifest import (
    ENTRY_FILES,
    MANIFEST,
    MANIFEST_FORMAT,
    Entry,
    InquiryFacts,
    LetterFacts,
    LetterRecord,
    Manifest,
    ManifestFile,
    ManifestQuestion,
    TemplateFacts,
    Tool,
)
from .oparl import export_entry
from .store import (
    Archive,
    Archived,
    LetterTexts,
    PdfWriter,
    archive_letter,
    frozen_answer_file,
    letter_texts,
    slug,
)

__all__ = (
    "ENTRY_FILES", "INDEX", "MANIFEST", "MANIFEST_FORMAT", "Archive", "Archived", "Entry", "Hit",
    "InquiryFacts", "LetterFacts", "LetterRecord", "LetterTexts", "Manifest", "ManifestFile",
    "ManifestQuestion", "PdfWriter", "TemplateFacts", "Tool", "archive_letter", "excerpt",
    "export_entry", "fold", "frozen_answer_file", "letter_texts", "slug",
)

# What these two were called in archive.py; benchmarks/run.py writes its synthetic index through them.
_create_tables = _index.create_tables
_index_entry = _index.index_entry
