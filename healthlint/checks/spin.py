"""``spin``: machine-spun phrasing, judged per document before any line is reported.

Spinners and paraphrasers leave fingerprints (tortured phrases, swapped words inside medical
terms, odd general-English choices, look-alike letters). Any one of them can occur in honest
prose, so this kind collects every candidate of every ``spin`` rule in a pack, scores the
document (weighted fingerprints per 100 words) and reports line findings only when the
document as a whole looks spun (rules may opt out of the gate with ``gate: false``).

Detectors (the ``detector`` parameter of a rule):
- ``lexicon``: ``phrases`` (each may carry its own ``suggestion``, ``weight``, ``when_near``,
  ``unless_near``), plus, for ``variants: true``, the generated table of spun variants of
  canonical health terms. All phrases of the pack share one Aho-Corasick automaton.
- ``patterns``: ``patterns`` (``{pattern, suggestion, weight}``), combined into one
  linear-time regular expression per pack.
- ``capitals``: capitalised common words mid-sentence and lower-case content words inside a
  Title Case heading (spinners keep the case of the word they replace).
- ``articles``: "a" before a vowel or "an" before a consonant, left over from a swapped word.
- ``lookalikes``: letters from other scripts inside Latin words, read from the source.
- ``document``: the document-level finding; its ``threshold`` and ``min_hits`` set the gate.

The score is the body's (``doc.body_blocks``): fingerprints in a page's ``<meta>`` description
are reported when the body scores as spun, but do not count towards its score, since such a
description usually repeats the opening paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from healthlint import regex, scan
from healthlint.checks.base import (
    BLOCK_SCOPES,
    CheckKind,
    Param,
    Reporter,
    in_scope,
    is_word_boundary,
)
from healthlint.document import Block, Document
from healthlint.packs import PackError, Rule
from healthlint.spin import articles, capitals, lookalikes
from healthlint.spin.lexicon import Lexicon, lexicon_entries

DETECTORS = ("lexicon", "patterns", "capitals", "articles", "lookalikes", "document")
#: Gate used when the document rule is not enabled.
DEFAULT_THRESHOLD = 1.0
DEFAULT_MIN_HITS = 2


@dataclass
class Candidate:
    """One fingerprint: where it is, which rule found it, the probable original, its weight."""

    block: Block
    start: int
    end: int
    rule: Rule
    suggestion: str | None
    weight: float


class SpinCheck(CheckKind):
    name = "spin"
    summary = (
        "Spinner fingerprints, reported only when the whole document scores as spun "
        "(weighted fingerprints per 100 words)."
    )
    params = {
        "detector": Param((str,), required=True, help=f"one of {', '.join(DETECTORS)}"),
        "phrases": Param((list,), help="lexicon: strings or {phrase, suggestion, weight, ...}"),
        "variants": Param((bool,), help="lexicon: add the spun variants of canonical terms"),
        "patterns": Param((list,), help="patterns: {pattern, suggestion, weight} maps"),
        "weight": Param((int, float), help="how much one hit counts towards the spin score"),
        "gate": Param((bool,), help="report only in documents that score as spun (default)"),
        "threshold": Param((int, float), help="document: spin score that makes a document spun"),
        "min_hits": Param((int,), help="document: fewest fingerprints for a spun document"),
    }
    scopes = (*BLOCK_SCOPES, "sentence", "document")

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        detector = rule.params["detector"]
        if detector not in DETECTORS:
            raise PackError(f"'detector' must be one of {', '.join(DETECTORS)}")
        if detector == "lexicon":
            lexicon_entries(rule)
        if detector == "patterns":
            for _ in _pattern_entries(rule):
                pass

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.by_detector: dict[str, list[Rule]] = {d: [] for d in DETECTORS}
        for rule in rules:
            self.by_detector[rule.params["detector"]].append(rule)
        self.lexicon = Lexicon(self.by_detector["lexicon"])
        self.patterns = _CombinedPatterns(self.by_detector["patterns"])
        self.capital_vocabulary = (
            capitals.spinner_vocabulary() if self.by_detector["capitals"] else frozenset()
        )
        doc_rules = self.by_detector["document"]
        self.doc_rule = doc_rules[0] if doc_rules else None
        params = self.doc_rule.params if self.doc_rule else {}
        self.threshold = float(params.get("threshold", DEFAULT_THRESHOLD))
        self.min_hits = int(params.get("min_hits", DEFAULT_MIN_HITS))

    # -- collecting ----------------------------------------------------------------------

    def candidates(self, doc: Document) -> list[Candidate]:
        found: list[Candidate] = []
        for block, start, end, rule, suggestion, weight in self.patterns.find(
            doc, doc.prose_blocks
        ):
            found.append(Candidate(block, start, end, rule, suggestion, weight))
        for block in doc.prose_blocks:
            for start, end, rule, suggestion, weight in self.lexicon.find(doc, block):
                found.append(Candidate(block, start, end, rule, suggestion, weight))
            for rule in self.by_detector["capitals"]:
                for start, end in capitals.find(block, self.capital_vocabulary):
                    found.append(Candidate(block, start, end, rule, None, _weight(rule, 0.5)))
            for rule in self.by_detector["articles"]:
                for start, end in articles.find(block):
                    article = block.text[start:end]
                    other = ("An" if article == "A" else "an") if len(article) == 1 else article[0]
                    found.append(Candidate(block, start, end, rule, other, _weight(rule, 0.5)))
            for rule in self.by_detector["lookalikes"]:
                for start, end, plain in lookalikes.find(doc, block):
                    found.append(Candidate(block, start, end, rule, plain, _weight(rule, 2.0)))
        return _resolve_overlaps([c for c in found if in_scope(c.rule, c.block, c.start, c.end)])

    def score(self, doc: Document, found: list[Candidate]) -> float:
        """Weighted fingerprints per 100 words of the body (fingerprints in meta blocks do not
        count)."""
        words = max(doc.word_count(), 1)
        return 100.0 * sum(c.weight for c in found if c.block.in_body) / max(words, 50)

    def check(self, doc: Document, report: Reporter) -> None:
        found = self.candidates(doc)
        if not found:
            return
        score = self.score(doc, found)
        hits = sum(1 for c in found if c.block.in_body)
        spun = score >= self.threshold and hits >= self.min_hits
        if spun and self.doc_rule is not None:
            report.at_document(
                self.doc_rule, score=f"{score:.1f}", hits=hits, words=doc.word_count()
            )
        for c in found:
            if spun or not c.rule.params.get("gate", True):
                report.at_text(c.rule, c.block, c.start, c.end, suggestion=c.suggestion)


def _weight(rule: Rule, default: float) -> float:
    return float(rule.params.get("weight", default))


def _resolve_overlaps(found: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates (a variant inside a longer phrase counts once)."""
    found.sort(key=lambda c: (-(c.end - c.start), c.block.index, c.start))
    taken: dict[int, list[tuple[int, int]]] = {}
    kept = []
    for c in found:
        spans = taken.setdefault(id(c.block), [])
        if all(c.end <= s or c.start >= e for s, e in spans):
            spans.append((c.start, c.end))
            kept.append(c)
    kept.sort(key=lambda c: (c.block.start, c.start))
    return kept


_PATTERN_KEYS = {"pattern", "before", "after", "suggestion", "weight"}


def _pattern_entries(rule: Rule) -> list[tuple[str, str, str, str | None, float | None]]:
    """(before, pattern, after, suggestion, weight): only ``pattern`` is reported."""
    out = []
    for item in rule.params.get("patterns", []):
        if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
            raise PackError("each pattern is a map with 'pattern' (and 'suggestion', 'weight')")
        unknown = set(item) - _PATTERN_KEYS
        if unknown:
            raise PackError(f"unknown pattern key(s): {', '.join(sorted(unknown))}")
        before, after = item.get("before", ""), item.get("after", "")
        try:
            for part in (before, item["pattern"], after):
                regex.compile(part or "x", True)
        except regex.PatternError as exc:
            raise PackError(f"pattern {item['pattern']!r}: {exc}") from None
        weight = item.get("weight")
        weight = None if weight is None else float(weight)
        out.append((before, item["pattern"], after, item.get("suggestion"), weight))
    return out


class _CombinedPatterns:
    """Every pattern of every ``patterns`` rule as one alternation with a named group each."""

    def __init__(self, rules: list[Rule]) -> None:
        self.groups: dict[str, tuple[Rule, str | None, float]] = {}
        parts = []
        for rule in rules:
            default = _weight(rule, 1.0)
            for before, pattern, after, suggestion, weight in _pattern_entries(rule):
                name = f"p{len(self.groups)}"
                self.groups[name] = (rule, suggestion, default if weight is None else weight)
                parts.append(f"(?:{before})(?P<{name}>{pattern})(?:{after})")
        self.pattern: Any = regex.compile("|".join(parts), True) if parts else None
        self.index: dict[str, int] = dict(self.pattern.groupindex) if parts else {}

    def find(self, doc: Document, blocks: list[Block]):
        if self.pattern is None:
            return
        for match in scan.finditer(self.pattern, doc, blocks):
            for name, value in match.groupdict().items():
                if value is not None and name in self.groups:
                    s, e = match.span(self.index[name])
                    if e > s and is_word_boundary(match.block.text, s, e):
                        rule, suggestion, weight = self.groups[name]
                        yield match.block, s, e, rule, suggestion, weight
                    break
