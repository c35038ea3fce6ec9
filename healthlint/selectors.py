"""Selectors: how users name rules in --select, --ignore, config and suppression comments.

A selector is a rule code ("HL101"), a code prefix ("HL1", "HL"), a rule name
("mental-fitness"), a category ("promotional") or "ALL".
"""

from __future__ import annotations

from collections.abc import Iterable


def matches(selector: str, code: str, name: str, category: str) -> bool:
    selector = selector.strip()
    if not selector:
        return False
    if selector.upper() == "ALL":
        return True
    if selector[0].isupper() and code.startswith(selector.upper()):
        return True
    return selector in (name, category)


def matches_any(selectors: Iterable[str], code: str, name: str, category: str) -> bool:
    return any(matches(s, code, name, category) for s in selectors)
