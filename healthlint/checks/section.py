"""``required-section``: a document about a topic must cover an aspect of it (e.g. its risks).

Pack data drive the decision, each a list of regular expressions:

- ``topic``: what makes the document about the topic (a treatment, drug, device...). The rule
  applies when at least ``min_topic`` matches occur in the prose, not counting those inside a
  ``topic_exceptions`` match (the "prescription" of "no prescription needed" spam is no topic);
- ``headings``: headings that show the aspect has its own section ("Side effects",
  "Who should not take it"). A section that only dismisses the aspect ("Is it safe? Totally:
  100% safe with no side effects") does not count: its text has no ``body`` match outside a
  ``body_exceptions`` match, or more dismissals than such matches ("Completely. You'll step out
  tingling, nothing more. No side effects.");
- ``body``: wording that discusses the aspect in running text ("adverse events", "risk of
  bleeding"). ``min_body`` matches are enough, so press releases without headings that do
  discuss harms pass. ``body_exceptions`` are dismissals that do not count ("no side effects",
  "well tolerated");
- ``symptoms``: harm words that can also name the condition a treatment is for ("heartburn",
  "tremor", "addiction"). They count as ``body``, except in running text that names one of them
  as a target: after a ``symptom_targets`` lead-in ("a test for people with long-term heartburn",
  "the treatment of essential tremor"), every mention of that symptom is the page's subject, not
  a harm of its treatment;
- ``lists``: wording that introduces the aspect's items ("side effects include"). One sentence
  in which such an intro is followed by a list of three or more items ("...include nausea,
  tiredness and, less often, liver problems") is discussion enough on its own;
- ``cause_lists``: intros that say only that something causes things ("can cause"). Their list
  counts only if it names something ``body`` knows as a harm: "it can cause nausea, headaches
  and dizziness" does, but "bunions can cause pain, hard skin and trouble with shoes" lists a
  condition's symptoms, not a treatment's harms.

A short paragraph that stands in for a heading (a question such as "Any downsides?", a list's
intro ending in a colon: "The downsides nobody mentions. Dev's list:", or a line set wholly in
bold: "**Side effects**") counts as a heading, and its section runs to the next
heading or such paragraph; so does a question in bold that opens a paragraph ("**Is it safe?**
Completely."), whose section starts with the rest of that paragraph. Once every such section
only waves the aspect away, harm words elsewhere no longer stand in for a section: they are the
condition's symptoms ("altitude sickness brings headaches and nausea"), not the treatment's.

``topic_dismissals``: headings (a subset of ``headings``) whose
section, when it only dismisses the aspect, makes the document on-topic whatever the ``topic``
count: a page that asks "Any side effects?" or "Any downsides?" of what it presents and answers
"Not a single one" presents an intervention, whatever it calls it ("Is it safe to eat sushi?"
presupposes no intervention, so it is not one of them).

``discount_categories``: categories of other rules' findings (``absolute-claim``) whose sentences
do not count as discussing the aspect: the harm words of "indoor air is quietly behind most of
the headaches we put down to something else" or "it works on every kind of dizziness" are the
sales pitch, not risk information. The engine runs those rules first.

Everything is judged on the article's body (``doc.body_blocks``): a page's ``<meta>`` description
("benefits, recovery and risks") neither makes it on-topic nor counts as discussing the aspect.

Reported once, on the title line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cached_property
from itertools import chain

from healthlint import scan
from healthlint.checks.base import CheckKind, Param, Reporter
from healthlint.checks.lexicon import compile_patterns, validate_patterns
from healthlint.document import Block, Document
from healthlint.findings import Finding
from healthlint.packs import PackError, Rule


@dataclass
class _Patterns:
    """A rule's compiled pattern lists, one field per parameter."""

    rule: Rule
    topic: list
    topic_exceptions: list
    headings: list
    body: list
    body_exceptions: list
    symptoms: list
    symptom_targets: list
    lists: list
    cause_lists: list
    topic_dismissals: list

    @classmethod
    def params(cls) -> list[str]:
        """The pattern-list parameters, in field order."""
        return [f.name for f in fields(cls) if f.name != "rule"]

    @classmethod
    def of(cls, rule: Rule) -> _Patterns:
        return cls(rule, *(compile_patterns(rule.params.get(n, [])) for n in cls.params()))

    @cached_property
    def harms(self) -> list:
        """``body`` and ``symptoms``: every pattern that discusses the aspect under a heading."""
        return self.body + self.symptoms


class RequiredSectionCheck(CheckKind):
    name = "required-section"
    summary = "Documents about a topic must have a section (or enough discussion) on an aspect."
    params = {
        "topic": Param((list,), required=True, help="patterns that make a document on-topic"),
        "min_topic": Param((int,), help="topic matches needed (default 2)"),
        "topic_exceptions": Param((list,), help="patterns whose topic matches do not count"),
        "headings": Param((list,), required=True, help="patterns of accepted section headings"),
        "body": Param((list,), help="patterns of discussion of the aspect in running text"),
        "body_exceptions": Param((list,), help="patterns of dismissals that do not count"),
        "min_body": Param((int,), help="body matches that stand in for a section (default 3)"),
        "symptoms": Param((list,), help="harm words that may name what a treatment is for"),
        "symptom_targets": Param(
            (list,), help="lead-ins (ending at a symptom) that make it what the treatment is for"
        ),
        "lists": Param((list,), help="patterns that introduce a list of the aspect's items"),
        "cause_lists": Param(
            (list,), help="intros whose list counts only if it names a `body` match"
        ),
        "topic_dismissals": Param(
            (list,), help="headings whose section, if it only dismisses, makes a document on-topic"
        ),
        "discount_categories": Param(
            (list,), help="categories of findings whose sentences do not count as discussion"
        ),
    }
    scopes = ("document",)

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        validate_patterns(rule, *_Patterns.params())
        for key in ("min_topic", "min_body"):
            if rule.params.get(key, 1) < 1:
                raise PackError(f"{key!r} must be at least 1")

    @classmethod
    def reads(cls, rule: Rule) -> frozenset[str]:
        return frozenset(rule.params.get("discount_categories", ()))

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.compiled = [_Patterns.of(rule) for rule in rules]

    def check(self, doc: Document, report: Reporter) -> None:
        blocks = doc.body_blocks
        for c in self.compiled:
            rule, body, exceptions = c.rule, c.harms, c.body_exceptions
            topic_hits = sum(1 for _ in _undismissed(doc, c.topic, c.topic_exceptions, blocks))
            on_topic = topic_hits >= rule.params.get("min_topic", 2)
            if not on_topic and not c.topic_dismissals:
                continue
            # Each heading, stand-in heading or bold lead question, with what it asks.
            heads = {
                b: _heading_text(doc, b)
                for b in blocks
                if b is not doc.title
                and (b.is_heading or _pseudo_heading(doc, b) or _lead_question(doc, b))
            }
            sections = {}
            for h, asked in heads.items():
                if any(p.search(asked) for p in c.headings):
                    text = _section(doc, h)
                    if h.is_heading or text:  # a stand-in heading needs text after it
                        sections[h] = text
            claims = report.reported(self.reads(rule))
            answers = [
                _answer_counts(doc, h, text, body, exceptions, claims)
                for h, text in sections.items()
            ]
            if not all(_dismissive(*a) for a in answers):
                continue  # a section that discusses the aspect
            if not on_topic and not any(
                any(p.search(heads[h]) for p in c.topic_dismissals) for h in sections
            ):
                continue  # sections are all dismissive here; none asks of an intervention
            # Harm words elsewhere stand in for a section only if the page never answered the
            # question itself: once it has waved it away ("Is it safe? Completely."), the
            # headaches and allergies in its body are the condition's, not the treatment's.
            waved_away = bool(answers) and all(dismissals for _, dismissals in answers)
            mentions = _discussion_count(doc, c, claims)
            if body and not waved_away and mentions >= rule.params.get("min_body", 3):
                continue
            if _lists_items(doc, c.lists, exceptions) or _lists_items(
                doc, c.cause_lists, exceptions, body
            ):
                continue
            report.at_document(rule, topic_hits=topic_hits, mentions=mentions)


#: A paragraph set wholly in bold: "**Any downsides?**", "<p><strong>Side effects</strong></p>".
_BOLD_ONLY = re.compile(
    r"(?:\*\*|__)[^\r\n]+(?:\*\*|__)|<(?:strong|b)\b[^>]*>.*</(?:strong|b)>", re.S | re.I
)
_PSEUDO_MAX_WORDS = 12
_PSEUDO_MAX_CHARS = 100


def _pseudo_heading(doc: Document, block: Block) -> bool:
    """Whether a paragraph stands in for a heading: short, and a question, a list's intro ending
    in a colon, or wholly in bold."""
    if block.kind != "paragraph":
        return False
    text = block.text.strip()
    if not text or len(text) > _PSEUDO_MAX_CHARS or len(text.split()) > _PSEUDO_MAX_WORDS:
        return False
    if text.endswith(("?", ":")):
        return True
    return _BOLD_ONLY.fullmatch(doc.source[block.start : block.end].strip()) is not None


#: A paragraph that opens with a question in bold and answers it after:
#: "**Are there any side effects?** Hardly any...", "<p><b>Is it safe?</b> Completely.</p>".
_BOLD_LEAD_QUESTION = re.compile(
    r"\s*(?:(?:\*\*|__)[^*_\r\n]{3,100}?\?(?:\*\*|__)|<(?:strong|b)\b[^>]*>[^<]{3,100}?\?</(?:strong|b)>)"
    r"\s*\S",
    re.I,
)


def _lead_question(doc: Document, block: Block) -> int:
    """The length of the bold question a paragraph opens with (0 if none): the question stands in
    for a heading, and the rest of the paragraph is its section."""
    if block.kind != "paragraph" or not _BOLD_LEAD_QUESTION.match(
        doc.source, block.start, block.end
    ):
        return 0
    return block.text.find("?") + 1


def _heading_text(doc: Document, heading: Block) -> str:
    """What a heading, stand-in heading or bold lead question asks."""
    return heading.text[: _lead_question(doc, heading) or None]


def _section(doc: Document, heading: Block) -> list[Block]:
    """The running text under a heading, up to the next heading of its level or higher; under a
    paragraph standing in for a heading, up to the next heading or such paragraph; after a bold
    lead question, its own paragraph and those that follow up to the next of any of these."""
    pseudo = not heading.is_heading
    out = [heading] if pseudo and _lead_question(doc, heading) else []
    for block in doc.blocks[heading.index + 1 :]:
        if block.is_heading and (pseudo or block.level <= heading.level or not heading.level):
            break
        if pseudo and (_pseudo_heading(doc, block) or _lead_question(doc, block)):
            break
        if block.in_body:
            out.append(block)
    return out


#: Items under a heading that make it a real section even if no ``body`` pattern knows their
#: words: a list of three or more under "Risks" enumerates risks.
_MIN_LIST_ITEMS = 3


def _answer_counts(
    doc: Document,
    heading: Block,
    section: list[Block],
    body: list,
    exceptions: list,
    claims: list[Finding],
) -> tuple[int, int]:
    """How often ``section`` (the text under ``heading``) discusses the aspect and how often it
    waves it away, leaving out the words of a bold lead question and sentences in ``claims``. A
    list of items under the heading counts as discussion, whatever its words."""
    if not section or sum(b.kind == "list-item" for b in section) >= _MIN_LIST_ITEMS:
        return _MIN_LIST_ITEMS, 0
    question_end = _lead_question(doc, heading)

    def answer(matches):
        return (m for m in matches if m.block is not heading or m.start() >= question_end)

    running = _running(doc, section)
    discussed = _places(_unclaimed(answer(_undismissed(doc, body, exceptions, running)), claims))
    return discussed, _places(answer(_dismissals(doc, exceptions, running)))


def _dismissive(discussed: int, dismissed: int) -> bool:
    """Whether a section never discusses the aspect: a heading such as "Is it safe?" answered only
    with reassurance ("It's a food, not a drug") is no section at all, and nor is one that
    reassures more often than it names a harm ("as gentle as camomile, fine to drink whether
    you're pregnant ... long before anyone invented side effects")."""
    return discussed == 0 or dismissed > discussed


def _running(doc: Document, blocks: list[Block] | None = None) -> list[Block]:
    """The running text of ``blocks`` (default the body): not headings, nor the questions and bold
    lines that stand in for them ("Is CBD addictive?" asks about a harm; its answer discusses it)."""
    return [
        b
        for b in (doc.body_blocks if blocks is None else blocks)
        if not b.is_heading and not _pseudo_heading(doc, b)
    ]


def _undismissed(doc: Document, patterns: list, exceptions: list, blocks: list[Block]):
    """Matches of ``patterns`` in ``blocks`` that no dismissal ("no side effects") overlaps."""
    dismissed: dict[int, list[tuple[int, int]]] = {}
    for m in _dismissals(doc, exceptions, blocks):
        dismissed.setdefault(m.block.index, []).append(m.span())
    for pattern in patterns:
        for m in scan.finditer(pattern, doc, blocks):
            s, e = m.span()
            if not any(ds < e and s < de for ds, de in dismissed.get(m.block.index, ())):
                yield m


#: Between the items of a list: "nausea, tiredness and, rarely, liver problems".
_ITEM_BREAK = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
_MAX_ITEM_WORDS = 10


def _lists_items(doc: Document, intros: list, exceptions: list, body: list = ()) -> bool:
    """Whether a sentence follows an intro ("side effects include") with three or more items;
    given ``body``, the items must also name one of its matches."""
    for m in _undismissed(doc, intros, exceptions, _running(doc)):
        start, end = m.span()
        sentence_end = m.block.sentence_at(start)[1]
        listed = m.block.text[end:sentence_end]
        items = [i for i in _ITEM_BREAK.split(listed) if i.strip()]
        if (
            len(items) >= 3
            and all(len(i.split()) <= _MAX_ITEM_WORDS for i in items[:3])
            and (not body or any(p.search(listed) for p in body))
        ):
            return True
    return False


def _discussion_count(doc: Document, c: _Patterns, claims: list[Finding]) -> int:
    """Places in running text that discuss the aspect: overlapping matches count once, matches
    inside a dismissal ("no side effects", "reduced risk of") or a sentence in ``claims`` do not
    count, and nor do ``symptoms`` that the text names as a treatment's target ("medicine for
    heartburn")."""
    running = _running(doc)
    symptoms = list(_undismissed(doc, c.symptoms, c.body_exceptions, running))
    targeted = {_words(m.group()) for m in symptoms if _targeted(m, c.symptom_targets)}
    harms = [m for m in symptoms if _words(m.group()) not in targeted]
    found = chain(_undismissed(doc, c.body, c.body_exceptions, running), harms)
    return _places(_unclaimed(found, claims))


def _unclaimed(matches, claims: list[Finding]):
    """The matches whose sentence overlaps none of the findings in ``claims``."""
    for m in matches:
        start, end = m.block.source_range(*m.block.sentence_at(m.start()))
        if not any(f.overlaps(start, end) for f in claims):
            yield m


#: How far before a symptom a target lead-in may start ("medicine for long-term heartburn").
_TARGET_LEAD_IN = 80


def _targeted(match: scan.BlockMatch, targets: list) -> bool:
    """Whether a ``symptom_targets`` lead-in ends right where the symptom match starts."""
    start = match.start()
    before = match.block.text[max(0, start - _TARGET_LEAD_IN) : start]
    return any(p.search(before) for p in targets)


def _words(text: str) -> str:
    """A match's words, for finding a symptom's other mentions: "Tremors" is "tremor"."""
    return " ".join(text.lower().split()).rstrip("s")


def _dismissals(doc: Document, exceptions: list, blocks: list[Block]):
    """Matches of the dismissal patterns (``body_exceptions``) in ``blocks``."""
    for pattern in exceptions:
        yield from scan.finditer(pattern, doc, blocks)


def _places(matches) -> int:
    """How many places ``matches`` cover: overlapping matches in one block count once."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in matches:
        spans.setdefault(m.block.index, []).append(m.span())
    count = 0
    for block_spans in spans.values():
        end = -1
        for s, e in sorted(block_spans):
            if s >= end:
                count += 1
            end = max(end, e)
    return count
