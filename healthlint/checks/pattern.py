"""``pattern``: flag text matching a regular expression.

Patterns from packs are untrusted input, so they are compiled with a linear-time engine
(:mod:`healthlint.regex`): no pattern can make a run take super-linear time.
"""

from __future__ import annotations

from healthlint import regex, scan
from healthlint.checks.base import BLOCK_SCOPES, CheckKind, Conditions, Param, Reporter, in_scope
from healthlint.document import Document
from healthlint.packs import PackError, Rule


class PatternCheck(CheckKind):
    name = "pattern"
    summary = "A regular expression (linear-time engine), case-insensitive unless told otherwise."
    params = {
        "pattern": Param((str,), required=True, help="the regular expression"),
        "case_sensitive": Param((bool,), help="match the case as written"),
        "suggestion": Param((str,), help="a replacement to suggest"),
        "group": Param((int,), help="report this capture group instead of the whole match"),
    }
    scopes = (*BLOCK_SCOPES, "front-matter", "sentence", "link-text", "link-target")

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        try:
            regex.compile(rule.params["pattern"], not rule.params.get("case_sensitive", False))
        except regex.PatternError as exc:
            raise PackError(f"pattern: {exc}") from None

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.compiled = [
            (
                rule,
                regex.compile(rule.params["pattern"], not rule.params.get("case_sensitive", False)),
                Conditions(rule),
            )
            for rule in rules
        ]

    def check(self, doc: Document, report: Reporter) -> None:
        for rule, pattern, conditions in self.compiled:
            group = rule.params.get("group", 0)
            suggestion = rule.params.get("suggestion")
            if "link-target" in rule.scope:
                for link in doc.links:
                    for match in pattern.finditer(link.href):
                        s, e = match.span(group)
                        offset = link.href_start if link.href_end > link.href_start else link.start
                        report.at_source(
                            rule,
                            offset + s,
                            offset + e,
                            suggestion=suggestion,
                            match=match.group(group),
                        )
            if rule.scope == ("link-target",):
                continue
            for match in scan.finditer(pattern, doc):
                block = match.block
                s, e = match.span(group)
                if e <= s and s == match.start() and match.end() == match.start():
                    continue
                if not in_scope(rule, block, s, e) or not conditions.allow(doc, block, s, e):
                    continue
                report.at_text(rule, block, s, e, suggestion=suggestion)
