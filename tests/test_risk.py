"""missing-risk-section on articles written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lint

ARTICLES = Path(__file__).parent / "articles" / "risk"
FORMATS = {".md": "markdown", ".txt": "text", ".html": "html"}


def _risk(name: str):
    path = ARTICLES / name
    findings = lint(path.read_text(encoding="utf-8"), FORMATS[path.suffix])
    return [f for f in findings if f.category == "missing-risk-section"]


def test_treatment_article_without_risks_is_reported_on_the_title_line():
    found = _risk("no-risks.md")
    assert [(f.rule, f.line, f.column) for f in found] == [("HL301", 1, 3)]
    assert "No risk information" in found[0].message


@pytest.mark.parametrize(
    "name",
    [
        "with-section.md",  # a "Who should not take it" section
        "not-intervention.md",  # not about a treatment at all
        "release.txt",  # no headings, but harms discussed with numbers in the text
    ],
)
def test_articles_that_give_risk_information_or_need_none_pass(name):
    assert _risk(name) == []


def test_dismissing_side_effects_is_not_risk_information():
    text = (
        "# Melatonin gummies\n\nThe supplement comes as a tablet or gummy; the dose is 1 mg.\n\n"
        "Unlike other sleep pills it has no side effects, no complications and no dangers.\n"
    )
    found = [f for f in lint(text, "markdown") if f.rule == "HL301"]
    assert [(f.line, f.column) for f in found] == [(1, 3)]
