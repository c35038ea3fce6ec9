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


def features(text: str) -> set[str]:
    """The sentence's words and adjacent word pairs (``"simply"``, ``"simply stop"``)."""
    words = tokens(text)
    found = set(words)
    found.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return found


@dataclass(frozen=True)
class LinearModel:
    """``score = bias + sum of the weights of the sentence's features`` (log-odds)."""

    weights: dict[str, float]
    bias: float

    def score(self, found: Iterable[str]) -> float:
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in found)

    def cues(self, found: Iterable[str], count: int = 3) -> list[str]:
        """The features that raised the score most, strongest first (for the message)."""
        positive = [(w, f) for f in found if (w := self.weights.get(f, 0.0)) > 0]
        positive.sort(key=lambda pair: (-pair[0], pair[1]))
        chosen: list[str] = []
        for _, feature in positive:
            # "stay gone" says more than "gone" again: skip a word inside a chosen pair.
            if any(feature in c.split() or c in feature.split() for c in chosen):
                continue
            chosen.append(feature)
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
