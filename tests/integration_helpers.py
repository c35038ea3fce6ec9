"""A small repository with a test pack, for the CI format, baseline and language server tests."""

from __future__ import annotations

from pathlib import Path

PACK = Path(__file__).parent / "data" / "suggest-pack.yaml"

# Line 3: "Our " + an emoji (1 code point, 2 UTF-16 units) + " tea is a " puts "miracle cure"
# at code point column 16 (1-based) and UTF-16 character 16 (0-based).
ARTICLE = "# Green tea guide\n\nOur \U0001f375 tea is a miracle cure for colds.\n\nLeave a Reply\n"


def make_repo(root: Path, name: str = "a.md", text: str = ARTICLE) -> Path:
    """A folder that looks like a git checkout, with ``docs/<name>``; returns the article."""
    (root / ".git").mkdir(exist_ok=True)
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    article = docs / name
    article.write_text(text, encoding="utf-8")
    return article
