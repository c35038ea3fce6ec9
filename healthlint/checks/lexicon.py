"""Lists of regular expressions in rule parameters: validated and compiled one way for all kinds.

Patterns come from packs, so they go through :mod:`healthlint.regex` (linear-time engine) and are
matched case-insensitively, like the ``pattern`` kind's default.
"""

from __future__ import annotations

from typing import Any

from healthlint import regex
from healthlint.packs import PackError, Rule


def validate_patterns(rule: Rule, *keys: str) -> None:
    """Raise PackError unless each named parameter is a list of valid, safe patterns."""
    for key in keys:
        for pattern in rule.params.get(key, []):
            if not isinstance(pattern, str):
                raise PackError(f"each of {key!r} is a regular expression string")
            try:
                regex.compile(pattern, True)
            except regex.PatternError as exc:
                raise PackError(f"{key}: {exc}") from None


def compile_patterns(patterns: list[str]) -> list[Any]:
    """Compile a validated list of patterns (case-insensitive)."""
    return [regex.compile(p, True) for p in patterns]


def compile_alternation(patterns: list[str]) -> Any:
    """Compile a validated list of patterns into one leftmost-longest pattern (or None)."""
    return regex.compile_alternatives(patterns, True) if patterns else None
