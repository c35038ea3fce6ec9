"""A small linear model of sentences: word and word-pair features, one weight each.

Why a model: hype is written in endless wordings ("cramps simply stop and stay gone", "cortisol
drops, serotonin floods in"). Pattern families written from one set of articles catch little of
the next; a logistic regression over words and word pairs, trained on sentences editors labelled,
weighs the cues together. The weights are pack data (see ``tools/train_claim_model.py``), so a
user can read, retrain or replace them; scoring is a sum of dictionary look-ups.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)?|[%!]")


def tokens(text: str) -> list[str]:
    """Lower-case words; every number is ``<num>`` so "in 14 days" and "in 21 days" share cues."""
    return ["<num>" if t[0].isdigit() else t for t in _TOKEN.findall(text.lower())]


class Concepts:
    """Word classes ("concepts") a model weighs as one feature each, and in pairs.

    Why: a claim may say "rebuilds", "regrows" or "reverses"; each word alone is too rare in
    labelled articles to earn a weight, but the class "dramatic change to the body" is common.
    A sentence gets ``@change`` for any member word, and ``@change+@universal`` when it also
    has a word of that class, so the model can learn that a sweeping word next to an effect
    verb is what makes a claim. Members are words, word sequences ("for good"), or prefixes
    ending in ``*`` ("rebuil*").
    """

    def __init__(self, classes: dict[str, list[str]] | None = None) -> None:
        self.words: dict[str, list[str]] = {}
        self.prefixes: list[tuple[str, str]] = []
        self.phrases: dict[tuple[str, ...], list[str]] = {}
        for name, members in (classes or {}).items():
            for member in members:
                parts = tuple(tokens(member.rstrip("*")))
                if member.endswith("*") and len(parts) == 1:
                    self.prefixes.append((parts[0], name))
                elif len(parts) == 1:
                    self.words.setdefault(parts[0], []).append(name)
                elif parts:
                    self.phrases.setdefault(parts, []).append(name)
        self.longest = max((len(p) for p in self.phrases), default=1)
        self._classes: dict[str, tuple[str, ...]] = {}  # word -> its classes, looked up once

    def classes_of(self, word: str) -> tuple[str, ...]:
        """The classes ``word`` belongs to, as a member or by a prefix (memoised: every
        sentence of a run asks about the same few thousand words)."""
        known = self._classes.get(word)
        if known is None:
            names = [
                *self.words.get(word, ()),
                *(n for p, n in self.prefixes if word.startswith(p)),
            ]
            known = self._classes[word] = tuple(dict.fromkeys(names))
        return known

    def found(self, words: Sequence[str]) -> dict[str, str]:
        """``{"@name": the first words of the text in that class}``."""
        hits: dict[str, str] = {}
        for i, word in enumerate(words):
            for name in self.classes_of(word):
                hits.setdefault(f"@{name}", word)
            for size in range(2, self.longest + 1):
                for name in self.phrases.get(tuple(words[i : i + size]), ()):
                    hits.setdefault(f"@{name}", " ".join(words[i : i + size]))
        return hits


def features(text: str, concepts: Concepts | None = None) -> dict[str, str]:
    """The sentence's features, each with the words it stands for (the message's cues).

    Words and adjacent word pairs (``"simply"``, ``"simply stop"``), and with ``concepts`` the
    classes present (``"@change"``) and every pair of them (``"@change+@universal"``).
    """
    words = tokens(text)
    found = {w: w for w in words}
    found.update({f"{a} {b}": f"{a} {b}" for a, b in zip(words, words[1:], strict=False)})
    if concepts is not None:
        hits = concepts.found(words)
        names = sorted(hits)
        found.update(hits)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                found[f"{a}+{b}"] = f"{hits[a]} … {hits[b]}"
    return found


@dataclass(frozen=True)
class LinearModel:
    """``score = bias + sum of the weights of the sentence's features`` (log-odds)."""

    weights: dict[str, float]
    bias: float

    def score(self, found: Iterable[str]) -> float:
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in found)

    def cues(self, found: dict[str, str], count: int = 3) -> list[str]:
        """The words behind the features that raised the score most, strongest first."""
        positive = [(w, f) for f in found if (w := self.weights.get(f, 0.0)) > 0]
        positive.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen: list[str] = []
        for _, feature in positive:
            words = found[feature]
            # "stay gone" says more than "gone" again: skip words inside a chosen cue.
            if any(set(words.split()) <= set(c.split()) for c in chosen):
                continue
            chosen = [c for c in chosen if not set(c.split()) < set(words.split())]
            chosen.append(words)
            if len(chosen) == count:
                break
        return chosen


def train(
    samples: Sequence[set[str]],
    labels: Sequence[int],
    l2: float = 3.0,
    positive_weight: float = 6.0,
    epochs: int = 30,
    seed: int = 0,
) -> LinearModel:
    """Logistic regression by stochastic gradient descent (deterministic for a given seed).

    ``positive_weight`` scales the loss of positive samples: they are rare (one sentence in
    thirty), and a missed claim costs an editor more than a sentence to glance at.
    """
    weights: dict[str, float] = {}
    bias = 0.0
    count = len(samples)
    order = list(range(count))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        rate = 0.5 / (1 + 0.3 * epoch)
        for i in order:
            z = bias + sum(weights.get(f, 0.0) for f in samples[i])
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            gradient = (p - labels[i]) * (positive_weight if labels[i] else 1.0)
            for f in samples[i]:
                w = weights.get(f, 0.0)
                weights[f] = w - rate * (gradient + l2 * w / count)
            bias -= rate * gradient
    return LinearModel(weights, bias)
