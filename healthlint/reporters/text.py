"""``path:line:col: CODE [severity] message``, one per line, then a summary (vim/gcc style)."""

from __future__ import annotations

from collections import Counter

from healthlint.engine import FileResult
from healthlint.packs import Rule


def render(results: list[FileResult], rules: dict[str, Rule]) -> str:
    lines = []
    counts: Counter[str] = Counter()
    files_with = 0
    for result in results:
        if result.findings:
            files_with += 1
        for f in result.findings:
            counts[f.severity] += 1
            hint = f" (suggestion: {f.suggestion})" if f.suggestion else ""
            lines.append(f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}{hint}")
    total = sum(counts.values())
    checked = sum(1 for r in results if r.error is None)
    if total:
        parts = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        noun = "problem" if total == 1 else "problems"
        lines.append(
            f"Found {total} {noun} ({parts}) in {files_with} of {checked} "
            f"file{'s' if checked != 1 else ''}."
        )
    else:
        lines.append(
            f"All clear: {checked} file{'s' if checked != 1 else ''} checked, no problems."
        )
    return "\n".join(lines) + "\n"
