"""Output formats. Each reporter module has ``render(results, rules) -> str``.

The registry maps a ``--format`` name to its module, imported only when used.
"""

from __future__ import annotations

import importlib
from types import ModuleType

REPORTERS = {
    "text": "healthlint.reporters.text",
    "json": "healthlint.reporters.json_format",
}


def get_reporter(name: str) -> ModuleType:
    return importlib.import_module(REPORTERS[name])
