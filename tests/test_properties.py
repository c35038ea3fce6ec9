"""Property-based tests over random Unicode documents in each format.

Documents are built from realistic pieces (headings, paragraphs, emphasis, links, code, comments,
entities, CR/CRLF breaks, non-BMP characters, combining marks, confusables) around phrases of a
test-only pack. For every document: no crash; every finding's line and column is inside the file
and names the offset it was reported at; the source text a phrase or pattern finding points at
folds to the text it matched; and the document model maps text back to source faithfully.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from healthlint.checks.phrase import normalise_phrase
from healthlint.config import Config
from healthlint.document import fold_char
from healthlint.engine import Linter, Options
from healthlint.parsers import parse

PACK = str(Path(__file__).parent / "robustness" / "pack.yaml")
LINTER = Linter(Config(), Options(select=["TST"], rules=[PACK]))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Phrases of the test pack as they may be written in a document (case, curly quote, ligature).
PHRASES = [
    "miracle cure",
    "Miracle Cure",
    "buy now",
    "BUY NOW",
    "don\u2019t wait",
    "don't wait",
    "caf\u00e9 au lait",
    "\ufb01ne print",
    "leave a reply",
    "100% safe",
    "100 % effective",
]
ALPHABET = st.sampled_from(
    list("abcdefghij klmnop ABC 0123 .,;:!?'\"-()")
    + [
        "\u00e9",  # precomposed
        "e\u0301",  # combining mark
        "\u0430",  # Cyrillic a (confusable)
        "\u03bf",  # Greek omicron (confusable)
        "\ufb01",  # ligature
        "\U0001f600",  # emoji (non-BMP)
        "\U0001d400",  # mathematical bold A (non-BMP, NFKC folds it)
        "\u4e2d",  # CJK
        "\u00a0",  # no-break space
        "\u200b",  # zero-width space
        "\u00ad",  # soft hyphen
        "\u201c",
        "\u201d",
        "\u2014",
        "\ufffd",
    ]
)
WORDS = st.lists(ALPHABET, min_size=1, max_size=12).map("".join)
BREAKS = st.sampled_from(["\n", "\r\n", "\r"])
TEXT_PIECES = st.one_of(WORDS, st.sampled_from(PHRASES), BREAKS, st.just(" "))


def _inline(markup: list[str]):
    return st.one_of(WORDS, st.sampled_from(PHRASES), st.just(" "), st.sampled_from(markup))


MD_INLINE = _inline(
    [
        "*",
        "**",
        "_",
        "`code`",
        "``",
        "[",
        "]",
        "(",
        ")",
        "[link](http://x.org/a)",
        "![img](i.png)",
        "<b>",
        "</b>",
        "<!-- c -->",
        "&amp;",
        "&eacute;",
        "&#39;",
        "\\*",
        "<http://auto.org>",
        "https://bare.example/p",
    ]
)
HTML_INLINE = _inline(
    [
        "<b>",
        "</b>",
        "<i>",
        "<a href='http://x.org'>",
        "</a>",
        "<br>",
        "<!-- c -->",
        "&amp;",
        "&eacute;",
        "&#39;",
        "&#x1F600;",
        "&#",
        "&bogus",
        "<",
        ">",
        "<img src=x alt='y'>",
        '<span class="s">',
        "</span>",
    ]
)


@st.composite
def markdown_docs(draw) -> str:
    blocks = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["", "# ", "## ", "> ", ">", "- ", "1. ", "    ", "| ", "```\n", "<!-- "]
                ),
                st.lists(MD_INLINE, max_size=12).map("".join),
                BREAKS,
            ),
            max_size=8,
        )
    )
    front = draw(st.sampled_from(["", "---\ntitle: Miracle cure\n---\n", "---\ntitle: x\n"]))
    return front + "".join(
        p + body + nl + draw(st.sampled_from(["", nl])) for p, body, nl in blocks
    )


@st.composite
def html_docs(draw) -> str:
    blocks = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["p", "h1", "h2", "li", "td", "div", "blockquote", "title", "pre", "meta"]
                ),
                st.lists(HTML_INLINE, max_size=12).map("".join),
                st.booleans(),
                BREAKS,
            ),
            max_size=8,
        )
    )
    out = []
    for tag, body, closed, nl in blocks:
        if tag == "meta":  # the body as a description's content, its quotes as references
            quoted = body.replace('"', "&quot;")
            out.append(f'<meta name="description" content="{quoted}"' + (">" if closed else "/>"))
            continue
        out.append(f"<{tag}>{body}" + (f"</{tag}>" if closed else "") + nl)
    return draw(st.sampled_from(["", "<!DOCTYPE html><html><body>"])) + "".join(out)


TEXT_DOCS = st.lists(TEXT_PIECES, max_size=40).map("".join)
FORMATS = {"text": TEXT_DOCS, "markdown": markdown_docs(), "html": html_docs()}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MARKUP = re.compile(r"[<>*_`\[\]&|#\\]|[\r\n][ \t]")


def _line_starts(source: str) -> list[int]:
    return [0] + [m.end() for m in _LINE_BREAK.finditer(source)]


def _check_findings(source: str, fmt: str) -> None:
    findings = LINTER.lint_text(source, path="doc." + fmt, fmt=fmt)
    starts = _line_starts(source)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(source)
        for line, col, offset in ((f.line, f.column, f.start), (f.end_line, f.end_column, f.end)):
            assert 1 <= line <= len(starts)
            line_end = starts[line] if line < len(starts) else len(source)
            assert 1 <= col <= line_end - starts[line - 1] + 1
            assert starts[line - 1] + col - 1 == offset  # the column names the offset
        if f.rule in ("TST001", "TST002"):
            matched = normalise_phrase(re.search(r"'(.*)'", f.message, re.S).group(1))
            named = normalise_phrase(source[f.start : f.end])
            if not _MARKUP.search(source[f.start : f.end]):
                assert named == matched, (source[f.start : f.end], matched)
            else:  # markup inside (a tag, a quote's "> "): the span still starts and ends on it
                words = matched.split()
                assert named.startswith(words[0]) and named.endswith(words[-1]), (named, matched)


def _check_model(source: str, fmt: str) -> None:
    doc = parse("doc." + fmt, source, fmt)
    for block in doc.blocks:
        n = len(block.text)
        assert len(block.lower) == n
        assert 0 <= block.start <= block.end <= len(source)
        previous = (0, 0)
        for pos in range(n + 1):
            s, e = (
                block.source_range(pos, min(n, pos + 1))
                if pos < n
                else block.source_range(pos, pos)
            )
            assert block.start <= s <= e <= block.end, (pos, s, e, block)
            assert s >= previous[0]  # monotonic
            previous = (s, e)
        for t0, s0, s1 in block.map.segments:
            nxt = [seg[0] for seg in block.map.segments if seg[0] > t0]
            run = (min(nxt) if nxt else n) - t0
            if run == s1 - s0:  # copied character for character
                for k in range(run):
                    src_ch, text_ch = source[s0 + k], block.text[t0 + k]
                    assert text_ch == src_ch or text_ch == fold_char(src_ch), (src_ch, text_ch)
        for link in block.links:
            assert 0 <= link.text_start <= link.text_end <= n
            assert 0 <= link.start <= link.end <= len(source)


@SETTINGS
@given(st.data())
def test_plain_text_documents(data):
    source = data.draw(FORMATS["text"])
    _check_findings(source, "text")
    _check_model(source, "text")


@SETTINGS
@given(markdown_docs())
@example(">a miracle\n>cure here\n")
@example("> Leave a\r\n> reply *buy now*\n\n  - don't\n    wait\n")
def test_markdown_documents(source):
    _check_findings(source, "markdown")
    _check_model(source, "markdown")


@SETTINGS
@given(html_docs())
def test_html_documents(source):
    _check_findings(source, "html")
    _check_model(source, "html")


def test_phrases_in_generated_documents_are_found():
    """The generators do produce findings (the properties above are not vacuous)."""
    source = "A miracle cure\r\nand \ufb01ne print\rdon\u2019t wait"
    findings = LINTER.lint_text(source, path="doc.txt", fmt="text")
    assert [source[f.start : f.end] for f in findings] == [
        "miracle cure",
        "\ufb01ne print",
        "don\u2019t wait",
    ]
