"""Shared helpers: lint a string as a given format with the built-in rules."""

from __future__ import annotations

import pytest

from healthlint.config import Config
from healthlint.engine import Linter, Options

_LINTERS: dict[tuple, Linter] = {}


def linter(select: tuple[str, ...] | None = None, extra_packs: tuple[str, ...] = ()) -> Linter:
    key = (select, extra_packs)
    if key not in _LINTERS:
        options = Options(select=list(select) if select else None, rules=list(extra_packs))
        _LINTERS[key] = Linter(Config(), options)
    return _LINTERS[key]


def lint(
    text: str, fmt: str = "text", select: tuple[str, ...] | None = None, path: str | None = None
):
    """Findings for ``text`` parsed as ``fmt`` (text, markdown or html)."""
    name = path or {"text": "doc.txt", "markdown": "doc.md", "html": "doc.html"}[fmt]
    return linter(select).lint_text(text, path=name, fmt=fmt)


@pytest.fixture
def lint_text():
    return lint
