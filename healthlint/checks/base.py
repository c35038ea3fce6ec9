"""What every check kind shares: parameter validation, scopes, context conditions, reporting.

A check kind is a class registered under the ``healthlint.checks`` entry-point group. The engine
hands it every enabled rule of its kind from one pack at once, so it can compile them together
(one automaton, one combined pattern), then calls :meth:`CheckKind.check` once per document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from healthlint.document import Block, Document
from healthlint.findings import Finding
from healthlint.packs import BLOCK_SCOPES as BLOCK_SCOPES  # re-exported for check kinds
from healthlint.packs import PackError, Rule
from healthlint.sentences import clause_around


@dataclass(frozen=True)
class Param:
    """One parameter of a check kind: accepted types, whether it is required, what it means."""

    types: tuple[type, ...]
    required: bool = False
    help: str = ""
    default: Any = None


class Reporter:
    """Turns text positions into findings with lines and columns. One per document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.findings: list[Finding] = []

    def at_source(
        self,
        rule: Rule,
        start: int,
        end: int,
        message: str | None = None,
        suggestion: str | None = None,
        **values: Any,
    ) -> Finding:
        """Report the source range ``[start, end)``."""
        lines = self.doc.lines
        line, col = lines.position(start)
        end_line, end_col = lines.position(max(end, start))
        if message is None:
            message = rule.format_message(suggestion=suggestion or "", **values)
        finding = Finding(
            path=self.doc.path,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            rule=rule.code,
            name=rule.name,
            category=rule.category,
            severity=rule.severity,
            message=message,
            suggestion=suggestion,
            start=start,
            end=max(end, start),
        )
        self.findings.append(finding)
        return finding

    def reported(self, categories: frozenset[str]) -> list[Finding]:
        """What the checks run so far reported in ``categories`` (see :meth:`CheckKind.reads`)."""
        return [f for f in self.findings if f.category in categories]

    def at_text(
        self,
        rule: Rule,
        block: Block,
        start: int,
        end: int,
        message: str | None = None,
        suggestion: str | None = None,
        **values: Any,
    ) -> Finding:
        """Report the range ``[start, end)`` of a block's prose text."""
        src_start, src_end = block.source_range(start, end)
        values.setdefault("match", block.text[start:end])
        return self.at_source(rule, src_start, src_end, message, suggestion, **values)

    def at_document(self, rule: Rule, message: str | None = None, **values: Any) -> Finding:
        """Report a document-level finding on the title line (or the first line)."""
        title = self.doc.title
        if title is not None:
            return self.at_text(rule, title, 0, len(title.text), message, **values)
        return self.at_source(rule, 0, 0, message, **values)


class CheckKind:
    """Base class of check kinds. Subclasses set ``name``, ``params`` and implement ``check``."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    params: ClassVar[dict[str, Param]] = {}
    #: Scopes this kind understands (None: any).
    scopes: ClassVar[tuple[str, ...] | None] = None
    #: Whether its findings give way to an overlapping finding of another rule of the same
    #: category (a catch-all that must not repeat what a specific rule already said).
    fallback: ClassVar[bool] = False

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules

    @classmethod
    def validate(cls, rule: Rule) -> None:
        """Check a rule's parameters; raise PackError with a short reason."""
        known = dict(cls.params)
        known.update(CONDITION_PARAMS)
        for key, value in rule.params.items():
            spec = known.get(key)
            if spec is None:
                raise PackError(f"unknown parameter {key!r} for kind {cls.name!r}")
            if not isinstance(value, spec.types):
                names = " or ".join(t.__name__ for t in spec.types)
                raise PackError(f"parameter {key!r} must be {names}")
        for key, spec in cls.params.items():
            if spec.required and key not in rule.params:
                raise PackError(f"kind {cls.name!r} needs parameter {key!r}")
        if cls.scopes is not None:
            for scope in rule.scope:
                if scope not in cls.scopes:
                    raise PackError(
                        f"kind {cls.name!r} does not support scope {scope!r} "
                        f"(supported: {', '.join(cls.scopes)})"
                    )
        for key in ("when_near", "unless_near"):
            if key in rule.params:
                Condition.from_param(rule.params[key])

    @classmethod
    def reads(cls, rule: Rule) -> frozenset[str]:
        """Categories of other rules' findings that ``rule`` reads. The engine runs the rules of
        those categories first, selected or not, so a rule's verdict does not change with what
        else the user selected; the findings of rules that were not selected are then dropped."""
        return frozenset()

    def prepare(self) -> None:
        """Load data the check would otherwise load on first use (before workers fork, so they
        share one copy instead of each loading its own)."""

    def check(self, doc: Document, report: Reporter) -> None:  # pragma: no cover - interface
        raise NotImplementedError


# -- scopes ---------------------------------------------------------------------------------


#: Scopes that take in a second block kind: a title is a heading, a keywords tag is a ``<meta>``.
_SCOPE_INCLUDES = {("heading", "title"), ("meta", "keywords")}


def block_in_scope(rule: Rule, block: Block) -> bool:
    """Whether a rule whose scope names block kinds applies to ``block``."""
    for scope in rule.scope:
        if scope in ("prose", "sentence", "document") and block.kind != "front-matter":
            return True
        if scope == block.kind or (scope, block.kind) in _SCOPE_INCLUDES:
            return True
    return False


def in_scope(rule: Rule, block: Block, start: int, end: int) -> bool:
    """Whether the text range ``[start, end)`` of ``block`` is in the rule's scope."""
    if block_in_scope(rule, block):
        return True
    if "link-text" in rule.scope:
        return any(link.text_start <= start and end <= link.text_end for link in block.links)
    return False


# -- context conditions ---------------------------------------------------------------------

_WITHIN = ("clause", "sentence", "paragraph", "document")

CONDITION_PARAMS = {
    "when_near": Param((dict, list), help="report only when one of these terms is near"),
    "unless_near": Param((dict, list), help="do not report when one of these terms is near"),
}


def _terms_regex(terms: list[str]) -> str:
    """A pattern for any of ``terms`` as a whole word: "code" must not match inside "barcode",
    but a currency sign still matches before its amount ("$" in "$250").

    Terms that start and end with a letter share one pair of word-edge guards, so the regex
    engine can still look for their letters first; a guard on each alternative makes every
    search of a long text several times slower.
    """
    ordered = sorted((t.lower() for t in terms), key=len, reverse=True)
    words = [t for t in ordered if re.match(r"\w", t) and re.search(r"\w$", t)]
    parts = [rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})(?!\w)"] if words else []
    for term in (t for t in ordered if t not in words):
        edge_before = r"(?<!\w)" if re.match(r"\w", term) else ""
        edge_after = r"(?!\w)" if re.search(r"\w$", term) else ""
        parts.append(edge_before + re.escape(term) + edge_after)
    return "|".join(parts)


@dataclass(frozen=True)
class Condition:
    """Terms that must (or must not) occur within the clause, sentence, paragraph or document
    (the article's body: :attr:`Document.body_blocks`). A clause is a sentence cut at
    semicolons and at ", and" / ", but" / ", while" (:func:`clause_around`)."""

    pattern: re.Pattern
    within: str

    @classmethod
    def from_param(cls, value: Any) -> Condition:
        if isinstance(value, list):
            value = {"terms": value}
        terms = value.get("terms")
        within = value.get("within", "sentence")
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
            raise PackError("a condition needs 'terms': a list of strings")
        if within not in _WITHIN:
            raise PackError(f"a condition's 'within' must be one of {', '.join(_WITHIN)}")
        return cls(re.compile(_terms_regex(terms)), within)

    def holds(self, doc: Document, block: Block, start: int, end: int) -> bool:
        if self.within == "document":
            return any(self.pattern.search(b.lower) for b in doc.body_blocks)
        if self.within == "paragraph":
            return self.pattern.search(block.lower) is not None
        for s, e in block.sentences:
            if not (s <= start < e or start <= s < end):
                continue
            if self.within == "clause":
                s, e = clause_around(block.lower, start, end, s, e)
            if self.pattern.search(block.lower, s, e):
                return True
        return False


class Conditions:
    """A rule's ``when_near`` / ``unless_near`` conditions, compiled once."""

    __slots__ = ("when", "unless")

    def __init__(self, rule: Rule) -> None:
        when = rule.params.get("when_near")
        unless = rule.params.get("unless_near")
        self.when = Condition.from_param(when) if when else None
        self.unless = Condition.from_param(unless) if unless else None

    def allow(self, doc: Document, block: Block, start: int, end: int) -> bool:
        if self.when is not None and not self.when.holds(doc, block, start, end):
            return False
        return not (self.unless is not None and self.unless.holds(doc, block, start, end))


def is_word_boundary(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not glued to letters or digits on either side."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


class EngineCheck(CheckKind):
    """Rules the engine itself reports (unused suppressions): documented here, run there."""

    name = "engine"
    summary = "Reported by the engine after suppressions are applied."

    def check(self, doc: Document, report: Reporter) -> None:
        return None
