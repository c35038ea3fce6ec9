"""Inline suppressions in Markdown and HTML comments.

    <!-- healthlint-disable HL101 promotional -->   ... <!-- healthlint-enable -->
    <!-- healthlint-disable-next-line HL301 -->
    <!-- healthlint-disable-file -->

With no selector a comment covers every rule. A suppression that suppressed nothing is reported
(``unused-suppression``) so stale comments do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from healthlint.document import Document
from healthlint.findings import Finding
from healthlint.selectors import matches_any

_DIRECTIVE = re.compile(
    r"^\s*healthlint-(disable-next-line|disable-file|disable|enable)\b(.*)$", re.S
)


@dataclass
class Suppression:
    directive: str
    selectors: list[str]
    start: int  # source offsets of the comment
    end: int
    first_line: int
    last_line: int  # inclusive; 0 means to the end of the file
    used: bool = field(default=False)

    def covers(self, finding: Finding) -> bool:
        if finding.line < self.first_line:
            return False
        if self.last_line and finding.line > self.last_line:
            return False
        if not self.selectors:
            return True
        return matches_any(self.selectors, finding.rule, finding.name, finding.category)


def parse_suppressions(doc: Document) -> list[Suppression]:
    out: list[Suppression] = []
    open_ranges: list[Suppression] = []
    lines = doc.lines
    for comment in sorted(doc.comments, key=lambda c: c.start):
        match = _DIRECTIVE.match(comment.text)
        if not match:
            continue
        directive = match.group(1)
        selectors = [s for s in re.split(r"[\s,]+", match.group(2).strip()) if s]
        comment_line = lines.position(comment.start)[0]
        end_line = lines.position(comment.end)[0]
        if directive == "disable-next-line":
            target = _next_content_line(doc, end_line)
            out.append(
                Suppression(directive, selectors, comment.start, comment.end, target, target)
            )
        elif directive == "disable-file":
            out.append(Suppression(directive, selectors, comment.start, comment.end, 1, 0))
        elif directive == "disable":
            sup = Suppression(directive, selectors, comment.start, comment.end, comment_line, 0)
            out.append(sup)
            open_ranges.append(sup)
        else:  # enable: close the matching open ranges (all of them without selectors)
            for sup in list(open_ranges):
                if not selectors or set(sup.selectors) <= set(selectors):
                    sup.last_line = max(comment_line, sup.first_line)
                    open_ranges.remove(sup)
    return out


def _next_content_line(doc: Document, line: int) -> int:
    starts = doc.lines.starts
    for n in range(line, len(starts)):
        start = starts[n]
        end = starts[n + 1] if n + 1 < len(starts) else len(doc.source)
        if doc.source[start:end].strip():
            return n + 1
    return line + 1


def apply_suppressions(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """Drop suppressed findings; mark the suppressions that were used."""
    if not suppressions:
        return findings
    kept = []
    for finding in findings:
        covering = [s for s in suppressions if s.covers(finding)]
        for s in covering:
            s.used = True
        if not covering:
            kept.append(finding)
    return kept
