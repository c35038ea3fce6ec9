"""``write_atomic``: readers see the old file or the new one, never half of either."""

from __future__ import annotations

import os

import pytest

from healthlint import atomic
from healthlint.atomic import write_atomic


def test_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "cache" / "results.json"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(target.parent) == ["results.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    target.write_text("old", encoding="utf-8")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["results.json"]
