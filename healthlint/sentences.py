"""Sentence boundaries inside a block's prose.

A deliberately simple splitter: a sentence ends at ``.``, ``!`` or ``?`` (with closing quotes or
brackets) followed by white space and an upper-case letter, digit or opening quote, unless the
full stop belongs to a common abbreviation ("Dr.", "e.g.", "et al.") or an initial.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "al",
        "approx",
        "fig",
        "no",
        "vol",
        "ed",
        "eds",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "mg",
        "ml",
        "cf",
        "ca",
    ]
)

# The look-behind makes a run of "!!!!" one candidate, not one per character (no quadratic
# backtracking on punctuation runs).
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


#: Where two coordinated clauses meet: "order a test for a fee, and the map at ukradon.org shows".
#: Narrower than the claim kind's clause break (which also cuts at colons and dashes, for the
#: reach of a hedge): an offer and its address are often joined by a colon.
_CLAUSE_JOIN = re.compile(r";\s|,\s+(?:and|but|while|whereas|yet)\s")


def clause_around(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The ``(start, end)`` range of the clause of ``text[lo:hi]`` (a sentence) that holds
    ``text[start:end]``: the sentence cut at semicolons and at ", and", ", but", ", while"."""
    clause_start, clause_end = lo, hi
    for match in _CLAUSE_JOIN.finditer(text, lo, hi):
        if match.end() <= start:
            clause_start = match.end()
        elif match.start() >= end:
            clause_end = match.start()
            break
    return clause_start, clause_end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` ranges of the sentences in ``text`` (white space trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        dot = match.start()
        word_start = text.rfind(" ", start, dot) + 1
        word = text[word_start:dot].lower().lstrip("(\"'")
        if text[dot] == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        _append(spans, text, start, match.end())
        start = match.end()
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
