"""Promotional rules on articles written for these tests: what is flagged, where, and what is not."""

from __future__ import annotations

from pathlib import Path

from conftest import lint

ARTICLES = Path(__file__).parent / "articles" / "promotional"


def _findings(name: str, fmt: str):
    text = (ARTICLES / name).read_text(encoding="utf-8")
    return [f for f in lint(text, fmt) if f.category == "promotional"]


def _at(findings) -> set[tuple[str, int, int]]:
    return {(f.rule, f.line, f.column) for f in findings}


def test_injected_pharmacy_spam_mid_sentence_and_in_heading():
    found = _at(_findings("injected-spam.txt", "text"))
    assert ("HL201", 3, 79) in found  # "buy modafinil online without prescription" mid-sentence
    assert ("HL201", 5, 1) in found  # "Cheap Modafinil Online" as a heading


def test_keyword_stuffing_reports_every_repetition_but_not_warnings():
    stuffing = sorted(
        (f.line, f.column) for f in _findings("injected-spam.txt", "text") if f.rule == "HL210"
    )
    assert stuffing == [(3, 79), (5, 1), (9, 14), (9, 53)]


def test_neutral_mentions_warnings_and_regulators_are_not_promotional():
    lines = {f.line for f in _findings("injected-spam.txt", "text")}
    assert 7 not in lines  # "You can buy it at a pharmacy only with a prescription"
    assert 11 not in lines  # "Never buy medicines online without a prescription"
    assert 13 not in lines  # "visit fda.gov for the current list"


def test_affiliate_link_coupon_and_free_consultation():
    found = _findings("affiliate.md", "markdown")
    tracking = [f for f in found if f.rule == "HL204"]
    assert [(f.line, f.column) for f in tracking] == [(5, 29)]
    assert "tracking parameter 'aff'" in tracking[0].message
    assert ("HL203", 6, 1) in _at(found)  # Use code RELAX10
    assert ("HL202", 6, 35) in _at(found)  # book your free consultation
    assert {f.line for f in found if f.rule in ("HL206", "HL207")} == {10}


def test_authority_internal_and_reference_links_are_not_promotional():
    lines = {f.line for f in _findings("affiliate.md", "markdown")}
    assert 3 not in lines  # NIH fact sheet
    assert 8 not in lines  # internal link
    assert 14 not in lines  # bare URL in the reference list


def test_html_commercial_link_needs_rel_sponsored():
    found = _findings("links.html", "html")
    assert [(f.rule, f.line) for f in found if f.rule == "HL205"] == [("HL205", 7)]
    assert "commercial word" in next(f.message for f in found if f.rule == "HL205")


def test_phone_call_to_action_but_not_helpline():
    found = [f for f in _findings("links.html", "html") if f.rule == "HL209"]
    assert len(found) == 1
    assert found[0].line == 10
    assert "(555) 013-2299" in found[0].message


def test_config_authority_domains_extend_the_allowlist():
    from healthlint.config import Config
    from healthlint.engine import Linter, Options

    text = "Compare [statin prices](https://pill-deals.example/atorvastatin) here.\n"
    plain = Linter(Config(), Options(select=["HL205"])).lint_text(text, "a.md")
    assert [f.rule for f in plain] == ["HL205"]
    trusted = Linter(Config(authority_domains=["pill-deals.example"]), Options(select=["HL205"]))
    assert trusted.lint_text(text, "a.md") == []


def test_bare_url_with_a_template_placeholder_keeps_its_tracking_query():
    # Mailing tools write referral links with a placeholder that has spaces inside.
    text = (
        "Share the love\n\nGive a friend your own link:\n"
        "https://shop.example/r/{{ customer.code }}?ref=newsletter\n\nSee you soon.\n"
    )
    found = [f for f in lint(text, "text") if f.rule == "HL204"]
    assert [(f.line, f.column) for f in found] == [(4, 1)]
    assert "'ref'" in found[0].message


def test_a_stuffed_sales_sentence_is_one_finding_per_keyword_at_its_first_use():
    text = (
        "Looking for the best shilajit? Pure shilajit resin, organic shilajit, authentic "
        "shilajit for men, shilajit capsules, buy shilajit online: we have it all.\n\n"
        "Shilajit is a resin. Shilajit is sold in jars. Shilajit varies. Shilajit may contain "
        "lead. Shilajit sold online is rarely tested.\n"
    )
    found = [f for f in lint(text) if f.rule == "HL218"]
    assert [(f.line, f.column) for f in found] == [(1, 37)]
    assert "'shilajit' occurs 5 times in one sentence" in found[0].message


def test_a_price_counts_as_a_sales_word_when_it_is_written_against_its_amount():
    # "$250" has no space after the currency sign; the offer must still count as a sale.
    text = "My coaching is $250 a month, and I've opened just five spots for March.\n"
    assert "HL215" in {f.rule for f in lint(text)}
    clinic = "The ward can take only six patients at a time, so ring before you visit.\n"
    assert "HL215" not in {f.rule for f in lint(clinic)}


def test_a_front_matter_title_that_sells_medicines_is_reported_on_its_line():
    # Search engines show the front-matter title; spam put there reaches readers first.
    text = (
        "---\n"
        'title: "Buy Malaria Tablets Online | Next-Day Delivery | No GP Appointment Needed"\n'
        "tags: [travel]\n"
        "---\n\n"
        "# Malaria tablets\n\n"
        "Malaria tablets lower the risk of malaria; none is fully protective.\n"
    )
    found = {(f.rule, f.line, f.column) for f in lint(text, "markdown")}
    assert ("HL201", 2, 9) in found  # 'Buy Malaria Tablets Online'
    assert ("HL201", 2, 58) in found  # 'No GP Appointment Needed'
    assert not {f for f in found if f[1] > 2}
