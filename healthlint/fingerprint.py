"""Fingerprints: a finding's identity that survives edits elsewhere in its file.

One function serves SARIF ``partialFingerprints``, GitLab Code Quality fingerprints and
baselines, so a finding has the same identity everywhere. It hashes the rule, the flagged text
and a little of its neighbourhood (normalised like document text: folded, lower case, whitespace
collapsed, never crossing a blank line), never the line number, so inserting or deleting text
elsewhere does not change it. ``:N`` then counts earlier findings of the file with the same
hash, so identical passages repeated in one file stay distinct (the convention of GitHub's
``primaryLocationLineHash``).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from healthlint.checks.phrase import normalise_phrase
from healthlint.findings import Finding

#: Characters of normalised neighbourhood hashed on each side of the flagged text.
CONTEXT = 40
_RAW_WINDOW = CONTEXT * 4
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")


def text_hash(source: str, rule: str, start: int, end: int) -> str:
    """A short hash of ``rule``, ``source[start:end]`` and its neighbourhood in the paragraph."""
    before = _PARAGRAPH_BREAK.split(source[max(0, start - _RAW_WINDOW) : start])[-1]
    after = _PARAGRAPH_BREAK.split(source[end : end + _RAW_WINDOW])[0]
    parts = (
        rule,
        normalise_phrase(source[start:end]),
        normalise_phrase(before)[-CONTEXT:],
        normalise_phrase(after)[:CONTEXT],
    )
    data = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:16]


def add_fingerprints(source: str, findings: Iterable[Finding]) -> None:
    """Set ``fingerprint`` on each finding of one file, given in report order."""
    seen: Counter[str] = Counter()
    for finding in findings:
        digest = text_hash(source, finding.rule, finding.start, finding.end)
        seen[digest] += 1
        finding.fingerprint = f"{digest}:{seen[digest]}"


def qualified(path: str, finding: Finding) -> str:
    """A fingerprint unique across a whole report: the file's path plus the finding's own."""
    data = f"{path}\0{finding.fingerprint}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]
