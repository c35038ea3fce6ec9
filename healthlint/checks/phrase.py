"""``phrase``: flag listed words and phrases (optionally suggesting a replacement).

All phrases of all ``phrase`` rules in a pack go into one Aho-Corasick automaton, so a pack of
thousands of entries costs one linear pass over each block, whatever its size.
"""

from __future__ import annotations

from typing import Any

import ahocorasick

from healthlint.checks.base import (
    BLOCK_SCOPES,
    CheckKind,
    Conditions,
    Param,
    Reporter,
    in_scope,
    is_word_boundary,
)
from healthlint.document import Document, fold_char
from healthlint.packs import PackError, Rule


def normalise_phrase(phrase: str) -> str:
    """The matching form of a phrase: folded like document text, lower case, single spaces."""
    if not phrase.isascii():
        phrase = "".join(fold_char(ch) if not ch.isascii() else ch for ch in phrase)
    return " ".join(phrase.lower().split())


def phrase_entries(rule: Rule) -> list[tuple[str, str | None]]:
    """``(phrase, suggestion)`` pairs of a rule's ``phrases`` parameter."""
    out = []
    for item in rule.params.get("phrases", []):
        if isinstance(item, str):
            out.append((item, rule.params.get("suggestion")))
        elif isinstance(item, dict) and isinstance(item.get("phrase"), str):
            out.append((item["phrase"], item.get("suggestion")))
        else:
            raise PackError("each phrase is a string or a map with 'phrase' (and 'suggestion')")
    return out


class PhraseCheck(CheckKind):
    name = "phrase"
    summary = "Words and phrases matched case-insensitively on word boundaries."
    params = {
        "phrases": Param((list,), required=True, help="strings or {phrase, suggestion} maps"),
        "suggestion": Param((str,), help="the replacement for every phrase without its own"),
        "case_sensitive": Param((bool,), help="match the case as written"),
    }
    scopes = (*BLOCK_SCOPES, "front-matter", "sentence", "link-text")

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        entries = phrase_entries(rule)
        if not entries:
            raise PackError("'phrases' is empty")
        for phrase, _ in entries:
            if not normalise_phrase(phrase):
                raise PackError("a phrase is empty")

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.automaton = ahocorasick.Automaton()
        self.conditions = {rule.code: Conditions(rule) for rule in rules}
        table: dict[str, list[tuple[Rule, str, str | None]]] = {}
        for rule in rules:
            for phrase, suggestion in phrase_entries(rule):
                key = normalise_phrase(phrase)
                table.setdefault(key, []).append((rule, phrase, suggestion))
        for key, entries in table.items():
            self.automaton.add_word(key, (len(key), tuple(entries)))
        self.empty = not table
        if not self.empty:
            self.automaton.make_automaton()

    def check(self, doc: Document, report: Reporter) -> None:
        if self.empty:
            return
        for block in doc.blocks:
            lower = block.lower
            best: dict[str, list[tuple[int, int, Rule, str, str | None]]] = {}
            for end_index, (length, entries) in self.automaton.iter(lower):
                end = end_index + 1
                start = end - length
                if not is_word_boundary(lower, start, end):
                    continue
                for rule, phrase, suggestion in entries:
                    if rule.params.get("case_sensitive") and block.text[start:end] != phrase:
                        continue
                    best.setdefault(rule.code, []).append((start, end, rule, phrase, suggestion))
            for matches in best.values():
                for start, end, rule, _phrase, suggestion in _longest_first(matches):
                    if not in_scope(rule, block, start, end):
                        continue
                    if not self.conditions[rule.code].allow(doc, block, start, end):
                        continue
                    report.at_text(rule, block, start, end, suggestion=suggestion)


def _longest_first(matches: list[Any]) -> list[Any]:
    """Drop matches of one rule that overlap a longer (or earlier) match."""
    matches.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int]] = []
    kept = []
    for m in matches:
        if all(m[1] <= s or m[0] >= e for s, e in taken):
            taken.append((m[0], m[1]))
            kept.append(m)
    kept.sort(key=lambda m: m[0])
    return kept
