"""Markdown: block structure from markdown-it-py, inline prose from our own scanner.

markdown-it-py gives every block its source lines (``token.map``) but no columns for inline
content, so each block's lines are located in the source and a small inline scanner walks them,
copying prose with its exact offsets and leaving out code spans, inline HTML, emphasis markers and
link targets (links are recorded separately). Fenced and indented code, HTML comments and front
matter never reach the prose; front matter ``title`` and ``description`` become
``front-matter`` blocks that rules may opt into.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from healthlint.document import Comment, Document, Link, ProseBuilder
from healthlint.parsers import make_block

_md: MarkdownIt | None = None

_BLOCK_OPEN = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "th_open": "table-cell",
    "td_open": "table-cell",
}
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]*)>", re.I)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        # Only block structure is used: inline content is scanned with exact offsets below, so
        # markdown-it's own inline pass (half its time) is switched off.
        _md = (
            MarkdownIt("commonmark", {"html": True})
            .enable("table")
            .use(front_matter_plugin)
            .disable(["inline", "text_join"])
        )
    return _md


def parse_markdown(path: str, source: str) -> Document:
    doc = Document(path=path, source=source, format="markdown")
    env: dict = {}
    tokens = _parser().parse(source, env)
    line_starts = doc.lines.starts
    references = env.get("references", {})
    containers: list[str] = []
    pending_kind: str | None = None
    pending_level = 0
    cursor: dict[int, int] = {}  # per source line: where the last located piece ended

    for token in tokens:
        if token.type == "front_matter":
            _front_matter(doc, token, line_starts)
        elif token.type in ("blockquote_open", "list_item_open"):
            containers.append("quote" if token.type == "blockquote_open" else "list-item")
        elif token.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif token.type in _BLOCK_OPEN:
            pending_kind = _BLOCK_OPEN[token.type]
            pending_level = int(token.tag[1]) if token.type == "heading_open" else 0
            if pending_kind == "paragraph" and containers:
                pending_kind = containers[-1]
        elif token.type == "inline" and pending_kind and token.map:
            _inline_block(doc, token, pending_kind, pending_level, references, cursor)
            pending_kind = None
        elif token.type == "html_block" and token.map:
            _comments(doc, token, line_starts)

    headings = [b for b in doc.blocks if b.kind == "heading"]
    if headings and headings[0].level == 1 and sum(1 for b in headings if b.level == 1) == 1:
        headings[0].kind = "title"
    for i, block in enumerate(doc.blocks):
        block.index = i
    return doc


def _front_matter(doc: Document, token, line_starts: list[int]) -> None:
    import yaml  # only documents with front matter pay for it

    try:
        data = yaml.safe_load(token.content)
    except Exception as exc:  # YAMLError, or a constructor's ValueError ("date: 2024-03-42")
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        doc.notices.append(f"front matter is not valid YAML ({reason}); its fields are ignored")
        return
    if not isinstance(data, dict):
        return
    doc.front_matter = data
    start_line, end_line = token.map
    for line_no in range(start_line + 1, min(end_line, len(line_starts))):
        line_start = line_starts[line_no]
        line_end = line_starts[line_no + 1] if line_no + 1 < len(line_starts) else len(doc.source)
        line = doc.source[line_start:line_end].rstrip("\r\n")
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("title", "description") and value.strip():
            raw = value.strip()
            offset = line_start + line.index(raw, len(key) + 1)
            if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
                raw, offset = raw[1:-1], offset + 1
            builder = ProseBuilder()
            builder.add(raw, offset)
            block = make_block(builder, "front-matter", offset, offset + len(raw))
            if block is not None:
                doc.blocks.append(block)


def _comments(doc: Document, token, line_starts: list[int]) -> None:
    start = line_starts[token.map[0]]
    end = line_starts[token.map[1]] if token.map[1] < len(line_starts) else len(doc.source)
    pos = start
    while True:  # find() pairs, not a lazy regex: an unterminated "<!--" stays linear
        opening = doc.source.find("<!--", pos, end)
        closing = doc.source.find("-->", opening + 4, end) if opening >= 0 else -1
        if closing < 0:
            return
        doc.comments.append(Comment(doc.source[opening + 4 : closing], opening, closing + 3))
        pos = closing + 3


def _locate_lines(doc: Document, token, cursor: dict[int, int]) -> list[tuple[str, int]]:
    """Pair each line of the inline content with its source offset.

    markdown-it strips container prefixes (``>``, list markers, indentation) from the content;
    each content line is found inside its own source line, after whatever was located there
    before (table cells share a line).
    """
    starts = doc.lines.starts
    first, last = token.map
    content_lines = token.content.split("\n")
    # A setext heading's underline is in the map but not in the content.
    out = []
    for i, text in enumerate(content_lines):
        line_no = min(first + i, last - 1, len(starts) - 1)
        line_start = starts[line_no]
        line_end = starts[line_no + 1] if line_no + 1 < len(starts) else len(doc.source)
        line = _LINE_BREAK.sub("", doc.source[line_start:line_end])
        from_col = cursor.get(line_no, 0)
        stripped = text.strip()
        col = line.find(stripped, from_col) if stripped else from_col
        if col < 0:
            col = line.find(stripped)
        if col < 0:
            col = len(line) - len(line.lstrip())
            text = line[col:]
            stripped = text.strip()
        cursor[line_no] = col + len(stripped)
        out.append((stripped, line_start + col))
    return out


def _inline_block(doc: Document, token, kind: str, level: int, references: dict, cursor) -> None:
    pieces = _locate_lines(doc, token, cursor)
    builder = ProseBuilder()
    for n, (text, offset) in enumerate(pieces):
        if n:
            builder.replace(" ", offset - 1, offset)
        _scan_inline(text, offset, builder, references)
    start = pieces[0][1] if pieces else 0
    end = pieces[-1][1] + len(pieces[-1][0]) if pieces else 0
    block = make_block(builder, kind, start, end, level=level)
    if block is not None:
        doc.blocks.append(block)


def _bracket_pairs(text: str) -> dict[int, int]:
    """Matching ``[``/``]`` and ``(``/``)`` positions of one line, found in a single pass.

    Escapes and code spans are skipped. One pass, not a scan per opening bracket: a line of
    thousands of ``[`` stays linear.
    """
    pairs: dict[int, int] = {}
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    closers = {"]": "[", ")": "("}
    j = 0
    n = len(text)
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "`":
            close = text.find("`", j + 1)
            j = close + 1 if close > 0 else j + 1
            continue
        if ch in stacks:
            stacks[ch].append(j)
        elif ch in closers and stacks[closers[ch]]:
            pairs[stacks[closers[ch]].pop()] = j
        j += 1
    return pairs


def _closing(pairs: dict[int, int], i: int, end: int) -> int:
    """The partner of the bracket at ``i`` if it lies before ``end``, else -1."""
    j = pairs.get(i, -1)
    return j if j < end else -1


def _link_destination(
    text: str, i: int, end: int, pairs: dict[int, int]
) -> tuple[str, int, int, int] | None:
    """Parse ``(href "title")`` at ``i``: (href, href_start, href_end, end) or None."""
    if i >= end or text[i] != "(":
        return None
    j = _closing(pairs, i, end)
    if j < 0:
        return None
    inner = text[i + 1 : j]
    lead = len(inner) - len(inner.lstrip())
    dest = inner.strip()
    if dest.startswith("<"):
        close = dest.find(">")
        href = dest[1:close] if close > 0 else dest[1:]
        href_start = i + 1 + lead + 1
    else:
        href = dest.split()[0] if dest else ""
        href_start = i + 1 + lead
    return href, href_start, href_start + len(href), j + 1


class _Scanner:
    """Walks one line of inline Markdown, feeding prose into a builder."""

    def __init__(self, builder: ProseBuilder, references: dict) -> None:
        self.builder = builder
        self.references = references
        self._line: str | None = None
        self.pairs: dict[int, int] = {}
        self.last_comment_end = -1

    def _prepare(self, text: str) -> None:
        """Per line, once: bracket partners and where the last comment closes."""
        if text is not self._line:
            self._line = text
            self.pairs = _bracket_pairs(text)
            self.last_comment_end = text.rfind("-->")

    def scan(self, text: str, base: int, start: int = 0, end: int | None = None) -> None:
        end = len(text) if end is None else end
        self._prepare(text)
        b = self.builder
        i = start
        run = start
        while i < end:
            ch = text[i]
            special = ch in "\\`[!<&*_~"
            if not special:
                i += 1
                continue
            if i > run:
                b.add(text[run:i], base + run)
            i = self._special(text, base, i, end)
            run = i
        if end > run:
            b.add(text[run:end], base + run)

    def _special(self, text: str, base: int, i: int, end: int) -> int:
        b = self.builder
        ch = text[i]
        if ch == "\\" and i + 1 < end and not text[i + 1].isalnum() and not text[i + 1].isspace():
            b.replace(text[i + 1], base + i, base + i + 2)
            return i + 2
        if ch == "`":
            ticks = len(text[i:end]) - len(text[i:end].lstrip("`"))
            close = text.find("`" * ticks, i + ticks, end)
            if close < 0:
                b.add(text[i : i + ticks], base + i)
                return i + ticks
            b.replace(" ", base + i, base + close + ticks)
            return close + ticks
        if ch == "!" and i + 1 < end and text[i + 1] == "[":
            close = _closing(self.pairs, i + 1, end)
            dest = _link_destination(text, close + 1, end, self.pairs) if close > 0 else None
            if dest:
                href, h0, h1, stop = dest
                b.links.append(
                    Link(
                        href,
                        text[i + 2 : close],
                        "",
                        base + i,
                        base + stop,
                        base + h0,
                        base + h1,
                        b.length,
                        b.length,
                        kind="image",
                    )
                )
                return stop
            b.add("!", base + i)
            return i + 1
        if ch == "[":
            return self._link(text, base, i, end)
        if ch == "<":
            auto = _AUTOLINK.match(text, i, end)
            if auto:
                t0 = b.length
                b.add(auto.group(1), base + i + 1)
                b.links.append(
                    Link(
                        auto.group(1),
                        auto.group(1),
                        "",
                        base + i,
                        base + auto.end(),
                        base + i + 1,
                        base + auto.end() - 1,
                        t0,
                        b.length,
                    )
                )
                return auto.end()
            if text.startswith("<!--", i):
                # A comment runs to the first "-->"; none after this one means plain text
                # (checked once per line, so a run of "<!--" stays linear).
                close = text.find("-->", i + 4, end) if i + 4 <= self.last_comment_end else -1
                if close >= 0:
                    b.replace("", base + i, base + close + 3)
                    return close + 3
                b.add("<", base + i)
                return i + 1
            tag = _INLINE_TAG.match(text, i, end)
            if tag:
                b.replace(
                    " " if tag.group().lower().startswith("<br") else "", base + i, base + tag.end()
                )
                return tag.end() if tag.end() > i else i + 1
            b.add("<", base + i)
            return i + 1
        if ch == "&":
            entity = _ENTITY.match(text, i, end)
            if entity:
                b.replace(html.unescape(entity.group()), base + i, base + entity.end())
                return entity.end()
            b.add("&", base + i)
            return i + 1
        # Emphasis delimiters: a run of *, _ or ~.
        j = i
        while j < end and text[j] == ch:
            j += 1
        before = text[i - 1] if i > 0 else " "
        after = text[j] if j < end else " "
        if ch == "_" and before.isalnum() and after.isalnum():
            b.add(text[i:j], base + i)  # snake_case, not emphasis
        elif before.isspace() and after.isspace():
            b.add(text[i:j], base + i)  # "2 * 3"
        elif ch == "~" and j - i == 1:
            b.add("~", base + i)
        return j

    def _link(self, text: str, base: int, i: int, end: int) -> int:
        b = self.builder
        close = _closing(self.pairs, i, end)
        if close < 0:
            b.add("[", base + i)
            return i + 1
        label = text[i + 1 : close]
        dest = _link_destination(text, close + 1, end, self.pairs)
        href = None
        if dest:
            href, h0, h1, stop = dest
        else:
            ref_end = close + 1
            ref_label = label
            if close + 1 < end and text[close + 1] == "[":
                ref_close = text.find("]", close + 2, end)
                if ref_close > 0:
                    ref_label = text[close + 2 : ref_close] or label
                    ref_end = ref_close + 1
            ref = self.references.get(_normalize_label(ref_label))
            if ref:
                href = ref.get("href", "")
                h0 = h1 = close + 1
                stop = ref_end
        if href is None:
            b.add("[", base + i)
            return i + 1
        t0 = b.length
        self.scan(text, base, i + 1, close)
        b.links.append(
            Link(href, label, "", base + i, base + stop, base + h0, base + h1, t0, b.length)
        )
        return stop


def _normalize_label(label: str) -> str:
    return " ".join(label.split()).upper()


def _scan_inline(text: str, base: int, builder: ProseBuilder, references: dict) -> None:
    _Scanner(builder, references).scan(text, base)
