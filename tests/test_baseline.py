"""Baselines: record today's findings, report only new ones, survive edits elsewhere."""

from __future__ import annotations

import json

import pytest
from integration_helpers import ARTICLE, PACK, make_repo

from healthlint.cli import main
from healthlint.engine import Linter, Options

# The test pack's rule and the residue rule: findings that do not move as packs grow.
ONLY = "TST001,HL901"


def check(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["check", "--isolated", "--rules", str(PACK), "--select", ONLY, *args])
    out, err = capsys.readouterr()
    lines = [line for line in out.splitlines() if not line.startswith(("Found", "All clear"))]
    return code, lines, err


@pytest.fixture
def repo(tmp_path, monkeypatch):
    make_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_write_then_check_reports_nothing(repo, capsys):
    code, lines, err = check(capsys, "docs", "--write-baseline", "baseline.json")
    assert (code, lines) == (0, [])
    assert "wrote 2 findings in 1 file to baseline baseline.json" in err
    data = json.loads((repo / "baseline.json").read_text("utf-8"))
    entries = data["files"]["docs/a.md"]
    assert [e["rule"] for e in entries] == ["HL901", "TST001"]  # stable order
    assert check(capsys, "docs", "--baseline", "baseline.json")[:2] == (0, [])


def test_baseline_file_is_byte_for_byte_stable(repo, capsys):
    check(capsys, "docs", "--write-baseline", "one.json")
    check(capsys, "docs", "--write-baseline", "two.json")
    assert (repo / "one.json").read_bytes() == (repo / "two.json").read_bytes()
    assert not [p for p in repo.iterdir() if p.name.endswith(".tmp")]


def test_edits_elsewhere_do_not_resurrect_findings(repo, capsys):
    check(capsys, "docs", "--write-baseline", "baseline.json")
    article = repo / "docs" / "a.md"
    text = article.read_text("utf-8")
    # New paragraphs above shift every line; the flagged paragraphs' own text is unchanged.
    text = text.replace("# Green tea guide\n", "# Green tea guide\n\nA new intro.\n\nAnd more.\n")
    text += "\nA closing paragraph with new words.\n"
    article.write_text(text, "utf-8")
    assert check(capsys, "docs", "--baseline", "baseline.json")[:2] == (0, [])


def test_a_new_finding_is_reported(repo, capsys):
    check(capsys, "docs", "--write-baseline", "baseline.json")
    article = repo / "docs" / "a.md"
    article.write_text(article.read_text("utf-8") + "\nGinger is another miracle cure.\n", "utf-8")
    code, lines, _ = check(capsys, "docs", "--baseline", "baseline.json")
    assert code == 1
    assert lines == [
        "docs/a.md:7:19: TST001 [warning] 'miracle cure' oversells: 100% of readers, "
        "at least, expect proof (suggestion: remedy)"
    ]


def test_a_repeated_identical_passage_counts_as_new(repo, capsys):
    check(capsys, "docs", "--write-baseline", "baseline.json")
    article = repo / "docs" / "a.md"
    article.write_text(article.read_text("utf-8") + "\nLeave a Reply\n", "utf-8")
    code, lines, _ = check(capsys, "docs", "--baseline", "baseline.json")
    assert code == 1
    assert [line.split(" [")[0] for line in lines] == ["docs/a.md:7:1: HL901"]


def test_editing_the_flagged_sentence_itself_reports_it_again(repo, capsys):
    check(capsys, "docs", "--write-baseline", "baseline.json")
    article = repo / "docs" / "a.md"
    article.write_text(article.read_text("utf-8").replace("for colds", "for flu"), "utf-8")
    code, lines, _ = check(capsys, "docs", "--baseline", "baseline.json")
    assert [line.split(" [")[0] for line in lines] == ["docs/a.md:3:16: TST001"]


def test_whitespace_and_reflow_do_not_resurrect(repo, capsys):
    check(capsys, "docs", "--write-baseline", "baseline.json")
    article = repo / "docs" / "a.md"
    article.write_text(
        article.read_text("utf-8").replace("is a miracle cure for", "is a\nmiracle   cure for"),
        "utf-8",
    )
    assert check(capsys, "docs", "--baseline", "baseline.json")[:2] == (0, [])


def test_baseline_works_from_another_folder(repo, capsys, monkeypatch):
    check(capsys, "docs", "--write-baseline", "baseline.json")
    monkeypatch.chdir(repo / "docs")
    assert check(capsys, "a.md", "--baseline", "../baseline.json")[:2] == (0, [])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "invalid JSON"),
        ("[]", "no 'files' table"),
        ('{"healthlint-baseline": 1, "files": {"a.md": [{"rule": 1}]}}', "need 'rule'"),
        ('{"healthlint-baseline": 99, "files": {}}', "unsupported baseline version 99"),
    ],
)
def test_corrupt_baseline_is_a_clear_error(repo, capsys, content, reason):
    (repo / "baseline.json").write_text(content, "utf-8")
    code, lines, err = check(capsys, "docs", "--baseline", "baseline.json")
    assert code == 2
    assert lines == []
    assert err.startswith("healthlint: error: baseline.json")
    assert reason in err


def test_missing_baseline_is_an_error(repo, capsys):
    code, _, err = check(capsys, "docs", "--baseline", "nope.json")
    assert code == 2
    assert "nope.json: no such baseline file" in err


def test_fingerprints_ignore_position_but_not_text():
    linter = Linter(options=Options(select=["HL901"]))
    (first,) = linter.lint_text(ARTICLE, path="a.md", fmt="markdown")
    (moved,) = linter.lint_text("# T\n\nIntro.\n\n" + ARTICLE, path="a.md", fmt="markdown")
    (changed,) = linter.lint_text(
        ARTICLE.replace("Leave a Reply", "Leave a Reply!"), path="a.md", fmt="markdown"
    )
    assert first.rule == "HL901"
    assert moved.line != first.line
    assert moved.fingerprint == first.fingerprint
    assert changed.fingerprint != first.fingerprint


def test_compare_with_an_old_baseline_while_writing_a_new_one(repo, capsys):
    check(capsys, "docs", "--write-baseline", "old.json")
    article = repo / "docs" / "a.md"
    article.write_text(article.read_text("utf-8") + "\nA miracle cure again.\n", "utf-8")
    code, lines, _ = check(capsys, "docs", "--baseline", "old.json", "--write-baseline", "new.json")
    assert [line.split(" [")[0] for line in lines] == ["docs/a.md:7:3: TST001"]
    assert len(json.loads((repo / "new.json").read_text("utf-8"))["files"]["docs/a.md"]) == 3
    assert check(capsys, "docs", "--baseline", "new.json")[:2] == (0, [])
