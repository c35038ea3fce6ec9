"""The pre-commit hook, run through pre-commit itself on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_manifest_is_valid():
    out = subprocess.run(
        [PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the project's git checkout")
def test_hook_runs_through_pre_commit(tmp_path):
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.org")
    git(repo, "config", "user.name", "t")
    (repo / "clean.md").write_text("# Iron\n\nIron helps your blood carry oxygen.\n")
    (repo / "spam.md").write_text("# Iron\n\nIron helps.\n\nLeave a Reply\n")
    (repo / "notes.py").write_text("print('Leave a Reply')\n")
    git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    out = subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), "healthlint", "--all-files", "--verbose"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    text = out.stdout + out.stderr
    assert out.returncode == 1, text
    assert "spam.md:5:1: HL901" in text
    assert "clean.md:" not in text
    assert "notes.py" not in text
