"""The engine: packs -> compiled checks; file -> document -> findings -> suppressions.

A :class:`Linter` is built once per effective configuration: it loads and validates every pack,
applies selection and parameter overrides, and compiles each pack's rules of one kind together.
Linting a document runs every compiled check and filters the findings; nothing here knows what
any particular rule does.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from healthlint import compiled
from healthlint.checks.base import CheckKind, Reporter
from healthlint.config import Config
from healthlint.document import Document
from healthlint.findings import Finding
from healthlint.fingerprint import add_fingerprints
from healthlint.packs import PackError, Rule, builtin_pack_dir, load_pack, pack_files
from healthlint.parsers import format_for_path, parse
from healthlint.registry import check_kinds
from healthlint.selectors import matches_any
from healthlint.sources import Source, SourceError, read_source
from healthlint.suppressions import apply_suppressions, parse_suppressions

UNUSED_SUPPRESSION = "HL001"


@dataclass
class Options:
    """Command-line choices that override the config file."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    isolated: bool = False

    def key(self) -> tuple:
        return (
            tuple(self.select or ()),
            tuple(self.ignore),
            tuple(self.extend_select),
            tuple(os.path.abspath(p) for p in self.rules),
            self.isolated,
        )


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    notices: list[str] = field(default_factory=list)


def load_rules(config: Config, options: Options) -> list[Rule]:
    """Every rule of the built-in packs, the config's packs and --rules packs, validated."""
    kinds = check_kinds()
    builtin = pack_files(builtin_pack_dir())
    paths: list[Path] = list(builtin)
    for extra in [*config.pack_paths(), *options.rules]:
        paths.extend(pack_files(extra))
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for path in paths:
        trusted = path in builtin  # size limits guard against packs from the linted tree

        def load(path: Path = path, trusted: bool = trusted) -> list[Rule]:
            return load_pack(path, kinds, trusted=trusted)

        for rule in compiled.pack_rules(path, load):
            if rule.code in seen:
                raise PackError(
                    f"{rule.where}: code {rule.code} is already defined at {seen[rule.code].where}"
                )
            seen[rule.code] = rule
            rules.append(rule)
    return rules


def _apply_params(rule: Rule, config: Config, kinds: dict[str, type[CheckKind]]) -> Rule:
    overrides: dict = {}
    for key in (rule.kind, rule.name, rule.code):
        overrides.update(config.params.get(key, {}))
    if config.target_grade is not None and "target_grade" in kinds[rule.kind].params:
        overrides.setdefault("target_grade", config.target_grade)
    if config.authority_domains and "authority_domains" in kinds[rule.kind].params:
        overrides["authority_domains"] = [
            *rule.params.get("authority_domains", []),
            *config.authority_domains,
        ]
    if config.languagetool and "languagetool" in kinds[rule.kind].params:
        overrides["languagetool"] = {**rule.params.get("languagetool", {}), **config.languagetool}
    if not overrides:
        return rule
    updated = replace(rule, params={**rule.params, **overrides})
    try:
        kinds[rule.kind].validate(updated)
    except PackError as exc:
        where = config.path or "config"
        raise PackError(f"{where}: params for {rule.code}: {exc}") from None
    return updated


def selected(rule: Rule, config: Config, options: Options) -> bool:
    select = options.select if options.select is not None else config.select
    extend = [*config.extend_select, *options.extend_select]
    args = (rule.code, rule.name, rule.category)
    if select:
        chosen = matches_any(select, *args)
    else:
        chosen = rule.enabled
    chosen = chosen or matches_any(extend, *args)
    # A --select on the command line is the last word on the config's ignore list.
    ignore = options.ignore if options.select is not None else [*config.ignore, *options.ignore]
    return chosen and not matches_any(ignore, *args)


class Linter:
    """Compiled rules for one effective configuration."""

    def __init__(self, config: Config | None = None, options: Options | None = None) -> None:
        self.config = config or Config()
        self.options = options or Options()
        kinds = check_kinds()
        all_rules = load_rules(self.config, self.options)
        self.all_rules = {r.code: r for r in all_rules}
        chosen = [rule for rule in all_rules if selected(rule, self.config, self.options)]
        self.codes = {rule.code for rule in chosen}
        # Rules whose findings a chosen rule reads run too, but are not reported.
        read = {c for rule in chosen for c in kinds[rule.kind].reads(rule)}
        helpers = [
            rule
            for rule in all_rules
            if rule.code not in self.codes and rule.enabled and rule.category in read
        ]
        self.hidden_codes = {rule.code for rule in helpers}
        self.rules = [_apply_params(rule, self.config, kinds) for rule in chosen + helpers]
        self.fallback_codes = {rule.code for rule in self.rules if kinds[rule.kind].fallback}
        self.fingerprint = _fingerprint(self.rules)
        self._checks: list[CheckKind] | None = None

    @property
    def checks(self) -> list[CheckKind]:
        """One compiled check per (kind, pack), built on first use (a cached run needs none)."""
        if self._checks is None:
            self._checks = compiled.compiled_checks(self.fingerprint, self._compile)
        return self._checks

    def _compile(self) -> list[CheckKind]:
        kinds = check_kinds()
        groups: dict[tuple[str, str], list[Rule]] = defaultdict(list)
        for rule in self.rules:
            groups[(rule.kind, rule.pack)].append(rule)
        checks = [kinds[kind](rules) for (kind, _), rules in groups.items()]
        # Checks that read other rules' findings run after the others (a stable sort).
        return sorted(checks, key=lambda check: any(check.reads(r) for r in check.rules))

    def cache_key(self, path: str) -> str:
        """What this file's findings depend on besides its content (for the result cache)."""
        ignored = self.config.ignored_for(path) if path != "-" else []
        # The format matters too: the same bytes parse differently as .md, .html or .txt.
        return f"{self.fingerprint}:{format_for_path(path)}:{','.join(ignored)}"

    def lint_document(self, doc: Document) -> list[Finding]:
        report = Reporter(doc)
        for check in self.checks:
            check.check(doc, report)
        findings = [f for f in report.findings if f.rule not in self.hidden_codes]
        findings = _give_way(findings, self.fallback_codes)
        ignored = self.config.ignored_for(doc.path) if doc.path != "-" else []
        if ignored:
            findings = [f for f in findings if not matches_any(ignored, f.rule, f.name, f.category)]
        suppressions = parse_suppressions(doc)
        findings = apply_suppressions(findings, suppressions)
        unused = self.all_rules.get(UNUSED_SUPPRESSION)
        if unused is not None and UNUSED_SUPPRESSION in self.codes:
            stale = Reporter(doc)
            for sup in suppressions:
                if not sup.used:
                    names = " ".join(sup.selectors) or "all rules"
                    stale.at_source(
                        unused,
                        sup.start,
                        sup.end,
                        message=(
                            f"Unused suppression: healthlint-{sup.directive} {names} suppressed nothing"
                        ),
                    )
            findings.extend(stale.findings)
        findings = _dedupe(findings)
        findings.sort(key=lambda f: f.sort_key)
        add_fingerprints(doc.source, findings)
        return findings

    def lint_source(self, source: Source, fmt: str | None = None) -> FileResult:
        doc = parse(source.path, source.text, fmt)
        findings = self.lint_document(doc)
        # Notices after the checks ran: a check may add one (an unreachable LanguageTool).
        return FileResult(source.path, findings, notices=[*source.notices, *doc.notices])

    def lint_text(self, text: str, path: str = "<text>", fmt: str | None = None) -> list[Finding]:
        """Lint a string (for the library API, the language server and examples)."""
        return self.lint_source(Source(path, text), fmt).findings

    def lint_file(self, path: str, fmt: str | None = None) -> FileResult:
        try:
            source = read_source(path)
        except SourceError as exc:
            return FileResult(path, error=str(exc))
        return self.lint_source(source, fmt)


def _fingerprint(rules: list[Rule]) -> str:
    """What the findings of this linter depend on besides the file (for the result cache)."""
    from healthlint import __version__

    kinds = check_kinds()
    digest = hashlib.sha256(__version__.encode())
    digest.update(os.environ.get("HEALTHLINT_LANGUAGETOOL_URL", "").encode())
    for rule in rules:
        kind = kinds[rule.kind]
        digest.update(
            repr(
                (
                    rule.code,
                    rule.name,
                    rule.category,
                    rule.severity,
                    rule.message,
                    rule.kind,
                    rule.scope,
                    sorted(rule.params.items(), key=_param_name),
                    kind.__module__,
                    kind.__qualname__,
                )
            ).encode()
        )
    return digest.hexdigest()


def _param_name(item: tuple[str, Any]) -> str:
    """Sort key of a rule parameter: its (unique) name, so its value is not converted twice."""
    return item[0]


def _give_way(findings: list[Finding], fallback_codes: set[str]) -> list[Finding]:
    """Drop findings of fallback rules that overlap a finding of another rule of their category:
    a claim the keyword families report is not reported again by the sentence model."""
    if not fallback_codes:
        return findings
    firm = [f for f in findings if f.rule not in fallback_codes]
    return [
        f
        for f in findings
        if f.rule not in fallback_codes
        or not any(g.category == f.category and g.overlaps(f.start, f.end) for g in firm)
    ]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.rule, f.start, f.end, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
