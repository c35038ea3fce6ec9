"""Case tells: spinners keep the capital of the word they replace, or drop it in a title.

"…for Serious pain circumstances…" (a swapped word keeps a capital mid-sentence) and
"An extensive Overview" (a lower-case swap inside a Title Case heading). Names are not
flagged: a capitalised word counts only when its lower-case form is a common word (it occurs in
lower case elsewhere in the document or in the spinner vocabulary) and it stands between
lower-case words.
"""

from __future__ import annotations

import re

from healthlint.document import Block
from healthlint.spin.lexicon import variant_table

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# A necessary condition for a mid-sentence capital (lower word, Capitalised word, lower word):
# blocks without one skip the word-by-word scan.
# (Anchored at word starts so a long run of letters is not retried from every position.)
_MAYBE_MIDSENTENCE_CAPITAL = re.compile(r"(?<![A-Za-z'-])[a-z][A-Za-z'-]* [A-Z][a-z'-]{3,} [a-z]")
#: Words that stay lower case in Title Case headings.
_MINOR = set(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "nor",
        "per",
        "so",
        "than",
        "that",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
        "without",
        "over",
        "under",
        "after",
        "before",
        "about",
        "its",
        "it",
        "are",
        "was",
        "be",
        "your",
        "you",
        "how",
        "what",
        "why",
        "when",
        "who",
        "which",
        "this",
        "these",
        "those",
        "their",
        "can",
        "do",
        "does",
        "not",
    ]
)


#: Lower-case words that join the parts of a name ("Department of Health").
_CONNECTORS = {"of", "for", "and", "on", "in", "de", "the", "&"}


def spinner_vocabulary() -> frozenset[str]:
    """Lower-case words of the spinner synonym table (both sides): common English words.

    Building it takes tens of milliseconds, so the ``spin`` check builds it once, with its other
    compiled data, and the compiled-checks cache keeps it between runs.
    """
    words = set()
    for variant, canonical in variant_table():
        words.update(variant.split())
        words.update(canonical.split())
    return frozenset(w for w in words if len(w) > 3)


def find(block: Block, vocabulary: frozenset[str]):
    """(start, end) of case tells in one block; ``vocabulary`` is :func:`spinner_vocabulary`."""
    if block.is_heading:
        yield from _title_tells(block)
    else:
        yield from _midsentence_capitals(block, vocabulary)


def _midsentence_capitals(block: Block, vocab: frozenset[str]):
    text = block.text
    if not _MAYBE_MIDSENTENCE_CAPITAL.search(text):
        return
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if not words:
        return
    lower_words = {w.lower() for _, _, w in words if w[0].islower()}
    for i in range(1, len(words) - 1):
        s, e, w = words[i]
        if not (w[0].isupper() and w[1:].islower() and len(w) > 3):
            continue
        ps, pe, prev = words[i - 1]
        ns, _, nxt = words[i + 1]
        gap = text[pe:s]
        if gap != " " or not prev[0].islower() or not nxt[0].islower() or text[e:ns] != " ":
            continue  # sentence starts, quotes, parentheses, names in a row
        if "'" in w or _in_name(words, i):
            continue
        low = w.lower()
        if low in lower_words or low in vocab:
            yield s, e


def _in_name(words: list[tuple[int, int, str]], i: int) -> bool:
    """Whether word ``i`` belongs to a name like "School of Medicine" or "Department of Health"."""
    before = words[i - 2][2] if i >= 2 else ""
    after = words[i + 2][2] if i + 2 < len(words) else ""
    return (words[i - 1][2] in _CONNECTORS and before[:1].isupper()) or (
        words[i + 1][2] in _CONNECTORS and after[:1].isupper()
    )


def _title_tells(block: Block):
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(block.text)]
    if len(words) < 4:
        return
    capital = [w for w in words[1:] if w[2][0].isupper()]
    lower = [w for w in words[1:] if w[2][0].islower() and w[2].lower() not in _MINOR]
    if len(capital) < 3 or not lower or len(lower) > 1:
        return
    for s, e, _ in lower:
        yield s, e
