"""Fuzz the three parsers (and the document model's invariants) with atheris.

    pip install atheris
    python fuzz/fuzz_parsers.py -atheris_runs=100000          # or -max_total_time=600
    python fuzz/fuzz_parsers.py fuzz/corpus -max_len=4096     # keep interesting inputs

The first byte of each input picks the format (text, Markdown, HTML); the rest is decoded the way
healthlint decodes files (BOMs, UTF-8 with replacement). Any exception, or a block whose text maps
outside the source, is a crash worth a test in tests/test_robustness.py. Rule packs are fuzzed
separately by the unit tests (they are data, validated by healthlint.packs).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import healthlint.document
    import healthlint.parsers.html
    import healthlint.parsers.markdown
    import healthlint.parsers.plaintext  # noqa: F401 - imported here to be instrumented
    from healthlint.parsers import parse
    from healthlint.sources import SourceError, decode

FORMATS = ("text", "markdown", "html")


def check_document(source: str, fmt: str) -> None:
    doc = parse("fuzz." + fmt, source, fmt)
    for block in doc.blocks:
        n = len(block.text)
        if len(block.lower) != n:
            raise AssertionError("lower() changed the length")
        for pos in range(0, n + 1, max(1, n // 64)):
            s, e = block.source_range(pos, min(n, pos + 8))
            if not 0 <= s <= e <= len(source):
                raise AssertionError(f"text {pos} maps outside the source: {s}, {e}")
        for link in block.links:
            if not 0 <= link.text_start <= link.text_end <= n:
                raise AssertionError("link text outside its block")
    for comment in doc.comments:
        if not 0 <= comment.start <= comment.end <= len(source):
            raise AssertionError("comment outside the source")
    for offset in (0, len(source) // 2, len(source)):
        line, column = doc.lines.position(offset)
        if line < 1 or column < 1:
            raise AssertionError("bad position")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % 3]
    try:
        source, _notices = decode(data[1:])
    except SourceError:  # binary input is skipped with a message, as in a run
        return
    check_document(source, fmt)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
