"""``grammar``: LanguageTool's matches, from a server the user runs, at exact source positions.

Off unless a server is configured (``languagetool: {url: ...}`` in the config, or the
``HEALTHLINT_LANGUAGETOOL_URL`` environment variable): healthlint never downloads LanguageTool
and never starts a server. Each rule of the kind takes the matches whose LanguageTool issue type
it lists in ``issue_types``; a rule without ``issue_types`` takes the rest. When the server
cannot be used, the document gets one notice naming LanguageTool, grammar is off for the rest of
the run, and nothing else changes.
"""

from __future__ import annotations

import os
from typing import Any

from healthlint.checks.base import BLOCK_SCOPES, CheckKind, Param, Reporter, block_in_scope
from healthlint.document import Document
from healthlint.languagetool import (
    DEFAULT_BUDGET,
    DEFAULT_TIMEOUT,
    LanguageToolError,
    Match,
    build_chunks,
    client_for,
)
from healthlint.packs import PackError, Rule

ENV_URL = "HEALTHLINT_LANGUAGETOOL_URL"

#: Settings of the ``languagetool`` parameter (config key) and the form field each becomes.
_LIST_SETTINGS = {
    "enabled_rules": "enabledRules",
    "disabled_rules": "disabledRules",
    "enabled_categories": "enabledCategories",
    "disabled_categories": "disabledCategories",
}
_STR_SETTINGS = {"language": "language", "level": "level", "mother_tongue": "motherTongue"}
_OTHER_SETTINGS = {
    "url": (str,),
    "enabled_only": (bool,),
    "timeout": (int, float),
    "budget": (int, float),
}


def settings_of(rule: Rule) -> dict[str, Any]:
    """A rule's ``languagetool`` settings with keys in snake_case."""
    raw = rule.params.get("languagetool") or {}
    return {str(k).replace("-", "_"): v for k, v in raw.items() if k != "__line__"}


def _validate_settings(settings: dict[str, Any]) -> None:
    for key, value in settings.items():
        if key in _LIST_SETTINGS:
            ok = isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            )
        elif key in _STR_SETTINGS:
            ok = isinstance(value, str) and bool(value)
        elif key in _OTHER_SETTINGS:
            ok = isinstance(value, _OTHER_SETTINGS[key]) and (
                key == "enabled_only" or not isinstance(value, bool)
            )
            if ok and key in ("timeout", "budget"):
                ok = value >= 0 and (key == "budget" or value > 0)
        else:
            known = [*_LIST_SETTINGS, *_STR_SETTINGS, *_OTHER_SETTINGS]
            raise PackError(
                f"unknown languagetool setting {key!r} (known: "
                f"{', '.join(k.replace('_', '-') for k in known)})"
            )
        if not ok:
            raise PackError(f"languagetool setting {key!r} has the wrong type or value")


def form_fields(settings: dict[str, Any]) -> dict[str, str]:
    """The ``/v2/check`` form fields (all but the text) for the settings."""
    fields = {"language": settings.get("language") or "en-US"}
    for key, name in _STR_SETTINGS.items():
        if key in settings:
            fields[name] = settings[key]
    for key, name in _LIST_SETTINGS.items():
        value = settings.get(key)
        if value:
            fields[name] = value if isinstance(value, str) else ",".join(value)
    if settings.get("enabled_only"):
        fields["enabledOnly"] = "true"
    return fields


class GrammarCheck(CheckKind):
    name = "grammar"
    summary = "LanguageTool's matches from a configured server (off unless a URL is set)."
    params = {
        "languagetool": Param(
            (dict,),
            help="server settings: url, language, enabled/disabled rules and categories, "
            "enabled-only, level, mother-tongue, timeout, budget",
        ),
        "issue_types": Param(
            (list,), help="LanguageTool issue types this rule reports (none: all the others)"
        ),
    }
    scopes = (*BLOCK_SCOPES, "front-matter")

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        _validate_settings(settings_of(rule))
        types = rule.params.get("issue_types", [])
        if not all(isinstance(t, str) and t for t in types):
            raise PackError("'issue_types' must be a list of LanguageTool issue types")

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        # The config's `languagetool` table reaches every rule alike; otherwise the first rule
        # that names a server (params may set it on one rule) decides for the pack.
        all_settings = [settings_of(rule) for rule in rules]
        self.settings = next((s for s in all_settings if s.get("url")), None) or (
            all_settings[0] if all_settings else {}
        )
        self.fields = form_fields(self.settings)
        self.bad_url_noticed = False
        self.by_type: dict[str, Rule] = {}
        self.fallback: Rule | None = None
        for rule in rules:
            types = rule.params.get("issue_types")
            if not types:
                self.fallback = self.fallback or rule
            for issue_type in types or ():
                self.by_type.setdefault(issue_type.lower(), rule)

    def url(self) -> str | None:
        """The server to ask: the config's URL, else the environment's, else none (off)."""
        return self.settings.get("url") or os.environ.get(ENV_URL) or None

    def check(self, doc: Document, report: Reporter) -> None:
        url = self.url()
        if not url or not self.rules:
            return
        timeout = float(self.settings.get("timeout", DEFAULT_TIMEOUT))
        budget = float(self.settings.get("budget", DEFAULT_BUDGET))
        try:
            client = client_for(url, timeout, budget)
        except LanguageToolError as exc:
            if not self.bad_url_noticed:
                self.bad_url_noticed = True
                doc.notices.append(f"LanguageTool: {exc}; grammar checks (HL6xx) are off")
            return
        if client.failure is not None:
            return  # the notice was given with the file where it failed
        blocks = [b for b in doc.blocks if any(block_in_scope(r, b) for r in self.rules)]
        matches: list[Match] = []
        try:
            for chunk in build_chunks(doc, blocks):
                matches.extend(client.check(chunk, self.fields, doc.source))
        except LanguageToolError as exc:
            doc.notices.append(
                f"LanguageTool at {url} {exc}; grammar checks (HL6xx) are off for this run"
            )
            return
        for match in matches:
            rule = self.by_type.get(match.issue_type.lower(), self.fallback)
            if rule is None:
                continue
            others = ", ".join(f"'{r}'" for r in match.replacements[1:5])
            report.at_source(
                rule,
                match.start,
                match.end,
                suggestion=match.replacements[0] if match.replacements else None,
                match=doc.source[match.start : match.end],
                lt_message=match.message.strip(),
                lt_rule=match.rule_id,
                lt_category=match.category,
                others=f"; other suggestions: {others}" if others else "",
            )
