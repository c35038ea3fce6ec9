"""Baselines: adopt healthlint on a site full of existing articles, then only see new problems.

``--write-baseline FILE`` records every current finding; ``--baseline FILE`` drops the findings
recorded there. A finding is recorded by path, rule and its fingerprint (the flagged text and
its neighbourhood plus an occurrence number, see :mod:`healthlint.fingerprint`), never by line,
so editing elsewhere in an article does not bring its old findings back, while a new occurrence
of the same problem is still reported.

Paths are stored relative to the baseline file's folder, so the baseline works from any current
directory. The file is JSON with a stable order (reviewable diffs) and is written atomically.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from healthlint.engine import FileResult

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file cannot be read or written: the message names the file."""


def _key(path: str, folder: str) -> str:
    if path == "-":
        return path
    try:
        return os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return os.path.abspath(path).replace(os.sep, "/")


def _folder(baseline: str) -> str:
    return os.path.dirname(os.path.abspath(baseline))


def build(results: list[FileResult], baseline: str) -> dict:
    """The baseline document recording every finding of ``results``."""
    folder = _folder(baseline)
    files: dict[str, list[dict]] = {}
    for result in results:
        if result.findings:
            entries = files.setdefault(_key(result.path, folder), [])
            entries.extend(
                {"rule": f.rule, "fingerprint": f.fingerprint, "message": f.message}
                for f in result.findings
            )
    ordered = {
        path: sorted(files[path], key=lambda e: (e["rule"], e["fingerprint"]))
        for path in sorted(files)
    }
    return {"healthlint-baseline": FORMAT_VERSION, "files": ordered}


def write(results: list[FileResult], baseline: str) -> int:
    """Write the baseline atomically (temp file + rename); return how many findings it holds."""
    data = build(results, baseline)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    folder = _folder(baseline)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".healthlint-baseline-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.replace(tmp, baseline)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise BaselineError(f"{baseline}: cannot write baseline: {exc.strerror or exc}") from None
    return sum(len(entries) for entries in data["files"].values())


def read(baseline: str) -> dict[str, set[tuple[str, str]]]:
    """``{path: {(rule, fingerprint), ...}}`` from a baseline file; BaselineError if unusable."""
    try:
        with open(baseline, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"{baseline}: no such baseline file") from None
    except OSError as exc:
        raise BaselineError(f"{baseline}: cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{baseline}: not a healthlint baseline (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{baseline}:{exc.lineno}: not a healthlint baseline (invalid JSON: {exc.msg})"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise BaselineError(f"{baseline}: not a healthlint baseline (no 'files' table)")
    if data.get("healthlint-baseline") != FORMAT_VERSION:
        raise BaselineError(
            f"{baseline}: unsupported baseline version {data.get('healthlint-baseline')!r} "
            f"(expected {FORMAT_VERSION}); rewrite it with --write-baseline"
        )
    known: dict[str, set[tuple[str, str]]] = {}
    for path, entries in data["files"].items():
        if not isinstance(entries, list) or not all(
            isinstance(e, dict)
            and isinstance(e.get("rule"), str)
            and isinstance(e.get("fingerprint"), str)
            for e in entries
        ):
            raise BaselineError(
                f"{baseline}: not a healthlint baseline (entries of {path!r} need "
                "'rule' and 'fingerprint')"
            )
        known[path] = {(e["rule"], e["fingerprint"]) for e in entries}
    return known


def filter_results(results: list[FileResult], baseline: str) -> list[FileResult]:
    """``results`` without the findings recorded in the baseline file."""
    known = read(baseline)
    folder = _folder(baseline)
    out = []
    for result in results:
        recorded = known.get(_key(result.path, folder))
        if recorded and result.findings:
            kept = [f for f in result.findings if (f.rule, f.fingerprint) not in recorded]
            result = replace(result, findings=kept)
        out.append(result)
    return out


def apply_baseline(
    results: list[FileResult], baseline: str | None = None, write_to: str | None = None
) -> list[FileResult]:
    """What ``check`` does with ``--baseline`` and ``--write-baseline``.

    Writing records every current finding (and then reports none of them, unless ``baseline``
    names an older baseline to compare against).
    """
    if write_to:
        count = write(results, write_to)
        files = sum(1 for r in results if r.findings)
        print(
            f"healthlint: wrote {count} finding{'s' if count != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''} to baseline {write_to}",
            file=sys.stderr,
        )
    return filter_results(results, baseline or write_to) if (baseline or write_to) else results
