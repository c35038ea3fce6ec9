"""Match a rule's pattern against every block of a document in one call of the regex engine.

Each call into RE2 from Python costs more than scanning a few hundred characters, and most rules
match in few blocks, so calling it once per block per rule was much of a run's time. Here a
pattern runs once over all the blocks' texts joined by :data:`SEPARATOR`, and each match is handed
back with its block and block-relative positions.

The matches are exactly those that matching each block's text alone would give: a block's text
never contains a newline (the parsers fold line breaks to spaces), so ``.`` cannot run on into the
next block, and the separator has no word character, so ``\\b`` sees the same boundaries at a
block's edges. What could still differ falls back to one call per block: a pattern anchored with
``^``, ``$``, ``\\A`` or ``\\z`` (they mean the block's edges), and any run in which a match reaches
into the separator or is empty (a pattern such as ``\\W+`` or ``x*``).

Most joined texts are ASCII (the parsers fold quotes, dashes and odd spaces), and for those the
RE2 engine is called directly on the bytes, whose offsets are then the text's: google-re2's
Python ``finditer`` converts every match's offsets between bytes and characters and builds a
match object, which costs several times the search itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import Any

from healthlint.document import Block, Document

try:  # google-re2's engine binding: match spans straight from the bytes
    from re2 import _re2

    _UNANCHORED = _re2.RE2.Anchor.UNANCHORED
except (ImportError, AttributeError):  # pragma: no cover - another re2 build
    _UNANCHORED = None

#: Between two blocks' texts in the joined text: no word character, no character of any block.
SEPARATOR = "\n\x00\n"

_ESCAPE = re.compile(r"\\.")
_anchored_cache: dict[str, bool] = {}
_Spans = list[tuple[int, int]]  # the whole match's span, then each group's ((-1, -1): unmatched)


def _anchored(pattern: Any) -> bool:
    """Whether the pattern's source uses an anchor (conservatively: any ``^`` outside ``[^``)."""
    source = getattr(pattern, "pattern", "")
    if not isinstance(source, str):
        return True
    anchored = _anchored_cache.get(source)
    if anchored is None:
        plain = _ESCAPE.sub(lambda m: "" if m.group() not in ("\\A", "\\z", "\\Z") else "^", source)
        anchored = "$" in plain or "^" in plain.replace("[^", "[")
        _anchored_cache[source] = anchored
    return anchored


class BlockMatch:
    """A match in one block, with positions relative to that block's text (like ``re.Match``)."""

    __slots__ = ("block", "_spans", "_text", "_offset", "_names")

    def __init__(self, block: Block, spans: _Spans, text: str, offset: int, names: Any) -> None:
        self.block = block
        self._spans = spans
        self._text = text
        self._offset = offset
        self._names = names

    def span(self, group: int = 0) -> tuple[int, int]:
        start, end = self._spans[group]
        if start < 0:
            return start, end  # the group did not take part in the match
        return start - self._offset, end - self._offset

    def start(self, group: int = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int = 0) -> int:
        return self.span(group)[1]

    def group(self, group: int = 0) -> str | None:
        start, end = self._spans[group]
        return None if start < 0 else self._text[start:end]

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(index) for name, index in self._names.items()}


def finditer(
    pattern: Any, doc: Document, blocks: Sequence[Block] | None = None, lower: bool = False
) -> Iterator[BlockMatch]:
    """Matches of ``pattern`` in ``blocks`` (default: all), in document order.

    ``lower`` matches against each block's ``lower`` text instead of ``text``.
    """
    names = pattern.groupindex
    wanted = None if blocks is None else {b.index for b in blocks}
    matches = None if _anchored(pattern) else _joined_matches(pattern, doc, lower)
    if matches is None:  # block by block
        for block in doc.blocks if blocks is None else blocks:
            text = block.lower if lower else block.text
            for spans in _all_spans(pattern, text):
                yield BlockMatch(block, spans, text, 0, names)
        return
    text = doc.joined(lower)[0]
    for block, spans, offset in matches:
        if wanted is None or block.index in wanted:
            yield BlockMatch(block, spans, text, offset, names)


def _all_spans(pattern: Any, text: str) -> Iterator[_Spans]:
    """The spans of every match, as ``pattern.finditer`` finds them."""
    groups = range(pattern.groups + 1)
    for match in pattern.finditer(text):
        yield [match.span(g) for g in groups]


def _joined_matches(pattern: Any, doc: Document, lower: bool) -> list | None:
    """``(block, spans, offset)`` of every match in the joined text, or None to go block by block."""
    text, starts = doc.joined(lower)
    blocks = doc.blocks
    found = []
    spans_found = _ascii_spans(pattern, text)
    for spans in _all_spans(pattern, text) if spans_found is None else spans_found:
        start, end = spans[0]
        if end <= start:
            return None
        i = bisect.bisect_right(starts, start) - 1
        block = blocks[i]
        offset = starts[i]
        block_end = offset + len(block.text)
        if start >= block_end:
            if end <= block_end + len(SEPARATOR):
                continue  # inside the separator only: no block's text
            return None
        if end > block_end:
            return None
        found.append((block, spans, offset))
    return found


def _ascii_spans(pattern: Any, text: str) -> list[_Spans] | None:
    """Every match's spans, straight from RE2 on an ASCII text's bytes (None: use finditer).

    Stops at the first empty match: the caller then goes block by block anyway."""
    regexp = getattr(pattern, "_regexp", None)
    if _UNANCHORED is None or regexp is None or not text.isascii():
        return None
    data = text.encode("ascii")
    found, position, end = [], 0, len(data)
    while True:
        spans = regexp.Match(_UNANCHORED, data, position, end)
        start, stop = spans[0]
        if start < 0:
            return found
        found.append(spans)
        if stop <= start:
            return found
        position = stop
