"""Pack validation of the link, occurrence, claim and required-section kinds."""

from __future__ import annotations

import pytest

from healthlint.packs import PackError, load_pack
from healthlint.registry import check_kinds

HEAD = """rules:
  - code: X901
    name: x
    category: promotional
    severity: warning
    message: m
    description: d
"""


def _load(tmp_path, body: str):
    path = tmp_path / "pack.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_pack(path, check_kinds())


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("    kind: link\n    targets: [links]\n", "unknown target 'links'"),
        ("    kind: occurrence\n    pattern: 'buy \\w+'\n", "capture group"),
        ("    kind: occurrence\n    pattern: 'buy (\\w+)'\n    min_count: 1\n", "at least 2"),
        ("    kind: claim\n    triggers: ['(a']\n", "triggers"),
        ("    kind: claim\n    triggers: [cure]\n    support_within: page\n", "support_within"),
        ("    kind: required-section\n    topic: [drug]\n", "needs parameter 'headings'"),
    ],
)
def test_invalid_parameters_are_reported(tmp_path, body, reason):
    with pytest.raises(PackError, match=reason):
        _load(tmp_path, body)


def test_valid_rules_load(tmp_path):
    rules = _load(tmp_path, "    kind: claim\n    triggers: ['\\bcures?\\b']\n    hedges: [may]\n")
    assert rules[0].kind == "claim"


def test_a_named_pattern_is_written_once_and_used_by_many_rules(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(
        "define:\n  drugs: 'tablets?|pills?'\n  quit: 'threw\\s+out\\s+(?&drugs)'\n"
        + HEAD
        + "    kind: claim\n    triggers: ['(?&quit)', 'no\\s+more\\s+(?&drugs)']\n",
        encoding="utf-8",
    )
    rule = load_pack(path, check_kinds())[0]
    assert rule.params["triggers"] == [
        "(?:threw\\s+out\\s+(?:tablets?|pills?))",
        "no\\s+more\\s+(?:tablets?|pills?)",
    ]
    assert rule.description == "d"  # prose is left as written


def test_an_undefined_named_pattern_is_reported(tmp_path):
    with pytest.raises(PackError, match=r"\(\?&drugs\) is not defined"):
        _load(tmp_path, "    kind: claim\n    triggers: ['(?&drugs)']\n")


def test_named_patterns_that_double_at_each_step_are_refused(tmp_path):
    steps = "".join(f"  d{i}: '(?&d{i - 1})(?&d{i - 1})'\n" for i in range(1, 40))
    path = tmp_path / "pack.yaml"
    path.write_text("define:\n  d0: 'ab'\n" + steps + HEAD + "    kind: claim\n    triggers: [x]\n")
    with pytest.raises(PackError, match="expands to more than"):
        load_pack(path, check_kinds())
