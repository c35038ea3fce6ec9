"""``healthlint rules`` and ``healthlint rule CODE``: documentation generated from the packs."""

from __future__ import annotations

import json
import sys
import textwrap

from healthlint.config import Config
from healthlint.engine import Options, load_rules
from healthlint.packs import Rule
from healthlint.registry import check_kinds


def _all_rules(extra: list[str]) -> list[Rule]:
    return load_rules(Config(), Options(rules=extra))


def list_rules(extra: list[str], fmt: str = "text") -> int:
    rules = sorted(_all_rules(extra), key=lambda r: r.code)
    if fmt == "json":
        print(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "category": r.category,
                        "severity": r.severity,
                        "kind": r.kind,
                        "enabled": r.enabled,
                        "summary": summary(r),
                    }
                    for r in rules
                ],
                indent=2,
            )
        )
        return 0
    width = max((len(r.name) for r in rules), default=10)
    for r in rules:
        off = "" if r.enabled else " (off by default)"
        print(f"{r.code:7} {r.name:{width}}  {r.category:20} {r.severity:7} {summary(r)}{off}")
    return 0


def summary(rule: Rule) -> str:
    """The first sentence of a rule's description."""
    text = " ".join(rule.description.split())
    first = text.split(". ")[0].rstrip(".")
    return first + "." if first else rule.message


def explain(rule: Rule) -> str:
    """A rule's full documentation, as ``healthlint rule CODE`` prints it."""
    kind = check_kinds().get(rule.kind)
    out = [f"{rule.code} {rule.name}", ""]
    out.append(
        f"Category: {rule.category}    Severity: {rule.severity}    "
        f"Kind: {rule.kind}    Scope: {', '.join(rule.scope)}"
        + ("" if rule.enabled else "    (off by default: enable with --extend-select)")
    )
    out.append(f"Defined in: {rule.where}")
    out.append("")
    if rule.description:
        out.extend(textwrap.fill(p, 88) + "\n" for p in rule.description.split("\n\n"))
    out.append(f"Message: {rule.message}")
    if kind is not None and kind.summary:
        out.append(f"How it checks: {kind.summary}")
    if rule.examples_flagged:
        out.append("")
        out.append("Flagged:")
        out.extend(_example(e) for e in rule.examples_flagged)
    if rule.examples_passing:
        out.append("")
        out.append("Passes:")
        out.extend(_example(e) for e in rule.examples_passing)
    if rule.url:
        out.append("")
        out.append(f"More: {rule.url}")
    return "\n".join(out) + "\n"


def _example(example: dict) -> str:
    return textwrap.indent(example["text"].rstrip("\n"), "    ")


def show_rule(code: str, extra: list[str]) -> int:
    rules = _all_rules(extra)
    for rule in rules:
        if code.upper() == rule.code or code == rule.name:
            sys.stdout.write(explain(rule))
            return 0
    print(f"healthlint: error: no rule {code!r} (see 'healthlint rules')", file=sys.stderr)
    return 2
