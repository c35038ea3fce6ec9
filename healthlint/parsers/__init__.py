"""Parsers: one per input format, each turning source text into a :class:`Document`."""

from __future__ import annotations

import os
import re

from healthlint.document import Block, Document, Link, ProseBuilder, TextMap

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def format_for_path(path: str) -> str | None:
    """The format of a file name by its extension, or None when healthlint does not read it."""
    return FORMATS.get(os.path.splitext(path)[1].lower())


def parse(path: str, source: str, fmt: str | None = None) -> Document:
    """Parse ``source`` (already decoded) into a Document; ``fmt`` defaults to the extension's."""
    fmt = fmt or format_for_path(path) or "text"
    if fmt == "markdown":
        from healthlint.parsers.markdown import parse_markdown

        return parse_markdown(path, source)
    if fmt == "html":
        from healthlint.parsers.html import parse_html

        return parse_html(path, source)
    from healthlint.parsers.plaintext import parse_text

    return parse_text(path, source)


_BARE_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.I)


def make_block(
    builder: ProseBuilder, kind: str, start: int, end: int, level: int = 0
) -> Block | None:
    """Finish a block from its builder: attach links and find bare URLs in its text."""
    if builder.is_blank():
        return None
    text = builder.text()
    block = Block(kind, start, end, text, TextMap(builder.segments, len(text)), level=level)
    block.links = list(builder.links)
    covered = [(link.text_start, link.text_end) for link in block.links]
    for match in _BARE_URL.finditer(text):
        if any(s <= match.start() < e for s, e in covered):
            continue
        src_start, src_end = block.source_range(match.start(), match.end())
        block.links.append(
            Link(
                href=match.group(),
                text=match.group(),
                rel="",
                start=src_start,
                end=src_end,
                href_start=src_start,
                href_end=src_end,
                text_start=match.start(),
                text_end=match.end(),
                kind="bare",
            )
        )
    block.links.sort(key=lambda link: link.text_start)
    for link in block.links:
        link.block = block
    return block
