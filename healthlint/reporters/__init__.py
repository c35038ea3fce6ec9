"""Output formats. Each reporter module has ``render(results, rules) -> str``.

The registry maps a ``--format`` name to its module, imported only when used.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from healthlint.findings import Finding

REPORTERS = {
    "text": "healthlint.reporters.text",
    "json": "healthlint.reporters.json_format",
    "sarif": "healthlint.reporters.sarif",
    "github": "healthlint.reporters.github",
    "gitlab": "healthlint.reporters.gitlab",
}


def get_reporter(name: str) -> ModuleType:
    return importlib.import_module(REPORTERS[name])


def message_with_suggestion(f: Finding) -> str:
    """The message, plus the suggestion when the message does not already say it."""
    if f.suggestion and f.suggestion not in f.message:
        return f"{f.message} (suggestion: {f.suggestion})"
    return f.message
