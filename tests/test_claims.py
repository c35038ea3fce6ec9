"""absolute-claim rules on an article written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import lint

from healthlint.config import Config
from healthlint.engine import Linter, Options
from healthlint.packs import PackError, load_pack
from healthlint.registry import check_kinds

ARTICLE = Path(__file__).parent / "articles" / "claims" / "claims.md"


def _claims():
    findings = lint(ARTICLE.read_text(encoding="utf-8"), "markdown")
    return [f for f in findings if f.category == "absolute-claim"]


def test_unsupported_claims_are_reported_at_their_words():
    found = [(f.rule, f.line, f.column, f.end_column) for f in _claims()]
    assert ("HL401", 3, 15, 20) in found  # cures
    assert ("HL402", 3, 54, 63) in found  # 100% safe
    assert ("HL403", 3, 68, 86) in found  # works for everyone
    assert ("HL405", 17, 16, 28) in found  # game-changer


def test_hedged_cited_negated_instructions_and_questions_pass():
    lines = {f.line for f in _claims()}
    assert 5 not in lines  # "Some studies suggest ... may be highly effective"
    assert 7 not in lines  # "proven to help ... [1]"
    assert 9 not in lines  # "not a miracle cure", "there is no cure"
    assert 11 not in lines  # instructions
    assert 13 not in lines  # a question
    assert 15 not in lines  # "(Jones et al., 2021)"


def test_citation_in_another_paragraph_does_not_support_a_claim():
    text = "Trials show a benefit [1].\n\nThis pill guarantees weight loss.\n"
    found = [(f.rule, f.line) for f in lint(text, "markdown") if f.category == "absolute-claim"]
    assert found == [("HL404", 3)]


def test_link_to_a_journal_supports_a_claim_but_a_shop_link_does_not():
    cited = "The drug is [highly effective](https://www.nejm.org/doi/full/10.1056/x) in trials.\n"
    shop = "The drug is [highly effective](https://pill-deals.example/x) in trials.\n"
    assert not [f for f in lint(cited, "markdown") if f.rule == "HL403"]
    assert [f.rule for f in lint(shop, "markdown") if f.rule == "HL403"] == ["HL403"]


def test_promising_and_preliminary_are_no_hedge():
    text = "Preliminary results are promising: the cream completely eliminates acne.\n"
    assert [f.rule for f in lint(text, "text") if f.category == "absolute-claim"] == ["HL403"]


def test_titles_in_a_reference_list_are_not_claims():
    text = (
        "# Ketamine\n\nKetamine is an anaesthetic.\n\n## References\n\n"
        "1. Lee K. Ketamine, the miracle breakthrough in depression care. J Psych. 2019.\n"
    )
    assert [f for f in lint(text, "markdown") if f.category == "absolute-claim"] == []


def test_a_negation_does_not_reach_past_a_comma():
    def rules(text):
        return [f.rule for f in lint(text, "text") if f.category == "absolute-claim"]

    assert rules("With zero heat and no UV, it is totally harmless.") == ["HL402"]
    assert rules("It is not totally harmless.") == []
    assert rules("There is no miracle cure for acne.") == []


def test_a_denial_at_the_end_of_a_list_of_denials_is_still_a_claim():
    def rules(text):
        return [f.rule for f in lint(text, "text") if f.category == "absolute-claim"]

    # The first "no" denies the needles; it does not negate "no side effects".
    assert rules("No needles, no downtime and no side effects.") == ["HL402"]
    assert rules("No chemicals, no drugs and not one side effect.") == ["HL402"]
    # A negation in the claim's own list item still negates it.
    assert rules("There is no 'no side effects' promise here.") == []
    assert rules("It is not totally harmless.") == []


def test_a_conditional_hedges_only_its_own_clause():
    def rules(text):
        return [f.rule for f in lint(text, "text") if f.category == "absolute-claim"]

    assert rules("We will see if the gel clears warts for good.") == []
    assert rules("If your feet ache, these insoles end the pain for good.") == ["HL403"]


# -- HL406, the sentence model: claims in any wording ----------------------------------------

_HYPE = "Your liver finally gets the break it has been crying out for, and every toxin is gone."


def _model_findings(text: str):
    return [f for f in lint(text, "text") if f.rule == "HL406"]


def test_the_sentence_model_reports_a_claim_without_keywords_on_its_sentence():
    text = "Detox tea, explained\n\nThe tea is brewed from dandelion. " + _HYPE + "\n"
    (finding,) = _model_findings(text)
    assert (finding.line, finding.column) == (3, 35)  # the second sentence, not the paragraph
    assert finding.end_column == 35 + len(_HYPE)
    # The message names the words that weighed most, all of them words of the sentence.
    cues = re.findall(r"'([^']+)'", finding.message.split("cues:")[1].split(")")[0])
    assert cues and all(w in _HYPE.lower() for cue in cues for w in cue.split(" … "))


def test_the_sentence_model_excuses_hedges_questions_instructions_and_citations():
    hedged = "Your liver may finally get a break, and some toxins could be gone."
    question = (
        "Does your liver finally get the break it has been crying out for, with every toxin gone?"
    )
    cited = _HYPE + " (Smith et al., 2021)"
    for text in (hedged, question, cited):
        assert not _model_findings(text + "\n"), text


def test_a_claim_the_keyword_families_report_is_not_reported_again_by_the_model():
    text = "Our drops are 100% safe and every single system in your body works better from the very first week.\n"
    rules = [f.rule for f in lint(text, "text") if f.category == "absolute-claim"]
    assert "HL402" in rules and "HL406" not in rules
    # With the families off, the model still reports the sentence: it gave way, it did not miss.
    assert [f.rule for f in lint(text, "text", select=("HL406",))] == ["HL406"]


def _model_pack(tmp_path, fields: str) -> Path:
    """A pack file holding one claim-model rule X001 with the given extra YAML fields."""
    pack = tmp_path / "model.yaml"
    pack.write_text(
        "rules:\n  - {code: X001, name: my-model, category: absolute-claim, severity: warning,\n"
        f"     kind: claim-model, {fields}}}\n",
        encoding="utf-8",
    )
    return pack


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ("message: m, bias: 0, weights: {cure: high}", "'weights' must map features to numbers"),
        (
            "message: m, bias: 0, weights: {}, concepts: {change: regrows}",
            "'concepts' must map class names to lists of words",
        ),
    ],
)
def test_a_model_rule_with_a_malformed_model_is_refused(tmp_path, fields, error):
    with pytest.raises(PackError, match=error):
        load_pack(_model_pack(tmp_path, fields), check_kinds())


def test_a_word_class_carries_weight_for_words_the_model_never_saw(tmp_path):
    # The weights know only the class "@change"; "regrows", a word no weight names, is one of it.
    pack = _model_pack(
        tmp_path,
        "message: 'claim ({cues})', bias: -1, threshold: 0,"
        " concepts: {change: ['regrow*', 'rebuil*']}, weights: {'@change': 3}",
    )
    custom = Linter(Config(), Options(select=["X001"], rules=[str(pack)]))
    found = custom.lint_text(
        "It regrows cartilage.\n\nIt comes in tubs.\n", path="doc.txt", fmt="text"
    )
    assert [(f.line, f.message) for f in found] == [(1, "claim ('regrows')")]


@pytest.mark.parametrize(
    "text",
    [
        # An instruction stays one after "Just", "So" or "But".
        "My scan showed a small re-tear. Just don't go in thinking it's a quick fix.",
        # Saying the evidence is missing reports the claim from a distance.
        "There's no good evidence that it removes toxins or cures tiredness.",
        "There isn't good evidence that it works instantly.",
    ],
)
def test_advice_and_denied_evidence_are_not_claims(text):
    assert not [f for f in lint(text) if f.category == "absolute-claim"]


def test_a_claim_after_a_lead_in_word_is_still_reported():
    found = [f.rule for f in lint("So this balm cures eczema.") if f.category == "absolute-claim"]
    assert found == ["HL401"]


@pytest.mark.parametrize(
    "support",
    [
        "According to the NHS, PrEP is highly effective at preventing HIV.",
        "PrEP is highly effective at preventing HIV (McCormack et al., 2016, The Lancet).",
        "The NHS says PrEP is highly effective at preventing HIV when taken as prescribed.",
    ],
)
def test_a_claim_attributed_to_a_health_body_or_a_journal_is_supported(support):
    assert not [f for f in lint(support + "\n") if f.category == "absolute-claim"]


def test_a_company_officer_is_no_source():
    text = "According to the CEO, the spray is highly effective at preventing colds.\n"
    assert "HL403" in {f.rule for f in lint(text)}
