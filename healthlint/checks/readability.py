"""``readability``: reading grade of the document and its paragraphs, and sentence length.

Scores are textstat's (SMOG and Flesch-Kincaid grades, :mod:`healthlint.readability`) on prose only: the parsers already
leave out markup, code, front matter and link targets, and the rule's scope keeps headings and
list items out (formulas misjudge fragments). A paragraph is scored only from ``min_words``
words up, and a document only from ``min_words`` words of prose, since short texts get absurd
grades ("Hypertension" alone: grade 32).
"""

from __future__ import annotations

from healthlint.checks.base import CheckKind, Param, Reporter, block_in_scope
from healthlint.document import Block, Document
from healthlint.packs import PackError, Rule
from healthlint.readability import Counts, count_text, word_count

UNITS = ("document", "paragraph", "sentence")
_DEFAULTS = {
    "target_grade": 8,
    "margin": 4,
    "max_words": 25,
}
_MIN_WORDS = {"document": 100, "paragraph": 30, "sentence": 0}


def _param(rule: Rule, name: str) -> float:
    if name == "min_words":
        return rule.params.get("min_words", _MIN_WORDS[rule.params["unit"]])
    return rule.params.get(name, _DEFAULTS[name])


class ReadabilityCheck(CheckKind):
    name = "readability"
    summary = (
        "SMOG and Flesch-Kincaid grades (textstat) of the document or each paragraph against a "
        "target grade, or sentence length in words."
    )
    params = {
        "unit": Param((str,), required=True, help="document, paragraph or sentence"),
        "target_grade": Param((int, float), help="the reading grade to stay at or below (8)"),
        "margin": Param(
            (int, float), help="paragraphs: grades above the target that are allowed (4)"
        ),
        "min_words": Param(
            (int,), help="score only texts of this many words (document 100, paragraph 30)"
        ),
        "max_words": Param((int,), help="sentences: the longest allowed, in words (25)"),
    }
    scopes = ("paragraph", "quote", "list-item", "table-cell")

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        unit = rule.params.get("unit")
        if unit not in UNITS:
            raise PackError(f"'unit' must be one of {', '.join(UNITS)}")
        for key in ("target_grade", "margin", "min_words", "max_words"):
            value = rule.params.get(key)
            if isinstance(value, bool) or (value is not None and value < 0):
                raise PackError(f"{key!r} must be a number of at least 0")

    def prepare(self) -> None:
        from healthlint.readability import LANG
        from healthlint.syllables import hyphenator, syllable_counts

        syllable_counts()
        hyphenator(LANG)

    def check(self, doc: Document, report: Reporter) -> None:
        counts = _BlockCounts()
        for rule in self.rules:
            blocks = [b for b in doc.blocks if block_in_scope(rule, b)]
            unit = rule.params["unit"]
            if unit == "document":
                self._document(rule, blocks, counts, report)
            elif unit == "paragraph":
                self._paragraphs(rule, blocks, counts, report)
            else:
                self._sentences(rule, blocks, report)

    def _document(
        self, rule: Rule, blocks: list[Block], counts: _BlockCounts, report: Reporter
    ) -> None:
        # The joined prose's counts are the sum of the blocks' own (shared with the paragraphs).
        total = sum((counts.of(b) for b in blocks if b.text.strip()), Counts())
        if total.empty or total.words < _param(rule, "min_words"):
            return
        target = _param(rule, "target_grade")
        scores = total.scores()
        if scores.grade > target:
            report.at_document(rule, target=_number(target), **scores.values())

    def _paragraphs(
        self, rule: Rule, blocks: list[Block], counts: _BlockCounts, report: Reporter
    ) -> None:
        target = _param(rule, "target_grade")
        margin = _param(rule, "margin")
        for block in blocks:
            block_counts = counts.of(block)
            if block_counts.words < max(1, _param(rule, "min_words")):
                continue
            scores = block_counts.scores()
            if scores.grade > target + margin:
                report.at_text(
                    rule,
                    block,
                    0,
                    len(block.text),
                    target=_number(target),
                    margin=_number(margin),
                    **scores.values(),
                )

    def _sentences(self, rule: Rule, blocks: list[Block], report: Reporter) -> None:
        limit = _param(rule, "max_words")
        for block in blocks:
            for start, end in block.sentences:
                words = word_count(block.text[start:end])
                if words > limit:
                    report.at_text(
                        rule, block, start, end, words=str(words), max_words=_number(limit)
                    )


class _BlockCounts:
    """Each block's counts, made once per document for every rule and unit that needs them."""

    def __init__(self) -> None:
        self._by_index: dict[int, Counts] = {}

    def of(self, block: Block) -> Counts:
        found = self._by_index.get(block.index)
        if found is None:
            found = self._by_index[block.index] = count_text(block.text)
        return found


def _number(value: float) -> str:
    return f"{value:g}"
