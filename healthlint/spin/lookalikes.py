"""Look-alike letters from other scripts inside Latin words ("mеdicine" with a Cyrillic "е").

The document model folds such letters to Latin in ``block.text`` so every rule still matches;
here the original characters are read back from ``doc.source`` through the block's map.
"""

from __future__ import annotations

import re

from healthlint.confusables import CONFUSABLES
from healthlint.document import Block, Document

_WORD = re.compile(r"[A-Za-z]{2,}")


def find(doc: Document, block: Block):
    """(start, end, plain word) of words whose source mixes Latin and look-alike letters."""
    src = doc.source[block.start : block.end]
    if src.isascii() or not any(ch in CONFUSABLES for ch in src):
        return
    for match in _WORD.finditer(block.text):
        s, e = match.span()
        a, b = block.source_range(s, e)
        original = doc.source[a:b]
        if any(ch in CONFUSABLES for ch in original) and any(
            "a" <= ch.lower() <= "z" for ch in original
        ):
            yield s, e, match.group()
