"""Regular expressions from rule packs, compiled with a linear-time engine.

google-re2 (when installed) guarantees linear-time matching. Without it, patterns are compiled
with Python's ``re`` after a check that rejects the constructs behind catastrophic backtracking
(nested quantifiers, back-references, look-around over quantified groups).
"""

from __future__ import annotations

import re

MAX_PATTERN_LENGTH = 10_000


class PatternError(ValueError):
    """A pattern is invalid or could take super-linear time."""


try:  # pragma: no cover - depends on the environment
    import re2 as _re2
except ImportError:  # pragma: no cover
    _re2 = None

# A quantified group repeated without bound, "(a+)+" or "(a*){2,}": exponential backtracking.
# A bounded outer repeat such as "(?:\w+\s+){0,3}" stays polynomial and is allowed.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\})")


def compile(pattern: str, ignore_case: bool = True):  # noqa: A001 - mirrors re.compile
    """Compile an untrusted pattern; raise PatternError if it is invalid or unsafe."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(f"longer than {MAX_PATTERN_LENGTH} characters")
    if _re2 is not None:
        options = _re2.Options()
        options.case_sensitive = not ignore_case
        options.max_mem = 64 << 20
        try:
            return _re2.compile(pattern, options)
        except Exception as exc:  # re2 raises its own error type
            raise PatternError(f"not a valid (RE2) regular expression: {exc}") from None
    if _NESTED_QUANTIFIER.search(pattern) or re.search(r"\\[1-9]|\(\?<?[=!]", pattern):
        raise PatternError("nested quantifiers, back-references and look-around are not allowed")
    try:
        return re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    except re.error as exc:
        raise PatternError(f"not a valid regular expression: {exc}") from None


def compile_alternatives(patterns: list[str], ignore_case: bool = True):
    """One pattern matching any of ``patterns``, leftmost-longest: one pass instead of N.

    Each pattern must already have passed :func:`compile`. With RE2 the alternation takes the
    longest match at the leftmost position, as if every pattern had been run and overlapping
    matches merged longest-first.
    """
    combined = "|".join(f"(?:{p})" for p in patterns)
    if _re2 is not None:
        options = _re2.Options()
        options.case_sensitive = not ignore_case
        options.longest_match = True
        options.max_mem = 256 << 20
        try:
            return _re2.compile(combined, options)
        except Exception as exc:
            raise PatternError(f"patterns do not combine: {exc}") from None
    return compile(combined, ignore_case)
