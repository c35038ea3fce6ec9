"""The spun-phrasing rules (kind ``spin``) on short articles of our own, one per pattern family."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lint

from healthlint.checks.spin import SpinCheck
from healthlint.config import Config
from healthlint.engine import Linter, Options
from healthlint.packs import PackError, Rule
from healthlint.spin.lexicon import variant_table

ARTICLES = Path(__file__).parent / "articles"
FAMILIES = ARTICLES / "spin-families"


def spun(path: Path) -> list[tuple[int, int, str, str | None]]:
    """(line, column, code, suggestion) of the spun-phrasing findings for a file."""
    result = Linter(Config(), Options()).lint_file(str(path))
    assert result.error is None
    return [
        (f.line, f.column, f.rule, f.suggestion)
        for f in result.findings
        if f.category == "spun-phrasing"
    ]


def test_tortured_phrases_with_positions_and_suggestions():
    found = spun(FAMILIES / "tortured-asthma.txt")
    assert found[0][:3] == (1, 1, "HL100")
    assert (3, 81, "HL101", "immune system") in found
    assert (3, 169, "HL101", "heart disease") in found
    assert (3, 236, "HL101", "blood pressure") in found


def test_spun_variants_of_health_terms_suggest_the_canonical_term():
    found = spun(FAMILIES / "variants-diabetes.txt")
    assert (3, 22, "HL102", "chronic disease") in found
    assert (3, 84, "HL102", "nervous system") in found
    assert (3, 150, "HL102", "heart disease") in found


def test_paraphraser_tells_and_constructions():
    found = spun(FAMILIES / "tells-antibiotics.txt")
    assert (3, 13, "HL103", "may also") in found
    # Only "changed into" is reported, not the word after it that the pattern needs.
    assert (3, 61, "HL104", "was") in found
    assert (3, 173, "HL103", "by") in found


def test_look_alike_letters_are_read_from_the_source():
    found = spun(FAMILIES / "lookalike-cough.txt")
    assert (3, 49, "HL106", "main") in found
    assert (3, 66, "HL106", "dextromethorphan") in found
    assert sum(1 for f in found if f[2] == "HL106") == 4


def test_clean_article_has_no_spun_findings():
    assert spun(FAMILIES / "clean-statins.txt") == []


def test_document_finding_carries_the_score():
    findings = lint(
        "Asthma Facts\n\nAsthma is a continual lung ailment. Steroids may additionally cause "
        "queasiness and you must get admission to a doctor with the aid of phone.\n"
    )
    doc = [f for f in findings if f.rule == "HL100"]
    assert len(doc) == 1 and doc[0].line == 1
    assert doc[0].message.startswith("The article looks machine-spun: spin score ")
    assert "fingerprints in" in doc[0].message


def test_a_stray_fingerprint_does_not_make_a_spun_document():
    text = (
        "Living with asthma\n\nAsthma is a long-term condition of the airways. Most people "
        "control it well with a preventer inhaler taken every day. Patients may additionally "
        "need a reliever inhaler for sudden symptoms, and a written action plan helps them "
        "know what to do when symptoms get worse. See a nurse once a year for a review.\n"
    )
    assert [f for f in lint(text) if f.category == "spun-phrasing"] == []


def test_capitalised_swaps_mid_sentence_and_lower_case_swaps_in_titles():
    text = (
        "# Managing Your Diabetes: A useful Guide for Patients\n\n"
        "Diabetes is a continual ailment. High sugar harms the anxious procedure and the "
        "kidneys, so Serious problems follow and sufferers may additionally need insulin.\n"
    )
    found = [(f.line, f.column, f.rule) for f in lint(text, fmt="markdown")]
    assert (1, 29, "HL105") in found  # "useful" inside a Title Case heading
    assert (3, 93, "HL105") in found  # "Serious" in mid-sentence


def test_names_are_not_capitalisation_tells():
    text = (
        "Statin Review\n\nThe study at the Department of Health in Leeds found that Mayo "
        "Clinic doctors and Dr Jones continual ailment sufferers may additionally "
        "with the aid of care improve.\n"
    )
    assert "HL105" not in {f.rule for f in lint(text)}


def test_variant_table_leaves_out_standard_terms():
    table = dict(variant_table())
    assert table["continual soreness"] == "chronic pain"
    for standard in ("chronic disease", "abdominal discomfort", "side effects", "heart failure"):
        assert standard not in table


def test_pack_validation_names_the_problem():
    rule = Rule(
        code="HL199",
        name="x",
        category="spun-phrasing",
        severity="warning",
        message="m",
        kind="spin",
        scope=("prose",),
        params={"detector": "nonsense"},
    )
    with pytest.raises(PackError, match="'detector' must be one of"):
        SpinCheck.validate(rule)


def test_article_mismatch_left_by_a_swapped_word():
    text = (
        "Gout Basics\n\nGout is a affliction of the joints. An harmful diet regime may "
        "additionally trigger it, and an SSRI or a university clinic will not help.\n"
    )
    found = [(f.line, f.column, f.rule, f.suggestion) for f in lint(text)]
    assert (3, 9, "HL107", "an") in found
    assert (3, 37, "HL107", "A") in found
    assert [f for f in found if f[2] == "HL107"] == [(3, 9, "HL107", "an"), (3, 37, "HL107", "A")]


def test_pattern_context_is_matched_but_not_reported():
    text = (
        "Gout Basics\n\nLow serotonin stages can purpose attacks. Doctors may additionally "
        "prescribe allopurinol.\n"
    )
    found = [(f.line, f.column, f.rule, f.suggestion) for f in lint(text)]
    assert (3, 15, "HL104", "levels") in found
    assert (3, 26, "HL104", "cause") in found


def test_pack_patterns_are_not_double_escaped():
    rules = {r.code: r for r in Linter(Config(), Options()).rules}
    for item in rules["HL104"].params["patterns"]:
        for key in ("before", "pattern", "after"):
            assert "\\\\" not in item.get(key, ""), item


@pytest.mark.parametrize("folder", ["spun", "spun-v2", "spun-v3", "spun-v4"])
def test_heldout_clean_articles_are_not_spun_documents(folder):
    clean = sorted((ARTICLES / folder).glob("*-clean.*"))
    assert clean
    for path in clean:
        assert spun(path) == [], path.name
