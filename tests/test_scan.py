"""One pattern call per document (healthlint.scan) must find exactly what one call per block finds.

Checks rely on it for every finding's position, so any difference (a match running into the next
block, an anchor meaning something else) would move or lose findings.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from healthlint import regex, scan
from healthlint.parsers import parse

PATTERNS = [
    r"\bcures?\b",
    r"buy\s+now",
    r"\W+",  # can run into the separator: must fall back
    r"x*",  # empty matches: must fall back
    r"^buy",  # anchors mean a block's edges
    r"cure$",
    r"\bno\s+(?:[\w-]+\s+){0,2}risk",
    r"[^.]*\.",
    r"(?P<a>cure)|(?P<b>buy)",
]

_WORDS = st.sampled_from(["cure", "cures", "buy", "now", "no", "risk", "x", "safe", "."])
_PARAGRAPH = st.lists(
    st.one_of(_WORDS, st.sampled_from([" ", ", ", "! ", "-", "é"])), min_size=0, max_size=12
).map("".join)


def per_block(pattern, doc, lower=False):
    out = []
    for block in doc.blocks:
        text = block.lower if lower else block.text
        out.extend(
            (block.index, m.span(), m.group(), m.groupdict()) for m in pattern.finditer(text)
        )
    return out


def joined(pattern, doc, lower=False):
    return [
        (m.block.index, m.span(), m.group(), m.groupdict())
        for m in scan.finditer(pattern, doc, lower=lower)
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=5), st.sampled_from(PATTERNS), st.booleans())
@example(["cure now", "buy it"], r"^buy", False)
@example(["it is a cure", "buy"], r"cure$", False)
@example(["what, ", "- now"], r"\W+", False)
@example(["curebuy cure", "buybuy"], r"(?P<a>cure)|(?P<b>buy)", False)
def test_same_matches_as_block_by_block(paragraphs, source, lower):
    doc = parse("t.txt", "\n\n".join(p.strip() or "x" for p in paragraphs), None)
    pattern = regex.compile(source, True)
    assert joined(pattern, doc, lower) == per_block(pattern, doc, lower)


def test_matches_carry_their_block_and_block_positions():
    doc = parse("t.md", "# Title\n\nThis pill cures colds.\n\nBuy now, it cures flu.\n", None)
    found = [
        (m.block.text, m.span(), m.group()) for m in scan.finditer(regex.compile("cures"), doc)
    ]
    assert found == [
        ("This pill cures colds.", (10, 15), "cures"),
        ("Buy now, it cures flu.", (12, 17), "cures"),
    ]


def test_only_the_blocks_asked_for():
    doc = parse("t.md", "# Cures\n\nIt cures colds.\n", None)
    body = [b for b in doc.blocks if not b.is_heading]
    found = [m.block.text for m in scan.finditer(regex.compile("cures"), doc, body)]
    assert found == ["It cures colds."]
