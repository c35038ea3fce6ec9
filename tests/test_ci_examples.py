"""The copyable CI examples parse, use real healthlint options, and match the docs."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from healthlint.cli import build_parser
from healthlint.reporters import REPORTERS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "ci").glob("*.yml"))


def test_there_are_github_and_gitlab_examples():
    assert [p.name for p in EXAMPLES] == ["github-workflow.yml", "gitlab-ci.yml"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_is_in_the_docs_verbatim(path):
    docs = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    assert "```yaml\n" + path.read_text(encoding="utf-8") + "```" in docs


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_commands_are_valid(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = yaml.safe_dump(data)
    commands = [
        line.split(">")[0]
        for line in (str(v) for v in _strings(data))
        if line.startswith("healthlint check")
    ]
    assert commands, text
    for command in commands:
        args = build_parser().parse_args(shlex.split(command)[1:])
        assert args.format in REPORTERS


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node
