"""A JSON array of findings (the shape ../shared/eval/score.py and editors read)."""

from __future__ import annotations

import json

from healthlint.engine import FileResult
from healthlint.packs import Rule


def render(results: list[FileResult], rules: dict[str, Rule]) -> str:
    findings = [f.to_dict() for r in results for f in r.findings]
    return json.dumps(findings, indent=2, ensure_ascii=False) + "\n"
