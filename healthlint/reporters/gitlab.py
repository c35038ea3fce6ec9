"""GitLab Code Quality: a JSON array of issues, shown in merge request widgets and diffs.

Fingerprints are the shared finding fingerprints qualified by path (GitLab needs them unique in
a report and stable across pipelines, to tell new issues from resolved ones).
"""

from __future__ import annotations

import json

from healthlint.engine import FileResult
from healthlint.fingerprint import qualified
from healthlint.packs import Rule
from healthlint.repo import display_path, project_root
from healthlint.reporters import message_with_suggestion

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(results: list[FileResult], rules: dict[str, Rule]) -> str:
    root = project_root()
    issues = []
    for result in results:
        path = display_path(result.path, root)
        for f in result.findings:
            description = message_with_suggestion(f)
            issues.append(
                {
                    "description": description,
                    "check_name": f.rule,
                    "fingerprint": qualified(path, f),
                    "severity": SEVERITIES.get(f.severity, "minor"),
                    "location": {"path": path, "lines": {"begin": f.line}},
                }
            )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
