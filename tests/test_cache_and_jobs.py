"""Unchanged files come from the cache; workers give the same results as one process."""

from __future__ import annotations

import json

from healthlint.cli import main
from healthlint.engine import Linter


def _write_articles(folder, n=20):
    for i in range(n):
        (folder / f"a{i:02}.md").write_text(f"# Article {i}\n\nSome text {i}.\n\nLeave a Reply\n")


def _json(capsys, *argv):
    code = main(["check", "--format", "json", "--isolated", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_second_run_reuses_results_and_edits_invalidate(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    docs.mkdir()
    _write_articles(docs, 3)
    _, first, _ = _json(capsys, str(docs))

    calls = []
    original = Linter.lint_source

    def counting(self, source, fmt=None):
        calls.append(source.path)
        return original(self, source, fmt)

    monkeypatch.setattr(Linter, "lint_source", counting)
    _, second, _ = _json(capsys, "-j1", str(docs))
    assert second == first and calls == []

    (docs / "a01.md").write_text("# Changed\n\nLeave a reply.\n")
    _, third, _ = _json(capsys, "-j1", str(docs))
    assert calls == [str(docs / "a01.md")]
    assert [f["line"] for f in third if f["path"].endswith("a01.md")] == [3]

    _, fourth, _ = _json(capsys, "-j1", "--no-cache", str(docs))
    assert len(calls) == 4 and fourth == third


def test_corrupt_cache_is_ignored(capsys, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(cache))
    (tmp_path / "a.md").write_text("Leave a reply\n")
    _, first, _ = _json(capsys, str(tmp_path / "a.md"))
    entries = [p for p in cache.rglob("*.json")]
    assert entries
    for entry in entries:
        entry.write_text("{not json")
    code, again, err = _json(capsys, str(tmp_path / "a.md"))
    assert code == 1 and again == first and err == ""


def test_workers_give_the_same_findings(capsys, tmp_path):
    _write_articles(tmp_path, 24)
    _, one, _ = _json(capsys, "--no-cache", "-j1", str(tmp_path))
    _, two, _ = _json(capsys, "--no-cache", "-j2", str(tmp_path))
    assert one == two and len(one) == 24


def test_same_bytes_in_another_format_are_not_served_from_the_cache(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    text = "`Leave a reply`\n"  # code in Markdown, prose in plain text
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "a.md").write_text(text)
    for _ in range(2):  # cold, then warm
        _, found, _ = _json(
            capsys, "-j1", "--select", "HL901", str(tmp_path / "a.txt"), str(tmp_path / "a.md")
        )
        assert [f["path"] for f in found] == [str(tmp_path / "a.txt")]
