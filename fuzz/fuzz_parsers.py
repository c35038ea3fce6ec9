#!/usr/bin/env python3
"""Coverage-guided fuzzing of the three parsers and the engine (run by hand, never in CI).

    pip install atheris
    python fuzz/fuzz_parsers.py -atheris_runs=100000          # or -max_total_time=600
    python fuzz/fuzz_parsers.py corpus_dir/                    # keep interesting inputs

Each input is decoded the way files are (BOMs, UTF-8 with replacement), parsed as plain text,
Markdown and HTML, and linted with every built-in rule. It fails on any exception and on a
finding whose position lies outside the file or disagrees with its source offsets.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from healthlint.engine import Linter
    from healthlint.parsers import parse
    from healthlint.sources import SourceError, decode

LINTER = Linter()


def test_one_input(data: bytes) -> None:
    try:
        text, _ = decode(data)
    except SourceError:
        return  # binary input: reported as one error line, nothing to parse
    for path in ("fuzz.txt", "fuzz.md", "fuzz.html"):
        doc = parse(path, text)
        for block in doc.blocks:
            start, end = block.source_range(0, len(block.text))
            assert 0 <= start <= end <= len(text), (path, start, end)
        for finding in LINTER.lint_text(text, path=path):
            assert 0 <= finding.start <= finding.end <= len(text)
            assert (finding.line, finding.column) == doc.lines.position(finding.start)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
