"""Phrase fingerprints of spun text: pack phrases plus generated variants of health terms.

Every phrase of every ``lexicon`` rule of a pack and, for rules with ``variants: true``, every
row of ``healthlint/data/spin_variants.tsv`` (built by ``tools/build_spin_data.py`` from
ICD-10-CM terms crossed with spinner synonyms) go into one Aho-Corasick automaton, so matching
is one linear pass per block however many thousands of entries there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick

from healthlint.checks.base import Condition, is_word_boundary
from healthlint.checks.phrase import normalise_phrase
from healthlint.document import Block, Document
from healthlint.packs import PackError, Rule

VARIANTS_FILE = "spin_variants.tsv"


@dataclass(frozen=True)
class Entry:
    """One fingerprint phrase with its probable original and the context it needs."""

    phrase: str
    suggestion: str | None
    weight: float
    when: Condition | None = None
    unless: Condition | None = None


#: An entry as the automaton's table keeps it: (rule index, suggestion, weight, when, unless).
_Stored = tuple[int, "str | None", float, "Condition | None", "Condition | None"]


def lexicon_entries(rule: Rule) -> list[Entry]:
    """The entries of a rule's ``phrases`` parameter (validated)."""
    default = float(rule.params.get("weight", 1.0))
    out = []
    for item in rule.params.get("phrases", []):
        if isinstance(item, str):
            item = {"phrase": item}
        if not isinstance(item, dict) or not isinstance(item.get("phrase"), str):
            raise PackError("each phrase is a string or a map with 'phrase'")
        unknown = set(item) - {"phrase", "suggestion", "weight", "when_near", "unless_near"}
        if unknown:
            raise PackError(f"unknown phrase key(s): {', '.join(sorted(unknown))}")
        if not normalise_phrase(item["phrase"]):
            raise PackError("a phrase is empty")
        when = item.get("when_near")
        unless = item.get("unless_near")
        out.append(
            Entry(
                phrase=item["phrase"],
                suggestion=item.get("suggestion"),
                weight=float(item.get("weight", default)),
                when=Condition.from_param(when) if when else None,
                unless=Condition.from_param(unless) if unless else None,
            )
        )
    if not out and not rule.params.get("variants"):
        raise PackError("a lexicon rule needs 'phrases' or 'variants: true'")
    return out


@lru_cache(maxsize=1)
def variant_table() -> tuple[tuple[str, str], ...]:
    """(spun variant, canonical term) rows of the generated data file."""
    text = resources.files("healthlint.data").joinpath(VARIANTS_FILE).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            variant, _, canonical = line.partition("\t")
            rows.append((variant, canonical))
    return tuple(rows)


class Lexicon:
    """All lexicon phrases of a pack in one automaton; ``find`` yields allowed matches."""

    def __init__(self, rules: list[Rule]) -> None:
        table: dict[str, list[tuple[Rule, Entry]]] = {}
        for rule in rules:
            for entry in lexicon_entries(rule):
                table.setdefault(normalise_phrase(entry.phrase), []).append((rule, entry))
            if rule.params.get("variants"):
                weight = float(rule.params.get("weight", 1.0))
                for variant, canonical in variant_table():
                    # Pack phrases win over generated variants of the same words.
                    table.setdefault(variant, []).append((rule, Entry(variant, canonical, weight)))
        # The automaton stores only an index into ``self.entries``, and entries are plain tuples
        # with a rule's index: pyahocorasick pickles each value on its own (a rule stored in it
        # is copied once per phrase), and thousands of small objects are slow to unpickle, so
        # the compiled-rules cache loads at start-up in a few milliseconds instead of ~50.
        self.rules = list(rules)
        number = {id(rule): i for i, rule in enumerate(self.rules)}
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.entries: list[tuple[int, tuple[_Stored, ...]]] = []
        for key, entries in table.items():
            self.automaton.add_word(key, len(self.entries))
            stored = tuple(
                (number[id(rule)], e.suggestion, e.weight, e.when, e.unless) for rule, e in entries
            )
            self.entries.append((len(key), stored))
        self.empty = not table
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, doc: Document, block: Block):
        """``(start, end, rule, suggestion, weight)`` of each allowed phrase in the block."""
        if self.empty:
            return
        lower = block.lower
        for end_index, index in self.automaton.iter(lower):
            length, entries = self.entries[index]
            end = end_index + 1
            start = end - length
            if not is_word_boundary(lower, start, end):
                continue
            for rule_index, suggestion, weight, when, unless in entries:
                if when is not None and not when.holds(doc, block, start, end):
                    continue
                if unless is not None and unless.holds(doc, block, start, end):
                    continue
                yield start, end, self.rules[rule_index], suggestion, weight
                break
