"""Plain text: paragraphs, headings, list items and a title, from layout alone.

Web articles saved as text come in two layouts: paragraphs separated by blank lines, and one
paragraph per line with no blank lines at all. A heading is a short line without end punctuation
standing alone; the first such line of the file is the title. Hard-wrapped paragraphs (lines
that do not end a sentence) are joined.
"""

from __future__ import annotations

import re

from healthlint.document import Document, ProseBuilder
from healthlint.parsers import make_block

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_LIST_MARKER = re.compile(r"[ \t]*(?:\d{1,3}[.)]|[-*\u2022\u25aa\u2013])[ \t]+")
_END_PUNCT = tuple(".!?:;,\"\u201d)\u2019'")
_MAX_HEADING_CHARS = 110
_MAX_HEADING_WORDS = 14
#: Hard-wrapped text keeps its lines under about 80 characters. In a file with one paragraph per
#: line, a line longer than a wrapped one is a block of its own even without end punctuation
#: (a headline and its link, say); elsewhere only a line no wrapper would make is.
_WRAPPED_LINE_CHARS = 80
_LONG_LINE_CHARS = 200


def _lines(source: str) -> list[tuple[int, str]]:
    """(start offset, text without line break) for every line."""
    out = []
    for match in _LINE.finditer(source):
        if match.start() == len(source) and match.start() > 0:
            break
        out.append((match.start(), match.group().rstrip("\r\n")))
    return out


def _is_heading_line(text: str) -> bool:
    stripped = text.strip()
    if not stripped or len(stripped) > _MAX_HEADING_CHARS:
        return False
    if len(stripped.split()) > _MAX_HEADING_WORDS:
        return False
    if _LIST_MARKER.match(text) and not stripped.endswith("?"):
        return False  # a list item, unless it is a numbered question (an FAQ heading)
    return not stripped.endswith(_END_PUNCT) or stripped.endswith("?")


def parse_text(path: str, source: str) -> Document:
    doc = Document(path=path, source=source, format="text")
    lines = _lines(source)
    # Group consecutive non-blank lines.
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for start, text in lines:
        if text.strip():
            current.append((start, text))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)

    long_line_layout = any(len(text) > _LONG_LINE_CHARS for _, text in lines)
    title_done = False
    for group in groups:
        for kind, members in _split_group(group, long_line_layout):
            if kind == "heading" and not title_done:
                kind = "title"
            title_done = True
            _emit(doc, kind, members)
    for i, block in enumerate(doc.blocks):
        block.index = i
    return doc


def _split_group(group: list[tuple[int, str]], long_lines: bool):
    """Split a group of adjacent lines into (kind, lines) blocks."""
    pending: list[tuple[int, str]] = []
    pending_kind = "paragraph"
    own_block_chars = _WRAPPED_LINE_CHARS if long_lines else _LONG_LINE_CHARS
    for i, (start, text) in enumerate(group):
        alone = len(group) == 1
        prev_ends = i == 0 or group[i - 1][1].rstrip().endswith(_END_PUNCT)
        heading = _is_heading_line(text) and (alone or prev_ends or long_lines)
        # A short line ending without punctuation inside a hard-wrapped paragraph is not a
        # heading when the next line continues in lower case.
        if heading and i + 1 < len(group) and not long_lines:
            nxt = group[i + 1][1].strip()
            if nxt[:1].islower():
                heading = False
        if heading:
            if pending:
                yield pending_kind, pending
                pending = []
            yield "heading", [(start, text)]
            pending_kind = "paragraph"
            continue
        item = _LIST_MARKER.match(text)
        starts_new = (
            not pending
            or item is not None
            or (long_lines and pending and pending[-1][1].rstrip().endswith(_END_PUNCT))
            or (pending and len(pending[-1][1]) > own_block_chars)
        )
        if starts_new and pending:
            yield pending_kind, pending
            pending = []
        if not pending:
            pending_kind = "list-item" if item else "paragraph"
        pending.append((start, text))
    if pending:
        yield pending_kind, pending


def _emit(doc: Document, kind: str, members: list[tuple[int, str]]) -> None:
    builder = ProseBuilder()
    for n, (start, text) in enumerate(members):
        offset = 0
        if n == 0 and kind == "list-item":
            marker = _LIST_MARKER.match(text)
            offset = marker.end() if marker else 0
        lead = len(text) - len(text.lstrip())
        offset = max(offset, lead)
        body = text[offset:].rstrip()
        if n > 0:
            builder.replace(" ", start - 1, start)
        builder.add(body, start + offset)
    first_start = members[0][0]
    last_start, last_text = members[-1]
    block = make_block(
        builder,
        kind,
        first_start,
        last_start + len(last_text),
        level=1 if kind in ("title", "heading") else 0,
    )
    if block is not None:
        if kind == "heading":
            block.level = 2
        doc.blocks.append(block)
