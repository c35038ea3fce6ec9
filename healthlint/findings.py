"""Findings: what a check reports, located by line and column in the source."""

from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("info", "warning", "error")

#: The fixed vocabulary of finding categories.
CATEGORIES = (
    "spun-phrasing",
    "promotional",
    "missing-risk-section",
    "absolute-claim",
    "readability",
    "grammar",
    "page-residue",
    "suppression",
)


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(slots=True)
class Finding:
    """One problem at one place. Lines and columns are 1-based; the end column is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    category: str
    severity: str
    message: str
    suggestion: str | None = None
    start: int = 0  # source offsets, for suppressions, baselines and fixes
    end: int = 0
    #: rule + flagged text + neighbourhood, not the line (see healthlint.fingerprint)
    fingerprint: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        if data["suggestion"] is None:
            del data["suggestion"]
        return data

    def overlaps(self, start: int, end: int) -> bool:
        """Whether this finding's source range meets ``[start, end)``; an empty range (a
        document-level finding, an insertion point) counts as its one position."""
        return start < max(self.end, self.start + 1) and self.start < max(end, start + 1)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column)
