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
- it is in a reference list (the title of a cited work is not the article's claim) or a page's
  keywords tag ("back pain cure" there is a search term, not a statement).

Hedges, negations and instruction openers are pack data, so a pack can tighten or loosen them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
    block_in_scope,
    in_scope,
)
from healthlint.checks.lexicon import compile_alternation, compile_patterns, validate_patterns
from healthlint.checks.phrase import normalise_phrase
from healthlint.document import Block, Document
from healthlint.packs import PackError, Rule
from healthlint.textmodel import Concepts, LinearModel, features

_WITHIN = ("sentence", "paragraph", "none")


def _statement(block: Block, references: set[int]) -> bool:
    """Whether a block makes statements a claim rule judges: not a reference list's titles of
    cited works, nor a keywords tag's search terms."""
    return block.index not in references and block.kind != "keywords"


#: Where one clause ends and the next begins: a hedge before this does not scope what follows.
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:but|and|while|whereas|yet)\b|\s[-\u2013\u2014]\s|\bbut\b")
#: Where a negation's reach ends: any comma, semicolon, colon or dash between clauses, and an
#: "and" that starts a new predicate ("has no side effects and is completely non-addictive").
_NEGATION_BREAK = re.compile(
    r"[,;:]|\s[-\u2013\u2014]\s|\band\s+(?=(?:is|are|was|were|has|have|will|can|it|they)\b)"
)
#: Where a list of denials joins: in "no needles and no side effects" the first "no" denies
#: needles, not the claim "no side effects" that follows it.
_DENIAL_LIST_BREAK = re.compile(r"\b(?:and|or|nor)\b")
#: How a denial claim opens.
_DENIAL = re.compile(r"(?:no|not|nothing|none|zero|never|without|nary)\b")
#: Words that can open an instruction without changing it: "Just don't expect a quick fix."
_LEAD_IN = re.compile(r"(?:just|so|but|and|please|then|also|now|oh|ok|okay)\b,?\s+")
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


def _settings(rule: Rule, triggers: Any) -> _Settings:
    """Compile the parameters the claim kinds share (all but what finds a claim)."""
    p = rule.params
    return _Settings(
        rule=rule,
        triggers=triggers,
        exceptions=compile_patterns(p.get("exceptions", [])),
        hedges=_terms_pattern(p.get("hedges", [])),
        conditionals=_terms_pattern(p.get("conditionals", [])),
        negations=_terms_pattern(p.get("negations", [])),
        negation_window=p.get("negation_window", 3),
        instructions=_terms_pattern(p.get("instructions", [])),
        support_within=p.get("support_within", "paragraph"),
        skip_questions=p.get("skip_questions", True),
        authorities=Authorities(p.get("authority_domains", [])),
        conditions=Conditions(rule),
    )


def _validate_excuses(rule: Rule) -> None:
    """Validate the parameters that excuse a claim (shared by the claim kinds)."""
    for key in ("hedges", "conditionals", "negations", "instructions", "authority_domains"):
        if not all(isinstance(t, str) for t in rule.params.get(key, [])):
            raise PackError(f"{key!r} must be a list of strings")
    if rule.params.get("support_within", "paragraph") not in _WITHIN:
        raise PackError(f"'support_within' must be one of {', '.join(_WITHIN)}")


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
        _validate_excuses(rule)

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.settings = [
            _settings(rule, compile_alternation(rule.params["triggers"])) for rule in rules
        ]

    def check(self, doc: Document, report: Reporter) -> None:
        references = reference_blocks(doc)  # titles of cited works are not the article's claims
        cited: dict[tuple, bool] = {}  # (authority domains, block) -> paragraph has a citation
        for s in self.settings:
            # Leftmost-longest, so overlapping triggers give one span.
            for match in scan.finditer(s.triggers, doc):
                block = match.block
                start, end = match.span()
                if end <= start or not _statement(block, references):
                    continue
                if not in_scope(s.rule, block, start, end):
                    continue
                if _excused(s, block, start, end, cited):
                    continue
                if not s.conditions.allow(doc, block, start, end):
                    continue
                report.at_text(s.rule, block, start, end)


def _excused(
    s: _Settings,
    block: Block,
    start: int,
    end: int,
    cited: dict[tuple, bool],
    whole_sentence: bool = False,
) -> bool:
    """Whether the claim at ``[start, end)`` is hedged, negated, an instruction or supported.

    With ``whole_sentence`` the claim is the sentence itself (the ``claim-model`` kind): a hedge
    anywhere in it counts, and negations are left to the model, which weighs them as words.
    """
    low = block.lower
    sent_start, sent_end = block.sentence_at(start)
    for pattern in s.exceptions:
        for match in pattern.finditer(block.text, max(0, sent_start), sent_end):
            if match.start() < end and start < match.end():
                return True
    if s.skip_questions and block.text[sent_start:sent_end].rstrip("\"') ").endswith("?"):
        return True
    if s.instructions is not None:
        lead_in = _LEAD_IN.match(low, sent_start)
        if s.instructions.match(low, lead_in.end() if lead_in else sent_start):
            return True
    if whole_sentence:
        if s.hedges is not None and s.hedges.search(low, sent_start, sent_end):
            return True
    elif _hedged_or_negated(s, low[sent_start:start], low[start:end]):
        return True
    if s.support_within == "sentence":
        return has_citation(block, sent_start, sent_end, s.authorities)
    if s.support_within == "paragraph":
        key = (s.authorities.domains, block.index)
        if key not in cited:
            cited[key] = has_citation(block, 0, len(block.text), s.authorities)
        return cited[key]
    return False


def _hedged_or_negated(s: _Settings, before: str, claim: str) -> bool:
    """Whether the sentence's text before a trigger hedges or negates it.

    A claim that is itself a denial ("no side effects", "not one side effect") is negated only
    by a negation in its own list item: "not without side effects" is, "no needles and no side
    effects" is not.
    """
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
        if _DENIAL.match(claim):
            short_clause = _DENIAL_LIST_BREAK.split(short_clause)[-1]
        words = short_clause.split()[-s.negation_window :] if s.negation_window else []
        # "no-scalpel" and "no-needle" name a technique; they negate nothing.
        words = [w for w in words if not _HYPHENATED.search(w)]
        if s.negations.search(" ".join(words)):
            return True
    return False


#: The excuses a model's sentence can have; negations and conditionals are words it weighs.
_MODEL_EXCUSES = (
    "exceptions",
    "hedges",
    "instructions",
    "support_within",
    "skip_questions",
    "authority_domains",
)


class ClaimModelCheck(CheckKind):
    """``claim-model``: sentences a trained linear model reads as absolute claims.

    Each sentence of prose gets a score (see :mod:`healthlint.textmodel`); one at or above
    ``threshold`` is a finding unless the claim kinds' excuses apply: a hedge anywhere in it, a
    question, an instruction, a citation in the paragraph, an ``exceptions`` pattern, a
    reference list. The message names the words that weighed most.
    """

    name = "claim-model"
    summary = "Sentences a trained word model scores as absolute claims, unless hedged or cited."
    params = {
        "weights": Param((dict,), required=True, help="feature (word or word pair) -> weight"),
        "bias": Param((int, float), required=True, help="the model's score with no feature"),
        "threshold": Param((int, float), help="score from which a sentence is reported (0)"),
        "concepts": Param((dict,), help="word class -> its words, weighed as '@class' features"),
        **{k: v for k, v in ClaimCheck.params.items() if k in _MODEL_EXCUSES},
    }
    scopes = BLOCK_SCOPES
    fallback = True  # a sentence the keyword families report needs no second finding

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        validate_patterns(rule, "exceptions")
        if not all(isinstance(w, (int, float)) for w in rule.params["weights"].values()):
            raise PackError("'weights' must map features to numbers")
        concepts = rule.params.get("concepts") or {}
        if not all(
            isinstance(words, list) and all(isinstance(w, str) for w in words)
            for words in concepts.values()
        ):
            raise PackError("'concepts' must map class names to lists of words")
        _validate_excuses(rule)

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.settings = [_settings(rule, None) for rule in rules]
        self.models = [
            LinearModel(dict(r.params["weights"]), float(r.params["bias"])) for r in rules
        ]
        self.thresholds = [float(r.params.get("threshold", 0.0)) for r in rules]
        self.concepts = [Concepts(r.params.get("concepts")) for r in rules]

    def features(self, rule_index: int, text: str) -> dict[str, str]:
        """The features a rule's model scores for a sentence (training reads them here too)."""
        return features(text, self.concepts[rule_index])

    def candidates(self, doc: Document) -> Iterator[tuple[int, Block, int, int]]:
        """``(rule index, block, start, end)`` of every sentence a rule may judge: in scope,
        outside reference lists, not excused. Training reads sentences through this too."""
        references = reference_blocks(doc)
        cited: dict[tuple, bool] = {}
        for i, s in enumerate(self.settings):
            for block in doc.blocks:
                if not _statement(block, references) or not block_in_scope(s.rule, block):
                    continue
                for start, end in block.sentences:
                    start, end = _strip(block.text, start, end)
                    if end - start < 2 or not in_scope(s.rule, block, start, end):
                        continue
                    if _excused(s, block, start, end, cited, whole_sentence=True):
                        continue
                    if s.conditions.allow(doc, block, start, end):
                        yield i, block, start, end

    def check(self, doc: Document, report: Reporter) -> None:
        for i, block, start, end in self.candidates(doc):
            rule, model = self.settings[i].rule, self.models[i]
            found = self.features(i, block.text[start:end])
            score = model.score(found)
            if score >= self.thresholds[i]:
                cues = ", ".join(f"'{c}'" for c in model.cues(found))
                report.at_text(rule, block, start, end, cues=cues, score=f"{score:.1f}")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
