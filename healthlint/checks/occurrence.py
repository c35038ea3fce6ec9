"""``occurrence``: flag a keyword that is repeated through a document (keyword stuffing).

Spam insertions often repeat one purchase phrase ("buy X", "cheap X") in otherwise generic
sentences. One such phrase may be a neutral mention; the same one again and again is stuffing.
The rule's pattern captures the keyword in group 1; every occurrence is reported once the same
keyword (case-folded) appears ``min_count`` times in the document, or with ``count_in: block`` in
one paragraph (SEO stuffing packs one search phrase into a single paragraph).

A page's ``<meta>`` keywords and description count (stuffing is what they are often for), but a
meta block that repeats text the page already has (a description copied from the first
paragraph, ``og:description`` copied from the description) does not count again; its
occurrences are still reported when the keyword is stuffed.
"""

from __future__ import annotations

from healthlint import regex, scan
from healthlint.checks.base import BLOCK_SCOPES, CheckKind, Conditions, Param, Reporter, in_scope
from healthlint.document import Block, Document
from healthlint.packs import PackError, Rule


class OccurrenceCheck(CheckKind):
    name = "occurrence"
    summary = "A keyword (group 1 of a pattern) repeated at least min_count times in a document."
    params = {
        "pattern": Param((str,), required=True, help="regular expression; group 1 is the keyword"),
        "min_count": Param((int,), help="how many times the same keyword must occur (default 3)"),
        "ignore": Param((list,), help="keywords that never count (pronouns, articles)"),
        "count_in": Param((str,), help="where repeats are counted: document (default) or block"),
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
        if rule.params.get("count_in", "document") not in ("document", "block"):
            raise PackError("'count_in' must be 'document' or 'block'")

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
            per_block = rule.params.get("count_in") == "block"
            found: dict[tuple[int, str], list[tuple[Block, int, int]]] = {}
            for match in scan.finditer(pattern, doc, lower=True):
                block = match.block
                keyword = " ".join(match.group(1).split())
                s, e = match.span()
                if keyword in ignore or not in_scope(rule, block, s, e):
                    continue
                if conditions.allow(doc, block, s, e):
                    where = block.index if per_block else -1
                    found.setdefault((where, keyword), []).append((block, s, e))
            minimum = rule.params.get("min_count", 3)
            repeated = doc.repeated_meta if not per_block else frozenset()
            for (_, keyword), places in found.items():
                count = sum(1 for block, _, _ in places if block.index not in repeated)
                if count < minimum:
                    continue
                for block, s, e in places:
                    report.at_text(rule, block, s, e, keyword=keyword, count=count)
