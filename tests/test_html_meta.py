"""An HTML page's <meta> description, keywords and social-card tags: linted like a paragraph where
they are, at the exact column of the text inside the tag, but never evidence of what the article
itself says."""

from __future__ import annotations

import pytest
from conftest import lint

from healthlint.parsers import parse

KEYWORDS = (
    "orlistat without prescription, buy orlistat online cheap, cheap orlistat, order orlistat, "
    "xenical online"
)
#: A treatment page with no risk information, about 130 words of plain prose.
NO_RISKS = (
    "<p>Isotretinoin is a medicine for severe acne. You take one capsule a day with food, at a "
    "dose of 20 mg to 40 mg, for four to six months. Most people see clearer skin after two "
    "months of treatment.</p>\n"
    "<h2>How to take it</h2>\n"
    "<p>Swallow the capsule whole with a glass of water. Take it at the same time each day. If "
    "you forget a dose, take the next one at the usual time. Keep the capsules in the box they "
    "came in, away from heat and light. Your skin specialist sees you every month and decides "
    "how long the course lasts. Tell them if you plan a trip, since the capsules must travel in "
    "your hand luggage. Most courses end after the sixth monthly visit.</p>\n"
)


def page(head: str, body: str, title: str = "Isotretinoin for acne") -> str:
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n<title>{title}</title>\n{head}\n</head>\n"
        f"<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n"
    )


def _at(findings, line: int) -> list[tuple[int, str, str]]:
    """(column, rule, flagged text) of the findings on a line."""
    return [(f.column, f.rule, f.message.split("'")[1]) for f in findings if f.line == line]


def test_stuffed_keywords_tag_is_flagged_at_the_keywords_inside_the_tag():
    source = page(f'<meta name="keywords" content="{KEYWORDS}">', "<p>Our shop.</p>\n")
    findings = lint(source, "html")
    line = 5
    col = len('<meta name="keywords" content="') + 1
    assert _at(findings, line) == [
        (col + KEYWORDS.index("buy orlistat"), "HL210", "buy orlistat"),
        (col + KEYWORDS.index("buy orlistat"), "HL216", KEYWORDS[KEYWORDS.index("buy") :]),
        (col + KEYWORDS.index("cheap orlistat"), "HL210", "cheap orlistat"),
        (col + KEYWORDS.index("order orlistat"), "HL210", "order orlistat"),
    ]
    assert {f.category for f in findings if f.line == line} == {"promotional"}


def test_spam_in_a_description_is_flagged_where_it_is_even_after_references_and_breaks():
    # A single-quoted value with character references before the spam, over two lines.
    head = (
        "<meta property='og:description' content='Caf&eacute; &amp; pharmacy &#8212; genuine\n"
        "  Xenical, no doctor visit needed. Order today.' />"
    )
    findings = [f for f in lint(page(head, NO_RISKS), "html") if f.rule == "HL201"]
    assert [(f.line, f.column, f.end_line, f.end_column) for f in findings] == [(6, 12, 6, 34)]
    assert findings[0].message.startswith("Pharmacy spam: 'no doctor visit needed'")


def test_tags_read_and_tags_left_alone():
    spam = "no doctor visit needed"
    head = "\n".join(
        [
            f'<META NAME="Description" CONTENT="{spam}">',  # names are case-insensitive
            f'<meta name="twitter:title" content="{spam}">',
            f'<meta content="{spam}" property="og:title"/>',  # any order, self-closing
            f'<meta name="author" content="{spam}">',  # not text about the page
            f'<meta name="viewport" content="{spam}">',
            f'<noscript><meta name="description" content="{spam}"></noscript>',
            '<meta name="description">',  # no content
        ]
    )
    findings = [f for f in lint(page(head, NO_RISKS), "html") if f.rule == "HL201"]
    assert [f.line for f in findings] == [5, 6, 7]


def test_a_plain_description_and_keywords_give_no_findings():
    head = (
        '<meta name="description" content="How isotretinoin is taken for severe acne, what a '
        'course involves and when to see your skin specialist.">\n'
        '<meta name="keywords" content="isotretinoin, acne, skin specialist, capsules">\n'
        '<meta property="og:title" content="Isotretinoin for acne">'
    )
    source = page(head, NO_RISKS)
    assert [f for f in lint(source, "html") if f.line in (5, 6, 7)] == []
    blocks = [b for b in parse("doc.html", source).blocks if b.kind in ("meta", "keywords")]
    assert [b.text for b in blocks][1:] == [
        "isotretinoin, acne, skin specialist, capsules",
        "Isotretinoin for acne",
    ]


def test_cure_words_in_a_keywords_tag_are_search_terms_not_claims():
    head = f'<meta name="keywords" content="{KEYWORDS}, acne cure, miracle acne cure">'
    findings = [f for f in lint(page(head, NO_RISKS), "html") if f.line == 5]
    assert {f.category for f in findings} == {"promotional"}  # the stuffing, not "cure"
    # The same words in a description are the page's own claim.
    head = '<meta name="description" content="The acne cure that works for everyone.">'
    findings = [f for f in lint(page(head, NO_RISKS), "html") if f.line == 5]
    assert "absolute-claim" in {f.category for f in findings}


def test_a_description_promising_risk_information_is_not_risk_information():
    def missing_risk(head: str) -> list[int]:
        return [f.line for f in lint(page(head, NO_RISKS), "html") if f.rule == "HL301"]

    assert missing_risk("") == [8]  # the title line
    head = (
        '<meta name="description" content="Isotretinoin: side effects, risks, dangers and who '
        'should not take it. Common side effects include dry skin, nosebleeds and headaches.">'
    )
    assert missing_risk(head) == [8]  # the body still says nothing about harm
    body_says_it = NO_RISKS + (
        "<h2>Side effects</h2>\n<p>Dry lips and skin are common; the medicine can harm an unborn "
        "baby.</p>\n"
    )
    assert [f for f in lint(page(head, body_says_it), "html") if f.rule == "HL301"] == []


def test_a_description_naming_a_drug_does_not_make_a_page_about_it():
    head = (
        '<meta name="description" content="Isotretinoin capsules, isotretinoin dose and '
        'isotretinoin treatment: a medicine on prescription.">'
    )
    body = (
        "<p>Acne is common in teenagers. Washing twice a day with a mild cleanser and not "
        "squeezing spots helps the skin heal.</p>\n"
    )
    assert [f for f in lint(page(head, body, "Acne"), "html") if f.rule == "HL301"] == []


def test_the_reading_grade_is_the_body_s():
    hard = (
        "Pharmacokinetic considerations necessitate individualised anticoagulation "
        "regimens, particularly regarding concomitant administration of cytochrome "
        "inhibitors and hepatically metabolised medications."
    )
    description = f'<meta name="description" content="{hard} {hard} {hard}">'

    def grades(head: str, body: str) -> list[tuple[int, str, str]]:
        findings = lint(page(head, body), "html")
        return [(f.line, f.rule, f.message) for f in findings if f.category == "readability"]

    # Easy prose stays easy, and the description is no paragraph to score.
    assert grades(description, NO_RISKS) == grades("", NO_RISKS) == []
    # Harder prose gets the same grade, from the same words and sentences, with or without it.
    body = NO_RISKS + f"<p>{hard}</p>\n"
    scored = grades("", body)
    assert [(line, rule) for line, rule, _ in scored] == [(8, "HL501")]
    assert "138 words in 11 sentences of prose" in scored[0][2]
    assert grades(description, body) == scored


def test_a_description_that_repeats_the_page_does_not_count_twice_as_stuffing():
    opening = "Where to buy melatonin, and how much melatonin to take for jet lag."
    body = f"<p>{opening}</p>\n<p>Some people buy melatonin abroad.</p>\n"

    def stuffed(head: str) -> list[int]:
        findings = lint(page(head, body, "Melatonin"), "html")
        return [f.line for f in findings if f.rule == "HL210"]

    assert stuffed("") == []
    # The description and its social copies repeat the opening: still two mentions.
    copies = "\n".join(
        f'<meta {attr}="{name}" content="{opening}">'
        for attr, name in (("name", "description"), ("property", "og:description"))
    )
    assert stuffed(copies) == []
    # A keywords tag that adds the purchase keyword again is a third, though the body has its
    # two words: a copy is a whole text or a longer run of words.
    assert stuffed('<meta name="keywords" content="buy melatonin">') == [5, 9, 10]


@pytest.mark.parametrize("body_spun", [False, True])
def test_spun_wording_in_a_description_counts_only_when_the_body_is_spun(body_spun):
    tortured = (
        "the insusceptible framework, heart ailments, a lung malignancy and circulatory strain"
    )
    head = f'<meta name="description" content="Asthma and {tortured}.">'
    body = (
        "<p>Asthma is a common lung condition. During an attack the airways tighten and the "
        "immune system overreacts to pollen or dust.</p>\n"
    )
    if body_spun:
        body += f"<p>Some people with asthma also have {tortured}.</p>\n"
    findings = lint(page(head, body, "Asthma"), "html")
    spun = [(f.line, f.rule) for f in findings if f.category == "spun-phrasing"]
    if not body_spun:
        assert spun == []
    else:
        assert ("HL100" in {rule for _, rule in spun}) and (5, "HL101") in spun
