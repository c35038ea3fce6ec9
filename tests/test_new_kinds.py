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
