"""Parsers: one per input format, each turning source text into a :class:`Document`."""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable

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


# format -> (module, function); imported on first use so a run over text files never loads
# the Markdown or HTML parser.
_PARSERS = {
    "markdown": ("healthlint.parsers.markdown", "parse_markdown"),
    "html": ("healthlint.parsers.html", "parse_html"),
    "text": ("healthlint.parsers.plaintext", "parse_text"),
}


def parser_for(fmt: str) -> Callable[[str, str], Document]:
    """The parse function of a format (importing its module)."""
    module, function = _PARSERS[fmt]
    return getattr(importlib.import_module(module), function)


def parse(path: str, source: str, fmt: str | None = None) -> Document:
    """Parse ``source`` (already decoded) into a Document; ``fmt`` defaults to the extension's."""
    return parser_for(fmt or format_for_path(path) or "text")(path, source)


#: A bare URL. A template placeholder in it ("/r/{{ customer.code }}?ref=email", as mailing tools
#: write referral links) belongs to the URL even with spaces inside, so its query is not lost.
#: Without "http://" or "www.", a domain with a path counts only if a query follows
#: ("shop.example/best-rollers?ref=forum"): "and/or" or "km/h" are not links.
_BARE_URL = re.compile(
    r"(?:\b(?:https?://|www\.)|(?<![\w@./-])(?=(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"'?]*\?[\w.-]+=))"
    r"(?:[^\s<>\"'()\[\]{]|\{\{[^{}<>]{0,100}\}\}|\{%[^{}<>]{0,100}%\}|\{(?![{%]))*"
    r"(?:[^\s<>\"'()\[\].,;:!?{]|\{\{[^{}<>]{0,100}\}\}|\{%[^{}<>]{0,100}%\})",
    re.I,
)
#: How a bare URL that names its host starts; other bare URLs get "http://" put in front.
_ABSOLUTE = re.compile(r"https?://|www\.", re.I)


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
        href = match.group()
        if not _ABSOLUTE.match(href):
            href = "http://" + href  # so the link has a host, like one written with "www."
        block.links.append(
            Link(
                href=href,
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
