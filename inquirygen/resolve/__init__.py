"""Validated answers → a resolved letter, in three stages that each only look back.

:mod:`.validate` checks everything that can be checked before writing, :mod:`.fill` fills in snippets,
references and phrases in the sandbox, :mod:`.answers` numbers the answers and sets joint groups and
references. Nothing is resolved unless the whole file is clean, so a letter never has a hole in it.
"""

from __future__ import annotations

from .context import TemplateRequirements
from .resolver import LetterResolver

__all__ = ["LetterResolver", "TemplateRequirements"]
