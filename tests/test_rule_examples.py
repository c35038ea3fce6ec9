"""Every built-in rule documents examples that are flagged and examples that pass; check them."""

from __future__ import annotations

import pytest

from healthlint.config import Config
from healthlint.engine import Linter, Options, load_rules

RULES = sorted(load_rules(Config(), Options()), key=lambda r: r.code)
FORMAT_PATH = {"text": "example.txt", "markdown": "example.md", "html": "example.html"}


def _linter(rule) -> Linter:
    # The rule itself plus everything enabled by default, so rules that depend on others
    # (unused suppressions) see a realistic run.
    return Linter(Config(), Options(extend_select=[rule.code]))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_examples(rule):
    assert rule.description, f"{rule.code} has no description"
    assert rule.examples_flagged, f"{rule.code} has no flagged example"
    assert rule.examples_passing, f"{rule.code} has no passing example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_flagged_examples_are_flagged(rule):
    if rule.kind == "grammar":
        pytest.skip("grammar examples need a LanguageTool server (tests/test_grammar.py)")
    linter = _linter(rule)
    for example in rule.examples_flagged:
        path = FORMAT_PATH[example["format"]]
        codes = {f.rule for f in linter.lint_text(example["text"], path=path, fmt=None)}
        assert rule.code in codes, f"{rule.code} did not flag: {example['text']!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_examples_pass(rule):
    linter = _linter(rule)
    for example in rule.examples_passing:
        path = FORMAT_PATH[example["format"]]
        codes = {f.rule for f in linter.lint_text(example["text"], path=path, fmt=None)}
        assert rule.code not in codes, f"{rule.code} flagged a passing example: {example['text']!r}"
