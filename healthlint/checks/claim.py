"""``claim``: flag absolute or sensational claims that nothing supports.

A trigger pattern ("cures", "100% safe", "breakthrough") is a finding unless its context shows it
is not an unsupported claim:

- a citation supports it: a reference marker, an author-year citation or a link to an authority
  source in the same sentence or paragraph (``support_within``; see :mod:`healthlint.authority`);
- it is hedged: a hedge word ("may", "some studies suggest") comes before it in the same clause,
  or a conditional ("if") comes before it with no comma between: "if it cures" is hedged, but in
  "If you want clear skin, this cream cures acne" the condition ends at the comma;
- it is negated: a negation ("not a miracle cure", "there is no cure") comes just before it;
- it is an instruction ("Always finish the course") or a question;
- an ``exceptions`` pattern covers it ("cure rate" is a statistic, not a promise);
- it is in a reference list (the title of a cited work is not the article's claim).

Hedges, negations and instruction openers are pack data, so a pack can tighten or loosen them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from healthlint import scan
from healthlint.authority import Authorities, has_citation, reference_blocks
from healthlint.checks.base import (
    BLOCK_SCOPES,
    CheckKind,
    Condition,
    Conditions,
    Param,
    Reporter,
    in_scope,
)
from healthlint.checks.lexicon import compile_alternation, compile_patterns, validate_patterns
from healthlint.checks.phrase import normalise_phrase
from healthlint.document import Block, Document
from healthlint.packs import PackError, Rule

_WITHIN = ("sentence", "paragraph", "none")
#: Where one clause ends and the next begins: a hedge before this does not scope what follows.
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:but|and|while|whereas|yet)\b|\s[-\u2013\u2014]\s|\bbut\b")
#: Where a negation's reach ends: any comma, semicolon, colon or dash between clauses.
_NEGATION_BREAK = re.compile(r"[,;:]|\s[-\u2013\u2014]\s")
#: A hyphenated compound ("no-scalpel"), not a double hyphen standing for a dash ("lives--not").
_HYPHENATED = re.compile(r"\w-\w")


def _terms_pattern(terms: list[str]) -> re.Pattern | None:
    """One word-bounded alternation of plain terms, compiled like ``when_near`` terms."""
    cleaned = [normalise_phrase(t) for t in terms if normalise_phrase(t)]
    return Condition.from_param(cleaned).pattern if cleaned else None


@dataclass
class _Settings:
    rule: Rule
    triggers: Any
    exceptions: list
    hedges: re.Pattern | None
    conditionals: re.Pattern | None
    negations: re.Pattern | None
    negation_window: int
    instructions: re.Pattern | None
    support_within: str
    skip_questions: bool
    authorities: Authorities
    conditions: Conditions


class ClaimCheck(CheckKind):
    name = "claim"
    summary = "Absolute claims (trigger patterns) not hedged, negated, instructed or cited nearby."
    params = {
        "triggers": Param((list,), required=True, help="regular expressions of claim wording"),
        "exceptions": Param((list,), help="patterns that, overlapping a trigger, cancel it"),
        "hedges": Param((list,), help="words that soften a claim when they come before it"),
        "conditionals": Param(
            (list,), help="words (if) that soften a claim before it, up to a comma or semicolon"
        ),
        "negations": Param((list,), help="words that negate a claim just before it"),
        "negation_window": Param((int,), help="how many words before a trigger a negation reaches"),
        "instructions": Param((list,), help="sentence openers of instructions (always, never)"),
        "support_within": Param((str,), help="where a citation supports: sentence|paragraph|none"),
        "skip_questions": Param((bool,), help="ignore claims inside questions (default true)"),
        "authority_domains": Param((list,), help="domains whose links count as citations"),
    }
    scopes = (*BLOCK_SCOPES, "sentence")

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        validate_patterns(rule, "triggers", "exceptions")
        if not rule.params["triggers"]:
            raise PackError("'triggers' is empty")
        for key in ("hedges", "conditionals", "negations", "instructions", "authority_domains"):
            if not all(isinstance(t, str) for t in rule.params.get(key, [])):
                raise PackError(f"{key!r} must be a list of strings")
        if rule.params.get("support_within", "paragraph") not in _WITHIN:
            raise PackError(f"'support_within' must be one of {', '.join(_WITHIN)}")

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.settings = []
        for rule in rules:
            p = rule.params
            instructions = _terms_pattern(p.get("instructions", []))
            self.settings.append(
                _Settings(
                    rule=rule,
                    triggers=compile_alternation(p["triggers"]),
                    exceptions=compile_patterns(p.get("exceptions", [])),
                    hedges=_terms_pattern(p.get("hedges", [])),
                    conditionals=_terms_pattern(p.get("conditionals", [])),
                    negations=_terms_pattern(p.get("negations", [])),
                    negation_window=p.get("negation_window", 3),
                    instructions=instructions,
                    support_within=p.get("support_within", "paragraph"),
                    skip_questions=p.get("skip_questions", True),
                    authorities=Authorities(p.get("authority_domains", [])),
                    conditions=Conditions(rule),
                )
            )

    def check(self, doc: Document, report: Reporter) -> None:
        references = reference_blocks(doc)  # titles of cited works are not the article's claims
        cited: dict[tuple, bool] = {}  # (authority domains, block) -> paragraph has a citation
        for s in self.settings:
            # Leftmost-longest, so overlapping triggers give one span.
            for match in scan.finditer(s.triggers, doc):
                block = match.block
                start, end = match.span()
                if end <= start or block.index in references:
                    continue
                if not in_scope(s.rule, block, start, end):
                    continue
                if _excused(s, block, start, end, cited):
                    continue
                if not s.conditions.allow(doc, block, start, end):
                    continue
                report.at_text(s.rule, block, start, end)


def _sentence(block: Block, start: int) -> tuple[int, int]:
    for s, e in block.sentences:
        if s <= start < e:
            return s, e
    return 0, len(block.text)


def _excused(s: _Settings, block: Block, start: int, end: int, cited: dict[tuple, bool]) -> bool:
    """Whether the claim at ``[start, end)`` is hedged, negated, an instruction or supported."""
    low = block.lower
    sent_start, sent_end = _sentence(block, start)
    for pattern in s.exceptions:
        for match in pattern.finditer(block.text, max(0, sent_start), sent_end):
            if match.start() < end and start < match.end():
                return True
    if s.skip_questions and block.text[sent_start:sent_end].rstrip("\"') ").endswith("?"):
        return True
    if s.instructions is not None and s.instructions.match(low, sent_start):
        return True
    before = low[sent_start:start]
    if s.hedges is not None:
        clause = _CLAUSE_BREAK.split(before)[-1]
        if s.hedges.search(clause):
            return True
    # Conditionals and negations reach back only to the last comma, semicolon, colon or dash:
    # in "With zero heat and no UV, it is totally harmless" the "no" is done before the comma.
    short_clause = _NEGATION_BREAK.split(before)[-1]
    if s.conditionals is not None and s.conditionals.search(short_clause):
        return True
    if s.negations is not None:
        words = short_clause.split()[-s.negation_window :] if s.negation_window else []
        # "no-scalpel" and "no-needle" name a technique; they negate nothing.
        words = [w for w in words if not _HYPHENATED.search(w)]
        if s.negations.search(" ".join(words)):
            return True
    if s.support_within == "sentence":
        return has_citation(block, sent_start, sent_end, s.authorities)
    if s.support_within == "paragraph":
        key = (s.authorities.domains, block.index)
        if key not in cited:
            cited[key] = has_citation(block, 0, len(block.text), s.authorities)
        return cited[key]
    return False
