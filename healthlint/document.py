"""The document model every check works on.

A parser turns a file into a :class:`Document`: the source text, a line table, and a list of
:class:`Block` objects (title, headings, paragraphs, list items, table cells, quotes; front matter
and an HTML page's ``<meta>`` descriptions and keywords too, which are not body text). Each block
carries its prose ``text`` (markup stripped, normalised for matching) and a :class:`TextMap` that
maps every position of that text back to an exact offset in the source. Checks search ``text``
and report text positions; the engine turns those into lines and columns through the map and
the line table, so nothing ever re-searches the source for a match.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from healthlint.confusables import CONFUSABLES

# Characters folded for matching (beyond NFKC): quotes, dashes and spaces of every kind.
_FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200a": " ",
    "\u2007": " ",
    "\t": " ",
    "\n": " ",
    "\r": " ",
    "\f": " ",
    "\v": " ",
    "\u200b": " ",
    "\u00ad": " ",
}


def fold_char(ch: str) -> str:
    """Return the matching form of one character (may be several characters, never empty)."""
    if ch in _FOLD:
        return _FOLD[ch]
    if ch in CONFUSABLES:
        return CONFUSABLES[ch]
    folded = unicodedata.normalize("NFKC", ch)
    if not folded:
        return " "
    if len(folded) == 1 and folded in _FOLD:
        return _FOLD[folded]
    return folded


_ASCII_PLAIN = re.compile(r"[\t\n\r\f\v]")


class LineIndex:
    """Offsets of line starts in a source text; turns an offset into a 1-based line and column.

    ``\\r\\n``, a lone ``\\r`` and ``\\n`` each end a line, so CRLF and CR files get the same
    lines and columns as LF files. Columns count Unicode code points.
    """

    _BREAK = re.compile(r"\r\n|\r|\n")

    def __init__(self, source: str) -> None:
        self.starts = [0]
        self.starts.extend(m.end() for m in self._BREAK.finditer(source))
        self.length = len(source)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int = 1) -> int:
        """Offset of a 1-based line and column (clamped to the text)."""
        line = max(1, min(line, len(self.starts)))
        return min(self.starts[line - 1] + column - 1, self.length)

    @property
    def line_count(self) -> int:
        return len(self.starts)


@dataclass
class TextMap:
    """Maps positions in a block's prose text to source offsets.

    ``segments`` holds ``(text_start, src_start, src_end)`` runs, sorted by ``text_start``. When
    the run's text length equals ``src_end - src_start`` the run maps character for character;
    otherwise (an entity, a line break, a folded ligature) the whole run stands for the source
    range.
    """

    segments: list[tuple[int, int, int]]
    text_length: int

    def __post_init__(self) -> None:
        self._starts = [seg[0] for seg in self.segments]

    def _segment(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def _run_length(self, index: int) -> int:
        nxt = self.segments[index + 1][0] if index + 1 < len(self.segments) else self.text_length
        return nxt - self.segments[index][0]

    def start(self, pos: int) -> int:
        """Source offset of the character at text position ``pos``."""
        if not self.segments:
            return 0
        i = self._segment(pos)
        t0, s0, s1 = self.segments[i]
        if self._run_length(i) == s1 - s0:
            return s0 + min(pos - t0, s1 - s0)
        return s0

    def end(self, pos: int) -> int:
        """Source offset just after the character before text position ``pos`` (exclusive end)."""
        if not self.segments:
            return 0
        if pos <= 0:
            return self.segments[0][1]
        i = self._segment(pos - 1)
        t0, s0, s1 = self.segments[i]
        if self._run_length(i) == s1 - s0:
            return s0 + min(pos - t0, s1 - s0)
        return s1


class ProseBuilder:
    """Collects the prose of one block piece by piece, with the source range of every piece."""

    __slots__ = ("parts", "segments", "length", "links", "_exact_tail")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[tuple[int, int, int]] = []
        self.length = 0
        self.links: list[Link] = []
        self._exact_tail = False  # whether the last segment was copied verbatim

    def add(self, text: str, src_start: int) -> None:
        """Add text copied verbatim from the source at ``src_start``."""
        if not text:
            return
        if text.isascii() and not _ASCII_PLAIN.search(text):
            self._push(text, src_start, src_start + len(text))
            return
        run_start = 0
        for i, ch in enumerate(text):
            folded = ch if (ch.isascii() and ch not in _FOLD) else fold_char(ch)
            if folded != ch:
                if i > run_start:
                    self._push(text[run_start:i], src_start + run_start, src_start + i)
                self._push(folded, src_start + i, src_start + i + 1, exact=len(folded) == 1)
                run_start = i + 1
        if run_start < len(text):
            self._push(text[run_start:], src_start + run_start, src_start + len(text))

    def replace(self, text: str, src_start: int, src_end: int) -> None:
        """Add text that stands for the source range (an entity, a line break, a tag)."""
        if text:
            self._push(text, src_start, src_end, exact=False)

    def _push(self, text: str, s0: int, s1: int, exact: bool = True) -> None:
        # Extend the last run only if it was verbatim too: a replacement of the same length
        # (a line break's space) must not become part of a run mapped character for character.
        if exact and self._exact_tail:
            t_prev, p0, p1 = self.segments[-1]
            if p1 == s0 and p1 - p0 == self.length - t_prev:
                self.segments[-1] = (t_prev, p0, s1)
                self.parts.append(text)
                self.length += len(text)
                return
        self.segments.append((self.length, s0, s1))
        self.parts.append(text)
        self.length += len(text)
        self._exact_tail = exact

    def text(self) -> str:
        return "".join(self.parts)

    def is_blank(self) -> bool:
        return not any(p.strip() for p in self.parts)


@dataclass(slots=True)
class Link:
    """A link in the prose: ``[text](href)``, ``<a href>``, or a bare URL in the text.

    ``text_start``/``text_end`` locate the link text in its block's prose; ``start``/``end`` are
    the source range of the whole link and ``href_start``/``href_end`` of its target.
    """

    href: str
    text: str
    rel: str
    start: int
    end: int
    href_start: int
    href_end: int
    text_start: int = 0
    text_end: int = 0
    kind: str = "link"  # link | bare | image
    block: Block | None = field(default=None, repr=False)


@dataclass(slots=True, eq=False)
class Block:
    """One unit of prose: its kind, heading level, source range and normalised text."""

    kind: str
    start: int
    end: int
    text: str
    map: TextMap
    level: int = 0
    links: list[Link] = field(default_factory=list)
    index: int = 0
    _lower: str | None = None
    _sentences: list[tuple[int, int]] | None = None

    @property
    def lower(self) -> str:
        """Lower-cased text of the same length as ``text`` (for case-insensitive matching)."""
        if self._lower is None:
            low = self.text.lower()
            if len(low) != len(self.text):
                low = "".join(c.lower() if len(c.lower()) == 1 else c for c in self.text)
            self._lower = low
        return self._lower

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """``(start, end)`` text ranges of the block's sentences."""
        if self._sentences is None:
            from healthlint.sentences import split_sentences

            self._sentences = split_sentences(self.text)
        return self._sentences

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The ``(start, end)`` range of the sentence holding ``offset`` (the whole block if none
        does)."""
        for start, end in self.sentences:
            if start <= offset < end:
                return start, end
        return 0, len(self.text)

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of the text range ``[start, end)``."""
        src_start = self.map.start(start)
        src_end = self.map.end(end) if end > start else src_start
        return src_start, max(src_start, src_end)

    @property
    def is_heading(self) -> bool:
        return self.kind in ("title", "heading")

    @property
    def in_body(self) -> bool:
        """Whether the block is the article's own text, not the page's metadata about it."""
        return self.kind not in NON_BODY_KINDS


#: Block kinds that describe the page rather than being its text: front matter, ``meta`` (the
#: content of an HTML page's description and social-card tags) and ``keywords`` (its keywords tag).
NON_BODY_KINDS = ("front-matter", "meta", "keywords")
#: The kinds of an HTML page's ``<meta>`` tags.
META_KINDS = ("meta", "keywords")
#: A word, for comparing texts that differ only in case, punctuation and spacing.
_WORD = re.compile(r"\w+")
#: The fewest words of a ``meta`` block found inside other text that make it a copy of that text.
MIN_COPY_WORDS = 5


@dataclass(slots=True, eq=False)
class Comment:
    """A markup comment (``<!-- ... -->``): where suppressions live."""

    text: str
    start: int
    end: int


@dataclass(eq=False)
class Document:
    """A parsed file: its source, line table, blocks, links, comments and front matter."""

    path: str
    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    front_matter: dict = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = LineIndex(self.source)
        self._joined: dict[str, tuple[str, list[int]]] = {}

    # Computed once: checks ask for these per block, and a parsed document does not change.
    @cached_property
    def links(self) -> list[Link]:
        return [link for block in self.blocks for link in block.links]

    @cached_property
    def title(self) -> Block | None:
        """The block a document-level finding is reported on: the title or first heading."""
        first_heading = None
        for block in self.blocks:
            if block.kind == "title":
                return block
            if block.kind == "heading" and first_heading is None:
                first_heading = block
                if block.level == 1:
                    return block
        if first_heading is not None:
            return first_heading
        return next(iter(self.body_blocks), None)

    @cached_property
    def prose_blocks(self) -> list[Block]:
        """Every block line-level rules look at by default: all but front matter."""
        return [b for b in self.blocks if b.kind != "front-matter"]

    @cached_property
    def body_blocks(self) -> list[Block]:
        """The article as a reader sees it: prose blocks other than ``meta`` ones.

        Document-level judgements (is it about a treatment, does it discuss the risks, how spun
        is it, how many words) are made on these: a description written for search engines is
        no evidence of what the article says, and usually repeats its opening."""
        return [b for b in self.blocks if b.in_body]

    @cached_property
    def repeated_meta(self) -> frozenset[int]:
        """Indexes of ``meta`` blocks that copy text the page has already: its body (a
        description that copies the first paragraph, an ``og:title`` that copies the title) or an
        earlier ``meta`` block (``og:description`` copying the description). Counts over the
        whole document count such text once, where it first is.

        A copy is the whole of a block's words, or a run of at least :data:`MIN_COPY_WORDS` of
        them: two or three words ("buy melatonin" in a keywords tag) recur by chance."""
        meta = [b for b in self.blocks if b.kind in META_KINDS]
        if not meta:
            return frozenset()
        wholes = {_words(b.text) for b in self.body_blocks}
        runs = [f" {' '.join(wholes)} "]
        repeated = set()
        for block in meta:
            words = _words(block.text)
            if block.text.rstrip().endswith("..."):  # cut short: the last word may be cut too
                words = words.rpartition(" ")[0] or words
            if not words:
                continue
            long_enough = words.count(" ") + 1 >= MIN_COPY_WORDS
            if words in wholes or (long_enough and any(f" {words} " in r for r in runs)):
                repeated.add(block.index)
            wholes.add(words)
            runs.append(f" {words} ")
        return frozenset(repeated)

    def joined(self, lower: bool = False) -> tuple[str, list[int]]:
        """Every block's text (or ``lower`` text) joined by :data:`healthlint.scan.SEPARATOR`, and
        where each block starts in it: one text to match a pattern against (see :mod:`scan`)."""
        key = "lower" if lower else "text"
        if key not in self._joined:
            from healthlint.scan import SEPARATOR

            starts, position = [], 0
            for block in self.blocks:
                starts.append(position)
                position += len(block.text) + len(SEPARATOR)
            texts = (b.lower if lower else b.text for b in self.blocks)
            self._joined[key] = (SEPARATOR.join(texts), starts)
        return self._joined[key]

    def word_count(self) -> int:
        """Words of the body (see :attr:`body_blocks`)."""
        return sum(len(b.text.split()) for b in self.body_blocks)


def _words(text: str) -> str:
    """The words of a text, lower case, one space apart."""
    return " ".join(_WORD.findall(text.lower()))
