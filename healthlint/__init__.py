"""healthlint: a content linter for health articles.

Library use::

    from healthlint import Linter
    findings = Linter().lint_text(open("article.md").read(), path="article.md")
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Linter", "__version__"]


def __getattr__(name: str):
    if name == "Linter":
        from healthlint.engine import Linter

        return Linter
    raise AttributeError(name)
