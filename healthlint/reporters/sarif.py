"""SARIF 2.1.0, the format GitHub code scanning and other security dashboards read.

One run: the tool with every rule's metadata (descriptions, help, help URI, default level),
then one result per finding with a repository-relative location (``uriBaseId`` ``%SRCROOT%``),
a region in code points (end column exclusive, as in SARIF), a partial fingerprint shared with
baselines, and a fix when the finding carries a suggestion. Files that could not be read become
tool execution notifications.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from healthlint import __version__
from healthlint.engine import FileResult
from healthlint.explain import explain, summary
from healthlint.findings import Finding
from healthlint.packs import Rule
from healthlint.repo import project_root, uri_reference
from healthlint.reporters import message_with_suggestion

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/healthlint/"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "healthlint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(results: list[FileResult], rules: dict[str, Rule]) -> str:
    return json.dumps(build(results, rules), indent=2, ensure_ascii=False) + "\n"


def build(results: list[FileResult], rules: dict[str, Rule], root: Path | None = None) -> dict:
    """The SARIF log as a dict; paths are relative to ``root`` (default: the repository)."""
    root = root or project_root()
    codes = sorted({*rules, *(f.rule for r in results for f in r.findings)})
    index = {code: i for i, code in enumerate(codes)}
    driver: dict[str, Any] = {
        "name": "healthlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(code, rules.get(code)) for code in codes],
    }
    sarif_results = [_result(f, index[f.rule], root) for result in results for f in result.findings]
    notifications = [
        _notification("error", result.error, result.path, root)
        for result in results
        if result.error
    ]
    notifications.extend(
        _notification("warning", notice, result.path, root)
        for result in results
        for notice in result.notices
    )
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": _folder_uri(root)}},
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def _folder_uri(folder: Path) -> str:
    uri = folder.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _rule(code: str, rule: Rule | None) -> dict:
    if rule is None:  # a finding from a rule the run did not describe: still a valid entry
        return {"id": code}
    full = " ".join(rule.description.split()) or rule.message
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary(rule)},
        "fullDescription": {"text": full},
        "help": {"text": explain(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.enabled},
        "properties": {"tags": [rule.category]},
    }
    if rule.url:
        entry["helpUri"] = rule.url
    return entry


def _location(path: str, root: Path) -> dict:
    uri, relative = uri_reference(path, root)
    location: dict[str, Any] = {"uri": uri}
    if relative:
        location["uriBaseId"] = SRCROOT
    return location


def _region(f: Finding) -> dict:
    return {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
    }


def _result(f: Finding, rule_index: int, root: Path) -> dict:
    text = message_with_suggestion(f)
    artifact = _location(f.path, root)
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": _region(f)}}],
    }
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if f.suggestion is not None:
        result["fixes"] = [
            {
                "description": {"text": f"Replace with '{f.suggestion}'"},
                "artifactChanges": [
                    {
                        "artifactLocation": artifact,
                        "replacements": [
                            {
                                "deletedRegion": _region(f),
                                "insertedContent": {"text": f.suggestion},
                            }
                        ],
                    }
                ],
            }
        ]
    return result


def _notification(level: str, text: str, path: str, root: Path) -> dict:
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": _location(path, root)}}],
    }
