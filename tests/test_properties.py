"""Property-based tests over random documents in each format: no crash, every position inside
the file, and every finding's span naming exactly the source text it reports."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.checks.phrase import normalise_phrase
from healthlint.config import Config
from healthlint.document import fold_char
from healthlint.engine import Linter, Options
from healthlint.parsers import parse

TOKEN = "zorbax"
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_linter: Linter | None = None


def linter(tmp_path_factory) -> Linter:
    global _linter
    if _linter is None:
        pack = tmp_path_factory.mktemp("pack") / "props.yaml"
        pack.write_text(
            textwrap.dedent(f"""\
            rules:
              - code: PR100
                name: token-phrase
                category: promotional
                severity: warning
                kind: phrase
                phrases: [{TOKEN}]
                message: "{{match}}"
              - code: PR101
                name: token-pattern
                category: promotional
                severity: warning
                kind: pattern
                pattern: '{TOKEN}\\w*'
                scope: [prose, link-target]
                message: "{{match}}"
            """)
        )
        _linter = Linter(Config(), Options(rules=[str(pack)]))
    return _linter


# Pieces of text: plain words, the token (sometimes with look-alike letters), odd characters.
WORDS = st.sampled_from(
    [
        "the",
        "Pain",
        "relief",
        "may",
        "help",
        "cure",
        "100% safe",
        "buy now",
        "café",
        "naïve",
        "e\u0301",
        "😀",
        "𝔘𝔫𝔦",
        "ﬁne",
        "“quoted”",
        "it’s",
        "—",
        "\u00a0",
        "\u200b",
        "Leave a reply",
        TOKEN,
        TOKEN.upper(),
        "zоrbax",
        "ｚｏｒｂａｘ",
        "a.",
        "Dr.",
        "?",
        "!!",
        "&",
        "<",
        ">",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "`",
        "#",
        "|",
        "\\",
        "---",
        "http://x.example/?ref=1",
    ]
)
LINE = st.lists(WORDS, min_size=0, max_size=12).map(" ".join)
NEWLINE = st.sampled_from(["\n", "\r\n", "\r"])


def _markdown_block(line: str, kind: int) -> str:
    return [
        line,
        f"# {line}",
        f"- {line}",
        f"> {line}",
        f"**{line}**",
        f"[{line}](https://x.example/{TOKEN})",
        f"`{line}`",
        f"```\n{line}\n```",
        f"<!-- {line} -->",
        f"| {line} | b |\n|---|---|\n| c | d |",
        f"---\ntitle: {line}\n---",
    ][kind]


def _html_block(line: str, kind: int) -> str:
    escaped = line.replace("&", "&amp;")
    return [
        f"<p>{escaped}</p>",
        f"<h2>{escaped}</h2>",
        f"<li>{escaped}</li>",
        f"<div><b>{escaped}</b></div>",
        f"<a href='https://x.example/{TOKEN}' rel='nofollow'>{escaped}</a>",
        f"<script>{line}</script>",
        f"<!-- {line} -->",
        f"<p>{escaped}&nbsp;&#233;&eacute",
        f"<td>{escaped}",
        escaped,
        f"<pre>{escaped}</pre>",
    ][kind]


DOCS = {
    "text": st.tuples(st.lists(LINE, max_size=8), NEWLINE).map(lambda t: t[1].join(t[0])),
    "markdown": st.tuples(st.lists(st.tuples(LINE, st.integers(0, 10)), max_size=8), NEWLINE).map(
        lambda t: (t[1] * 2).join(_markdown_block(line, k) for line, k in t[0]).replace("\n", t[1])
    ),
    "html": st.tuples(st.lists(st.tuples(LINE, st.integers(0, 10)), max_size=8), NEWLINE).map(
        lambda t: t[1].join(_html_block(line, k) for line, k in t[0])
    ),
}
SUFFIX = {"text": "doc.txt", "markdown": "doc.md", "html": "doc.html"}


def _check_findings(source: str, path: str, findings) -> None:
    doc = parse(path, source)
    lines = doc.lines
    for f in findings:
        assert 0 <= f.start <= f.end <= len(source)
        assert (f.line, f.column) == lines.position(f.start)
        assert (f.end_line, f.end_column) == lines.position(f.end)
        assert 1 <= f.line <= f.end_line <= lines.line_count
        if f.rule == "PR100":
            # The span is exactly the token as written (look-alike and wide letters folded).
            assert normalise_phrase(source[f.start : f.end]) == TOKEN
            assert normalise_phrase(f.message) == TOKEN


def _run(fmt: str, source: str, tmp_path_factory) -> None:
    path = SUFFIX[fmt]
    findings = linter(tmp_path_factory).lint_text(source, path=path)
    _check_findings(source, path, findings)


@SETTINGS
@given(source=DOCS["text"])
def test_plain_text(source, tmp_path_factory):
    _run("text", source, tmp_path_factory)


@SETTINGS
@given(source=DOCS["markdown"])
def test_markdown(source, tmp_path_factory):
    _run("markdown", source, tmp_path_factory)


@SETTINGS
@given(source=DOCS["html"])
def test_html(source, tmp_path_factory):
    _run("html", source, tmp_path_factory)


@SETTINGS
@given(fmt=st.sampled_from(sorted(DOCS)), data=st.data())
def test_text_maps_back_to_the_source(fmt, data):
    source = data.draw(DOCS[fmt])
    doc = parse(SUFFIX[fmt], source)
    for block in doc.blocks:
        assert 0 <= block.map.start(0) <= len(source)
        previous = -1
        for pos in range(len(block.text)):
            start, end = block.source_range(pos, pos + 1)
            assert 0 <= start <= end <= len(source)
            assert start >= previous  # monotonic
            previous = start
            if end - start == 1:
                # One source character: the text holds (part of) its matching form.
                original = source[start]
                assert block.text[pos] in fold_char(original) + original + " "
