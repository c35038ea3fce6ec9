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
from healthlint.packs import safe_loader
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
_OPEN_FRONT_MATTER = re.compile(r"---[ \t]*(?:\r\n|\r|\n)[A-Za-z_][\w-]*[ \t]*:")


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        _md = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
        # Only the block structure is used (inline prose has its own scanner below): skipping
        # markdown-it's inline pass halves the time and avoids its slow paths on huge lines.
        _md.core.ruler.disable(["inline", "text_join"])
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

    if _OPEN_FRONT_MATTER.match(source) and not any(t.type == "front_matter" for t in tokens):
        doc.notices.append("front matter on line 1 is never closed with '---': read as text")
    depth = _parser().options["maxNesting"]
    if any(t.nesting == 1 and t.level >= depth - 1 for t in tokens):
        doc.notices.append(
            f"quotes or lists nested more than {depth} deep: the text inside them is not linted"
        )

    headings = [b for b in doc.blocks if b.kind == "heading"]
    if headings and headings[0].level == 1 and sum(1 for b in headings if b.level == 1) == 1:
        headings[0].kind = "title"
    for i, block in enumerate(doc.blocks):
        block.index = i
    return doc


def _front_matter(doc: Document, token, line_starts: list[int]) -> None:
    import yaml  # only documents with front matter pay for it

    try:
        data = yaml.load(token.content, Loader=safe_loader())  # noqa: S506 - a safe loader
    except RecursionError:
        doc.notices.append(
            "front matter is not valid YAML (nested too deeply); its fields are ignored"
        )
        return
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
    # str.find, not a lazy regex: an unclosed "<!--" would make every later one scan to the end.
    source = doc.source
    pos = source.find("<!--", start, end)
    while pos >= 0:
        close = source.find("-->", pos + 4, end)
        if close < 0:
            break
        doc.comments.append(Comment(source[pos + 4 : close], pos, close + 3))
        pos = source.find("<!--", close + 3, end)


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
        if n:  # the space stands for the line break and the next line's "> " or indent
            previous_end = pieces[n - 1][1] + len(pieces[n - 1][0])
            builder.replace(" ", min(previous_end, offset - 1), offset)
        _scan_inline(text, offset, builder, references)
    start = pieces[0][1] if pieces else 0
    end = pieces[-1][1] + len(pieces[-1][0]) if pieces else 0
    block = make_block(builder, kind, start, end, level=level)
    if block is not None:
        doc.blocks.append(block)


def _find_closing_bracket(text: str, i: int) -> int:
    """Index of the ``]`` matching the ``[`` at ``i``, or -1 (the slow path of _match_pairs)."""
    depth = 0
    j = i
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "`":
            close = text.find("`", j + 1)
            j = close + 1 if close > 0 else j + 1
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


_BRACKET_TOKENS = re.compile(r"\\.|`|[\[\]]", re.S)
_PAREN_TOKENS = re.compile(r"\\.|[()]", re.S)
_SPECIAL = re.compile(r"[\\`\[!<&*_~]")
_MAX_LABEL = 999  # CommonMark's limit on a link label


def _match_pairs(text: str, tokens: re.Pattern, opener: str, skip_code: bool) -> dict[int, int]:
    """The index of the closer matching every opener (-1 when none), in one pass over ``text``.

    Backslash escapes never count, nor (for brackets) anything between two backticks. One pass per
    line instead of one scan per bracket: a long line full of ``[`` would otherwise be quadratic.
    """
    pairs: dict[int, int] = {}
    stack: list[int] = []
    skip_until = 0
    for match in tokens.finditer(text):
        j = match.start()
        if j < skip_until:
            continue
        ch = match.group()
        if ch == opener:
            stack.append(j)
            pairs[j] = -1
        elif ch == "`" and skip_code:
            skip_until = text.find("`", j + 1) + 1 or j + 1
        elif len(ch) == 1 and ch != opener and ch in ")]" and stack:
            pairs[stack.pop()] = j
    return pairs


def _link_destination(text: str, i: int, j: int) -> tuple[str, int, int, int] | None:
    """Parse ``(href "title")`` from ``i`` to its closing parenthesis ``j``:
    (href, href_start, href_end, end) or None."""
    if i >= len(text) or text[i] != "(" or j < 0:
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
    """Walks one line of inline Markdown, feeding prose into a builder.

    Every search that could run to the end of the line (matching brackets, closing backticks,
    the end of an HTML comment) is done once per line or remembered, so a 5 MB line of
    unmatched markup stays linear.
    """

    def __init__(self, builder: ProseBuilder, references: dict) -> None:
        self.builder = builder
        self.references = references
        self.text = ""
        self._brackets: dict[int, int] | None = None
        self._parens: dict[int, int] | None = None
        self._found: dict[str, tuple[int, int]] = {}

    def scan(self, text: str, base: int, start: int = 0, end: int | None = None) -> None:
        if text is not self.text:
            self.text, self._brackets, self._parens, self._found = text, None, None, {}
        end = len(text) if end is None else end
        b = self.builder
        i = start
        run = start
        while i < end:
            special = _SPECIAL.search(text, i, end)
            if special is None:
                break
            i = special.start()
            if i > run:
                b.add(text[run:i], base + run)
            i = self._special(text, base, i, end)
            run = i
        if end > run:
            b.add(text[run:end], base + run)

    def _find(self, needle: str, start: int, end: int) -> int:
        """``text.find(needle, start, end)``, remembering the last answer for each needle."""
        last = self._found.get(needle)
        if last is not None and last[0] <= start and (last[1] < 0 or start <= last[1]):
            found = last[1]
        else:
            found = self.text.find(needle, start)
            self._found[needle] = (start, found)
        return found if found >= 0 and found + len(needle) <= end else -1

    def _closing_bracket(self, i: int, end: int) -> int:
        if self._brackets is None:
            self._brackets = _match_pairs(self.text, _BRACKET_TOKENS, "[", skip_code=True)
        close = self._brackets.get(i)
        if close is None:  # inside what the table took for code: scan as before
            close = _find_closing_bracket(self.text[:end], i)
        return close if close < end else -1

    def _closing_paren(self, i: int, end: int) -> int:
        if i >= end or self.text[i] != "(":
            return -1
        if self._parens is None:
            self._parens = _match_pairs(self.text, _PAREN_TOKENS, "(", skip_code=False)
        close = self._parens.get(i, -1)
        return close if close < end else -1

    def _special(self, text: str, base: int, i: int, end: int) -> int:
        b = self.builder
        ch = text[i]
        if ch == "\\" and i + 1 < end and not text[i + 1].isalnum() and not text[i + 1].isspace():
            b.replace(text[i + 1], base + i, base + i + 2)
            return i + 2
        if ch == "`":
            ticks = 1
            while i + ticks < end and text[i + ticks] == "`":
                ticks += 1
            close = self._find("`" * ticks, i + ticks, end)
            if close < 0:
                b.add(text[i : i + ticks], base + i)
                return i + ticks
            b.replace(" ", base + i, base + close + ticks)
            return close + ticks
        if ch == "!" and i + 1 < end and text[i + 1] == "[":
            close = self._closing_bracket(i + 1, end)
            dest = (
                _link_destination(text, close + 1, self._closing_paren(close + 1, end))
                if close > 0
                else None
            )
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
                close = self._find("-->", i + 4, end)
                if close >= 0:
                    b.replace("", base + i, base + close + 3)
                    return close + 3
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
        close = self._closing_bracket(i, end)
        if close < 0:
            b.add("[", base + i)
            return i + 1
        dest = _link_destination(text, close + 1, self._closing_paren(close + 1, end))
        href = None
        if dest:
            href, h0, h1, stop = dest
        elif self.references:
            ref_end = close + 1
            # Longer labels cannot name a reference (and slicing each would be quadratic).
            ref_label = text[i + 1 : close] if close - i <= _MAX_LABEL + 1 else ""
            if close + 1 < end and text[close + 1] == "[":
                ref_close = text.find("]", close + 2, min(end, close + 3 + _MAX_LABEL))
                if ref_close > 0:
                    ref_label = text[close + 2 : ref_close] or ref_label
                    ref_end = ref_close + 1
            ref = self.references.get(_normalize_label(ref_label))
            if ref:
                href = ref.get("href", "")
                h0 = h1 = close + 1
                stop = ref_end
        if href is None:
            b.add("[", base + i)
            return i + 1
        label = text[i + 1 : close]
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
