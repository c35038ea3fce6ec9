"""Findings land on the exact line and column in every format and encoding."""

from __future__ import annotations

import codecs

import pytest
from conftest import lint

from healthlint.parsers import parse
from healthlint.sources import decode

RESIDUE = ("HL901",)


def _positions(findings):
    return [(f.line, f.column, f.end_line, f.end_column) for f in findings]


def test_markdown_with_front_matter_keeps_line_numbers():
    text = "---\ntitle: A page\ntags: [sleep]\n---\n\n# Sleep\n\nSome text. Leave a Reply\n"
    findings = lint(text, "markdown", RESIDUE)
    assert _positions(findings) == [(8, 12, 8, 25)]


def test_markdown_inline_markup_does_not_shift_columns():
    text = "Intro with **bold** and a [link](https://example.org) then *leave a reply* here.\n"
    findings = lint(text, "markdown", RESIDUE)
    assert _positions(findings) == [(1, 61, 1, 74)]
    assert findings[0].message.startswith("Page residue: 'leave a reply'")


def test_markdown_list_quote_and_table_cells():
    text = (
        "- first item\n"
        "- second: leave a reply\n"
        "\n"
        "> quoted text\n"
        "> and leave a reply\n"
        "\n"
        "| a | b |\n"
        "|---|---|\n"
        "| x | leave a reply |\n"
    )
    findings = lint(text, "markdown", RESIDUE)
    assert _positions(findings) == [(2, 11, 2, 24), (5, 7, 5, 20), (9, 7, 9, 20)]


def test_markdown_code_and_comments_are_not_prose():
    text = (
        "Text.\n\n"
        "```\nleave a reply\n```\n\n"
        "Use `leave a reply` in code.\n\n"
        "<!-- leave a reply -->\n"
    )
    assert lint(text, "markdown", RESIDUE) == []


def test_html_positions_and_entities():
    text = (
        "<html><head><title>T</title></head><body>\n"
        "<p>Caf&eacute; &amp; more: <b>Leave</b> a reply</p>\n"
        "<script>var x = 'leave a reply';</script>\n"
        "</body></html>\n"
    )
    findings = lint(text, "html", RESIDUE)
    assert _positions(findings) == [(2, 31, 2, 48)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_positions(newline):
    lines = ["Title line", "", "First paragraph here.", "", "Then: Leave a Reply"]
    findings = lint(newline.join(lines) + newline, "text", RESIDUE)
    assert _positions(findings) == [(5, 7, 5, 20)]


def test_utf8_bom_and_non_ascii_columns_count_code_points():
    raw = codecs.BOM_UTF8 + "Héllo wörld 😀 — leave a reply\n".encode()
    text, notices = decode(raw)
    assert notices == []
    findings = lint(text, "text", RESIDUE)
    # The BOM is not a column; the emoji is one code point.
    assert _positions(findings) == [(1, 17, 1, 30)]


def test_utf16_bom_decodes():
    raw = codecs.BOM_UTF16_LE + "Leave a reply\n".encode("utf-16-le")
    text, _ = decode(raw)
    assert _positions(lint(text, "text", RESIDUE)) == [(1, 1, 1, 14)]


def test_confusable_letters_still_match_and_report_the_original_span():
    text = "Lеаve a reply\n"  # Cyrillic е and а
    findings = lint(text, "text", RESIDUE)
    assert _positions(findings) == [(1, 1, 1, 14)]


def test_plain_text_layouts():
    one_per_line = (
        "A Title Here\n"
        + "Intro paragraph that is long enough to be a paragraph of text, " * 4
        + "done.\n"
        + "A Heading\n"
        + "Body text of the section goes on for a while and ends with a stop. " * 4
        + "\n"
    )
    doc = parse("x.txt", one_per_line)
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", "heading", "paragraph"]

    wrapped = (
        "A Title\n\n"
        "This paragraph is wrapped\nacross two lines.\n\n"
        "Side effects\n\n"
        "  1. First item of a list\n"
        "  2. Second item\n"
    )
    doc = parse("x.txt", wrapped)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("title", "A Title"),
        ("paragraph", "This paragraph is wrapped across two lines."),
        ("heading", "Side effects"),
        ("list-item", "First item of a list"),
        ("list-item", "Second item"),
    ]

    # One paragraph per line: an advert line without end punctuation, longer than a heading or
    # any wrapped line, does not run on into the next (whose "?" would hide its claim).
    ads = (
        "A reply long enough to show the file keeps one paragraph per line, " * 4
        + "as forums do.\n"
        + "Doctors Stunned: This One Kitchen Spice Empties Your Colon Overnight (Try It Tonight)"
        + " - example.com/spice?utm_source=forum&utm_medium=native\n"
        + "Over 50? This 10-Second Gut Test Reveals If You're Full Of Parasites"
        + " - example.org/test?aff=forum&utm_medium=native\n"
    )
    doc = parse("x.txt", ads)
    assert [b.text[:15] for b in doc.blocks] == [
        "A reply long en",
        "Doctors Stunned",
        "Over 50? This 1",
    ]


def test_links_are_recorded_with_their_targets():
    doc = parse("x.md", 'See [the NIH](https://www.nih.gov/ "t") or www.example.com/page.\n')
    links = doc.links
    assert [(k.href, k.text, k.kind) for k in links] == [
        ("https://www.nih.gov/", "the NIH", "link"),
        ("www.example.com/page", "www.example.com/page", "bare"),
    ]
    assert doc.source[links[0].href_start : links[0].href_end] == "https://www.nih.gov/"


def test_a_domain_without_scheme_is_a_link_only_when_a_query_follows():
    doc = parse("x.txt", "T\n\nRead it: skin.example/best-rollers?ref=forum and/or 30 km/h.\n")
    assert [(k.href, k.text) for k in doc.links] == [
        ("http://skin.example/best-rollers?ref=forum", "skin.example/best-rollers?ref=forum")
    ]
    plain = parse("x.txt", "T\n\nSee skin.example/best-rollers or node.js/react.\n")
    assert plain.links == []
