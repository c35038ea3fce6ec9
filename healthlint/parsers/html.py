"""HTML: blocks and links from the standard library's tolerant ``html.parser``.

Text is copied with its source offsets (from ``getpos()``); character references are kept as
replacements standing for their source range. ``script``, ``style``, ``pre``, ``code``,
``template`` and ``noscript`` content never reaches the prose; comments are kept for suppressions.

The ``content`` of ``<meta>`` tags that describe the page to search engines and social networks
(``description``, ``keywords``, ``og:title``, ``og:description``, ``twitter:title``,
``twitter:description``) becomes a ``meta`` block (``keywords`` a ``keywords`` block): its text is the attribute value as a browser
reads it (character references decoded), mapped back to the value's own characters in the tag,
so a finding points into the attribute. Spam pages stuff purchase keywords into exactly these.

Malformed input is handled as browsers (and Python 3.13.5+) do, in linear time: a comment,
declaration or tag left open at the end of the file swallows the rest of it. The standard parser of
older Pythons re-scans the rest of the file at every later ``<`` instead (quadratic), and stops
parsing tags after a second ``&#`` that starts no character reference; both are handled here.
"""

from __future__ import annotations

import html
import html.parser
import re
from html.parser import HTMLParser, charref

from healthlint.document import Block, Comment, Document, Link, ProseBuilder
from healthlint.parsers import make_block

_BLOCK_TAGS = {
    "title": "title",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "p": "paragraph",
    "div": "paragraph",
    "section": "paragraph",
    "article": "paragraph",
    "main": "paragraph",
    "body": "paragraph",
    "header": "paragraph",
    "footer": "paragraph",
    "aside": "paragraph",
    "figcaption": "paragraph",
    "caption": "paragraph",
    "dd": "paragraph",
    "dt": "paragraph",
    "address": "paragraph",
    "summary": "paragraph",
    "details": "paragraph",
    "li": "list-item",
    "td": "table-cell",
    "th": "table-cell",
    "blockquote": "quote",
    "ul": "paragraph",
    "ol": "paragraph",
    "table": "paragraph",
    "tr": "paragraph",
    "nav": "paragraph",
    "form": "paragraph",
    "html": "paragraph",
}
_SKIP_TAGS = {"script", "style", "pre", "code", "template", "noscript", "svg", "math"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col"}
_MAX_DEPTH = 512
#: ``<meta name=...>`` (or ``property=...``) values whose ``content`` is text about the page.
_META_NAMES = {
    "description",
    "keywords",
    "og:title",
    "og:description",
    "twitter:title",
    "twitter:description",
}
# The standard parser's own patterns for a tag's name and attributes (they differ a little
# between Python versions), so attribute values are found exactly where it found them; Python
# 3.11's as a fallback, should a version rename them.
_TAG_NAME = getattr(
    html.parser, "tagfind_tolerant", re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
)
_ATTRIBUTE = getattr(
    html.parser,
    "attrfind_tolerant",
    re.compile(
        r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?"""
        r"(?:\s|/(?!>))*"
    ),
)
#: A character reference as ``html.unescape`` finds them (it decodes attribute values so).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# Stands in for the "#" of a "&#" that starts no character reference (see _mask_charrefs).
_MASK = "\x01"
_AMP_HASH = re.compile("&#")


def _mask_charrefs(source: str) -> str:
    """The source with the "#" of every "&#" that is no character reference masked.

    Python's HTMLParser stops handling tags after such a "&#" (everything after a second one
    becomes text). The mask keeps every offset; text is always read back from the real source.
    """
    if "&#" not in source:
        return source
    parts = []
    last = 0
    for match in _AMP_HASH.finditer(source):
        if charref.match(source, match.start()) is None:
            parts.append(source[last : match.start() + 1])
            parts.append(_MASK)
            last = match.start() + 2
    parts.append(source[last:])
    return "".join(parts)


def _unmask(value: str | None) -> str | None:
    return value.replace("&" + _MASK, "&#") if value and _MASK in value else value


def _attribute_spans(source: str, start: int, end: int) -> dict[str, tuple[int, int]]:
    """Source ranges of the attribute values of the start tag at ``source[start:end]``, by
    lower-case name (the first of repeated attributes, as browsers keep it), found as
    ``HTMLParser.parse_starttag`` finds them; quotes are not part of a value."""
    spans: dict[str, tuple[int, int]] = {}
    match = _TAG_NAME.match(source, start + 1)
    k = match.end() if match else end
    while k < end:
        m = _ATTRIBUTE.match(source, k)
        if not m or m.end() == k:
            break
        name = m.group(1).lower()
        if m.group(2) and name not in spans:
            v0, v1 = m.span(3)
            if v1 - v0 >= 2 and source[v0] in "'\"" and source[v1 - 1] == source[v0]:
                v0, v1 = v0 + 1, v1 - 1
            spans[name] = (v0, v1)
        k = m.end()
    return spans


def _attribute_text(builder: ProseBuilder, source: str, start: int, end: int) -> None:
    """Add the attribute value ``source[start:end]`` as ``html.unescape`` decodes it, each
    character reference standing for its source range."""
    last = start
    for m in _CHARREF.finditer(source, start, end):
        builder.add(source[last : m.start()], last)
        decoded = html.unescape(m.group())
        if decoded == m.group():
            builder.add(decoded, m.start())  # no reference after all ("&" and a word)
        else:
            builder.replace(decoded, m.start(), m.end())
        last = m.end()
    builder.add(source[last:end], last)


class _Collector(HTMLParser):
    def __init__(self, doc: Document) -> None:
        super().__init__(convert_charrefs=False)
        self.doc = doc
        # Offsets of line starts counting "\n" only, as HTMLParser's getpos() does.
        self.lf_starts = [0]
        pos = doc.source.find("\n")
        while pos >= 0:
            self.lf_starts.append(pos + 1)
            pos = doc.source.find("\n", pos + 1)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.builder = ProseBuilder()
        self.block_start = 0
        self.link: Link | None = None
        self.link_from: tuple[ProseBuilder, int] | None = None  # builder and part index at <a>
        self.meta: list[Block] = []  # meta blocks, merged into the others by position at the end

    # -- positions --------------------------------------------------------------------------
    def source_offset(self) -> int:
        line, col = self.getpos()
        return self.lf_starts[min(line - 1, len(self.lf_starts) - 1)] + col

    # -- blocks -----------------------------------------------------------------------------
    def current_kind(self) -> tuple[str, int]:
        for tag in reversed(self.stack):
            kind = _BLOCK_TAGS.get(tag)
            if kind:
                return kind, int(tag[1]) if kind == "heading" else (1 if kind == "title" else 0)
        return "paragraph", 0

    def flush(self, end: int) -> None:
        kind, level = self.current_kind()
        block = make_block(self.builder, kind, self.block_start, end, level=level)
        if block is not None:
            self.doc.blocks.append(block)
        self.builder = ProseBuilder()
        self.block_start = end

    # -- handlers ---------------------------------------------------------------------------
    def get_starttag_text(self) -> str | None:
        return _unmask(super().get_starttag_text())

    def handle_starttag(self, tag: str, attrs) -> None:
        start = self.source_offset()
        attrs = [(name, _unmask(value)) for name, value in attrs]
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        if self.skip_depth:
            if tag not in _VOID:
                self.stack.append(tag)
            return
        if tag == "meta":
            self._meta(start, attrs)
            return
        if tag in _BLOCK_TAGS or tag == "br":
            if tag == "br":
                self.builder.replace(" ", start, start + len(self.get_starttag_text() or ""))
                return
            self.flush(start)
        if tag == "a":
            values = dict(attrs)
            href = values.get("href") or ""
            raw = self.get_starttag_text() or ""
            h0 = raw.find(href) if href else -1
            href_start = start + (h0 if h0 >= 0 else 0)
            self.link = Link(
                href,
                "",
                values.get("rel") or "",
                start,
                start + len(raw),
                href_start,
                href_start + (len(href) if h0 >= 0 else 0),
                self.builder.length,
                self.builder.length,
            )
            self.link_from = (self.builder, len(self.builder.parts))
        elif tag == "img":
            values = dict(attrs)
            raw = self.get_starttag_text() or ""
            self.builder.links.append(
                Link(
                    values.get("src") or "",
                    values.get("alt") or "",
                    "",
                    start,
                    start + len(raw),
                    start,
                    start,
                    self.builder.length,
                    self.builder.length,
                    kind="image",
                )
            )
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(tag)
        if tag in _BLOCK_TAGS:
            self.block_start = start + len(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and not self.skip_depth:
            start = self.source_offset()
            self.builder.replace(" ", start, start + len(self.get_starttag_text() or ""))
        elif tag in ("img", "meta"):
            self.handle_starttag(tag, attrs)

    def _meta(self, start: int, attrs) -> None:
        """A ``meta`` block from a description, keywords or social-card tag's ``content``."""
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        kind = (values.get("name") or values.get("property") or "").strip().lower()
        if kind not in _META_NAMES or not values.get("content", "").strip():
            return
        source = self.doc.source
        value = _attribute_spans(source, start, start + len(self.get_starttag_text() or "")).get(
            "content"
        )
        if value is None:
            return
        builder = ProseBuilder()
        _attribute_text(builder, source, *value)
        # A keywords list is search terms, not sentences: its own kind, so claim rules skip it.
        block = make_block(builder, "keywords" if kind == "keywords" else "meta", *value)
        if block is not None:
            self.meta.append(block)

    def handle_endtag(self, tag: str) -> None:
        start = self.source_offset()
        if tag not in self.stack:
            return
        if self.skip_depth:
            while self.stack:
                popped = self.stack.pop()
                if popped in _SKIP_TAGS:
                    self.skip_depth -= 1
                if popped == tag:
                    break
            return
        if tag == "a" and self.link is not None:
            link = self.link
            link.text_end = self.builder.length
            builder, first_part = self.link_from or (None, 0)
            if builder is not self.builder:  # the link spans blocks: keep this block's part
                link.text_start, first_part = 0, 0
            # Join only the link's own parts: joining the whole block per link is quadratic.
            link.text = "".join(self.builder.parts[first_part:])
            link.end = start + len(tag) + 3
            self.builder.links.append(link)
            self.link = None
        if tag in _BLOCK_TAGS:
            self.flush(start)
        while self.stack:
            if self.stack.pop() == tag:
                break
        if tag in _BLOCK_TAGS:
            self.block_start = start + len(tag) + 3

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        start = self.source_offset()
        self.builder.add(self.doc.source[start : start + len(data)], start)

    def _reference(self, text: str) -> None:
        if self.skip_depth:
            return
        start = self.source_offset()
        raw_end = start + len(text)
        if raw_end < len(self.doc.source) and self.doc.source[raw_end] == ";":
            raw_end += 1
        self.builder.replace(html.unescape(self.doc.source[start:raw_end]), start, raw_end)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def handle_comment(self, data: str) -> None:
        start = self.source_offset()
        lead = 4 if self.doc.source.startswith("<!--", start) else 2
        text = self.doc.source[start + lead : start + lead + len(data)]
        end = self.doc.source.find(">", start + lead + len(data))
        self.doc.comments.append(Comment(text, start, len(self.doc.source) if end < 0 else end + 1))

    # -- constructs left open (see the module docstring) -------------------------------------
    def _to_end(self, i: int) -> int:
        """Swallow the rest of the file (an open tag, declaration or instruction at its end)."""
        return len(self.rawdata)

    def parse_starttag(self, i: int) -> int:
        k = super().parse_starttag(i)
        if k >= 0:
            return k
        close = self.rawdata.find(">", i + 1)
        if close < 0:
            return self._to_end(i)
        # A tag the parser cannot read (an unclosed quote): text up to the next ">", as before.
        self.handle_data(self.rawdata[i : close + 1])
        return close + 1

    def parse_endtag(self, i: int) -> int:
        k = super().parse_endtag(i)
        return k if k >= 0 else self._to_end(i)

    def parse_comment(self, i: int, report: int = 1) -> int:
        k = super().parse_comment(i, report)
        if k >= 0:
            return k
        if report:  # no "-->" follows: the comment runs to the end of the file
            self.handle_comment(self.rawdata[i + 4 :])
        return self._to_end(i)

    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<![", i):
            # In HTML content "<![CDATA[" opens a bogus comment that ends at the next ">".
            close = self.rawdata.find(">", i + 3)
            return close + 1 if close >= 0 else self._to_end(i)
        k = super().parse_html_declaration(i)
        return k if k >= 0 else self._to_end(i)

    def parse_pi(self, i: int) -> int:
        k = super().parse_pi(i)
        return k if k >= 0 else self._to_end(i)


def parse_html(path: str, source: str) -> Document:
    doc = Document(path=path, source=source, format="html")
    collector = _Collector(doc)
    collector.feed(_mask_charrefs(source))
    collector.close()
    collector.flush(len(source))
    if collector.meta:
        doc.blocks = _in_order(doc.blocks, collector.meta)
    # An <h1> with the same text as <title> is the title's second copy: keep the <h1> as title.
    titles = [b for b in doc.blocks if b.kind == "title"]
    h1 = next((b for b in doc.blocks if b.kind == "heading" and b.level == 1), None)
    if titles and h1 is not None and titles[0].text.strip() == h1.text.strip():
        doc.blocks.remove(titles[0])
        h1.kind = "title"
    for i, block in enumerate(doc.blocks):
        block.index = i
    return doc


def _in_order(blocks: list[Block], meta: list[Block]) -> list[Block]:
    """``meta`` blocks placed among the others by where they start (a meta tag inside a block
    comes after that block), the others keeping their order."""
    out = []
    pending = iter(meta)
    nxt = next(pending, None)
    for block in blocks:
        while nxt is not None and nxt.start < block.start:
            out.append(nxt)
            nxt = next(pending, None)
        out.append(block)
    if nxt is not None:
        out.append(nxt)
    out.extend(pending)
    return out
