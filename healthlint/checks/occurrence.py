"""``occurrence``: flag a keyword that is repeated through a document (keyword stuffing).

Spam insertions often repeat one purchase phrase ("buy X", "cheap X") in otherwise generic
sentences. One such phrase may be a neutral mention; the same one again and again is stuffing.
The rule's pattern captures the keyword in group 1; every occurrence is reported once the same
keyword (case-folded) appears ``min_count`` times in the document, or with ``count_in: block`` in
one paragraph (SEO stuffing packs one search phrase into a single paragraph), or with
``count_in: sentence`` in one sentence ("organic shilajit, authentic shilajit for men, buy
shilajit online"; reported once, at the first occurrence, since the sentence is one finding).

A page's ``<meta>`` keywords and description count (stuffing is what they are often for), but a
meta block that repeats text the page already has (a description copied from the first
paragraph, ``og:description`` copied from the description) does not count again; its
occurrences are still reported when the keyword is stuffed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from healthlint import regex, scan
from healthlint.checks.base import BLOCK_SCOPES, CheckKind, Conditions, Param, Reporter, in_scope
from healthlint.document import Block, Document
from healthlint.packs import PackError, Rule

_COUNT_IN = ("document", "block", "sentence")


def _matches(
    pattern: Any, doc: Document, conditions: Conditions, count_in: str
) -> Iterator[tuple[Block, int, int, str]]:
    """``(block, start, end, keyword)`` of each match of ``pattern``.

    A rule counted per block or sentence that must be near certain terms looks only in the
    blocks that hold one of them: HL218's pattern matches every word, and handling every word of
    a long document would cost seconds for the few sales paragraphs it can count in.
    """
    when = conditions.when
    if count_in != "document" and when is not None and when.within != "document":
        for block in doc.blocks:
            if when.pattern.search(block.lower):
                for match in pattern.finditer(block.lower):
                    yield block, match.start(), match.end(), match.group(1)
        return
    for match in scan.finditer(pattern, doc, lower=True):
        yield match.block, match.start(), match.end(), match.group(1)


class OccurrenceCheck(CheckKind):
    name = "occurrence"
    summary = "A keyword (group 1 of a pattern) repeated at least min_count times in a document."
    params = {
        "pattern": Param((str,), required=True, help="regular expression; group 1 is the keyword"),
        "min_count": Param((int,), help="how many times the same keyword must occur (default 3)"),
        "ignore": Param((list,), help="keywords that never count (pronouns, articles)"),
        "count_in": Param(
            (str,), help="where repeats are counted: document (default), block or sentence"
        ),
    }
    scopes = BLOCK_SCOPES

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        try:
            compiled = regex.compile(rule.params["pattern"], True)
        except regex.PatternError as exc:
            raise PackError(f"pattern: {exc}") from None
        if compiled.groups < 1:
            raise PackError("pattern needs a capture group for the keyword")
        if rule.params.get("min_count", 3) < 2:
            raise PackError("'min_count' must be at least 2")
        if rule.params.get("count_in", "document") not in _COUNT_IN:
            raise PackError(f"'count_in' must be one of {', '.join(_COUNT_IN)}")

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.compiled = [
            (
                rule,
                regex.compile(rule.params["pattern"], True),
                Conditions(rule),
                {w.lower() for w in rule.params.get("ignore", [])},
            )
            for rule in rules
        ]

    def check(self, doc: Document, report: Reporter) -> None:
        for rule, pattern, conditions, ignore in self.compiled:
            count_in = rule.params.get("count_in", "document")
            minimum = rule.params.get("min_count", 3)
            found: dict[tuple[int, int, str], list[tuple[Block, int, int]]] = {}
            for block, s, e, keyword in _matches(pattern, doc, conditions, count_in):
                keyword = " ".join(keyword.split())
                if keyword in ignore or not in_scope(rule, block, s, e):
                    continue
                where = (-1, -1)
                if count_in == "block":
                    where = (block.index, -1)
                elif count_in == "sentence":
                    where = (block.index, block.sentence_at(s)[0])
                found.setdefault((*where, keyword), []).append((block, s, e))
            repeated = doc.repeated_meta if count_in == "document" else frozenset()
            for (*_, keyword), places in found.items():
                # Conditions only ever remove places, so a keyword short of the minimum before
                # they are checked cannot reach it after: most keywords skip the checks.
                if len(places) < minimum:
                    continue
                places = [p for p in places if conditions.allow(doc, *p)]
                count = sum(1 for block, _, _ in places if block.index not in repeated)
                if count < minimum:
                    continue
                if count_in == "sentence":
                    places = places[:1]  # one stuffed sentence is one finding
                for block, s, e in places:
                    report.at_text(rule, block, s, e, keyword=keyword, count=count)
