"""The archive of sent letters: chained entries with typed manifests, a search index, verify, export."""

from . import index as _index
from .add import Archived, LetterTexts, archive_letter, letter_texts
from .folders import slug
from .index import INDEX, Hit, Listed, excerpt, fold
from .manifest import (
    ENTRY_FILES,
    MANIFEST,
    MANIFEST_FORMAT,
    ChainLink,
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
from .store import Archive, PdfWriter
from .verify import ChainHead, VerifyReport

__all__ = (
    "ENTRY_FILES", "INDEX", "MANIFEST", "MANIFEST_FORMAT", "Archive", "Archived", "ChainHead", "ChainLink",
    "Entry", "Hit", "InquiryFacts", "LetterFacts", "LetterRecord", "LetterTexts", "Listed", "Manifest",
    "ManifestFile", "ManifestQuestion", "PdfWriter", "TemplateFacts", "Tool", "VerifyReport",
    "archive_letter", "excerpt", "export_entry", "fold", "letter_texts", "slug",
)

# What these two were called in archive.py; benchmarks/run.py writes its synthetic index through them.
_create_tables = _index.create_tables
_index_entry = _index.index_entry
