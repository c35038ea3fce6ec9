"""Bad input: every case gives correct findings or one clear line naming the file, and the run
goes on. Untrusted packs cannot run code or take super-linear time. Linted files are never
modified."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import textwrap
import time
from pathlib import Path

import pytest

from healthlint import sources
from healthlint.cli import main

RESIDUE = "Leave a Reply"


def check(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--isolated", "--format", "json", "--select", "HL901", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else [], err


def positions(findings: list[dict]) -> list[tuple[str, int, int]]:
    return [(Path(f["path"]).name, f["line"], f["column"]) for f in findings]


def test_empty_file_is_linted_cleanly(capsys, tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    assert check(capsys, str(tmp_path / "empty.md"))[:2] == (0, [])


def test_binary_file_is_one_line_and_others_still_reported(capsys, tmp_path):
    (tmp_path / "logo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "page.md").write_text(f"# Page\n\n{RESIDUE}\n")
    code, findings, err = check(capsys, str(tmp_path))
    assert code == 1
    assert err.strip().splitlines() == [
        f"{tmp_path / 'logo.md'}: error: binary file (contains NUL bytes), skipped"
    ]
    assert positions(findings) == [("page.md", 3, 1)]


def test_invalid_utf8_is_decoded_with_replacement_and_a_notice(capsys, tmp_path):
    (tmp_path / "old.txt").write_bytes("Café crème\n\nLeave a reply\n".encode("latin-1"))
    code, findings, err = check(capsys, str(tmp_path / "old.txt"))
    assert positions(findings) == [("old.txt", 3, 1)]
    assert "not valid UTF-8" in err and "old.txt" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "encoding,bom",
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
@pytest.mark.parametrize("suffix", [".md", ".html", ".txt"])
def test_byte_order_marks_keep_positions(capsys, tmp_path, encoding, bom, suffix):
    text = {
        ".md": f"# Títle\n\nSome text — {RESIDUE}\n",
        ".html": f"<h1>Títle</h1>\n\n<p>Some text — {RESIDUE}</p>\n",
        ".txt": f"Títle\n\nSome text — {RESIDUE}\n",
    }[suffix]
    plain = tmp_path / f"plain{suffix}"
    plain.write_text(text, encoding="utf-8")
    marked = tmp_path / f"marked{suffix}"
    marked.write_bytes(bom + text.encode(encoding))
    _, expected, _ = check(capsys, str(plain))
    _, got, err = check(capsys, str(marked))
    assert err == ""
    assert [(f["line"], f["column"], f["end_column"]) for f in got] == [
        (f["line"], f["column"], f["end_column"]) for f in expected
    ]
    assert expected


@pytest.mark.parametrize("suffix", [".md", ".html", ".txt"])
@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_give_the_same_positions_as_lf(capsys, tmp_path, suffix, newline):
    lines = {
        ".md": ["# Title", "", "A paragraph", f"that wraps. {RESIDUE}", "", f"- item {RESIDUE}"],
        ".html": [
            "<h1>Title</h1>",
            "<p>A paragraph",
            f"that wraps. {RESIDUE}</p>",
            f"<li>{RESIDUE}</li>",
        ],
        ".txt": ["Title", "", "A paragraph", f"that wraps. {RESIDUE}", "", RESIDUE],
    }[suffix]
    lf = tmp_path / f"lf{suffix}"
    lf.write_bytes("\n".join(lines).encode() + b"\n")
    other = tmp_path / f"other{suffix}"
    other.write_bytes(newline.join(lines).encode() + newline.encode())
    _, expected, _ = check(capsys, str(lf))
    _, got, _ = check(capsys, str(other))
    key = [(f["line"], f["column"], f["end_line"], f["end_column"]) for f in expected]
    assert key and [(f["line"], f["column"], f["end_line"], f["end_column"]) for f in got] == key


def test_large_file_and_long_single_line_finish(capsys, tmp_path):
    paragraph = "The patient may take this medicine with food and water every day. " * 10
    big = tmp_path / "big.md"
    with open(big, "w", encoding="utf-8") as fh:
        for i in range(3000):  # ~2 MB here; benchmarks/robustness.py measures 30 MB
            fh.write(f"## Part {i}\n\n{paragraph}\n\n")
        fh.write(f"{RESIDUE}\n")
    line = tmp_path / "line.txt"
    line.write_text(paragraph * 1500 + RESIDUE + "\n")  # ~1 MB on one line
    start = time.perf_counter()
    code, findings, err = check(capsys, str(big), str(line))
    assert time.perf_counter() - start < 120  # a guard against hangs, not a benchmark
    assert positions(findings) == [("big.md", 12001, 1), ("line.txt", 1, 1 + len(paragraph) * 1500)]


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 20000 + f"<p>{RESIDUE}</p>" + "</div>" * 20000,
        "<div>" * 20000 + f"<p>{RESIDUE}",  # never closed
        f"<p>{RESIDUE}<b><i></p></b><<<>>><a href='x>broken</a><!-- unterminated",
        "<table><tr><td>" * 3000 + RESIDUE,
    ],
    ids=["nested-20000", "unclosed", "malformed", "tables"],
)
def test_deep_and_malformed_html(capsys, tmp_path, html):
    path = tmp_path / "page.html"
    path.write_text(html)
    code, findings, err = check(capsys, str(path))
    assert code == 1 and err == ""
    assert [f["message"].split("'")[1] for f in findings] == [RESIDUE]


def test_unterminated_front_matter(capsys, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(f"---\ntitle: Draft\n\n# Heading\n\n{RESIDUE}\n")
    code, findings, err = check(capsys, str(path))
    assert code == 1 and positions(findings) == [("draft.md", 6, 1)]
    assert (
        err == f"{path}: warning: front matter on line 1 is never closed with '---': read as text\n"
    )


def test_symlink_loop_is_not_followed(capsys, tmp_path):
    (tmp_path / "site" / "sub").mkdir(parents=True)
    (tmp_path / "site" / "sub" / "a.md").write_text(RESIDUE + "\n")
    os.symlink("..", tmp_path / "site" / "sub" / "loop")
    code, findings, err = check(capsys, str(tmp_path / "site"))
    assert positions(findings) == [("a.md", 1, 1)]


def test_file_deleted_between_listing_and_reading(capsys, tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text(RESIDUE + "\n")
    (tmp_path / "b.md").write_text(RESIDUE + "\n")
    listed = list(sources.iter_paths([str(tmp_path)], []))
    original = sources.iter_paths

    def listing_then_delete(paths, errors):
        yield from original(paths, errors)
        (tmp_path / "a.md").unlink()  # gone after listing, before reading

    monkeypatch.setattr("healthlint.run.iter_paths", listing_then_delete)
    code, findings, err = check(capsys, str(tmp_path))
    assert len(listed) == 2
    assert positions(findings) == [("b.md", 1, 1)]
    assert err.strip() == f"{tmp_path / 'a.md'}: error: no such file (deleted or moved?)"


# -- untrusted packs and config -------------------------------------------------------------


def test_yaml_tags_are_never_executed(capsys, tmp_path):
    marker = tmp_path / "pwned"
    pack = tmp_path / "evil.yaml"
    pack.write_text(
        textwrap.dedent(f"""\
        rules:
          - code: EV100
            name: evil
            category: promotional
            severity: error
            kind: phrase
            message: m
            phrases: !!python/object/apply:os.system ["touch {marker}"]
        """)
    )
    (tmp_path / "a.md").write_text("text\n")
    code = main(["check", "--isolated", "--rules", str(pack), str(tmp_path / "a.md")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{pack}:8: invalid YAML" in err
    assert not marker.exists()


def test_config_tags_are_never_executed(capsys, tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / ".healthlint.yaml").write_text(
        f'select: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    (tmp_path / "a.md").write_text("text\n")
    code = main(["check", str(tmp_path / "a.md")])
    assert code == 2 and ".healthlint.yaml:1" in capsys.readouterr().err and not marker.exists()


def test_catastrophic_pattern_runs_in_linear_time(capsys, tmp_path):
    pack = tmp_path / "redos.yaml"
    pack.write_text(
        textwrap.dedent("""\
        rules:
          - code: RD100
            name: redos
            category: promotional
            severity: error
            kind: pattern
            pattern: '(a+)+$'
            message: m
        """)
    )
    page = tmp_path / "a.txt"
    page.write_text("a" * 1_000_000 + "!\n")
    start = time.perf_counter()
    code = main(["check", "--isolated", "--rules", str(pack), "--select", "RD100", str(page)])
    assert time.perf_counter() - start < 10
    assert code == 0


def test_oversized_pattern_and_pack_are_errors_naming_the_pack(capsys, tmp_path):
    pack = tmp_path / "huge.yaml"
    pack.write_text(
        "rules:\n  - code: HG100\n    name: huge\n    category: promotional\n    severity: error\n"
        f"    kind: pattern\n    message: m\n    pattern: '{'a' * 20000}'\n"
    )
    (tmp_path / "a.md").write_text("text\n")
    assert main(["check", "--isolated", "--rules", str(pack), str(tmp_path / "a.md")]) == 2
    assert f"{pack}:2: HG100: pattern: longer than" in capsys.readouterr().err
    big = tmp_path / "big.yaml"
    with open(big, "w") as fh:
        fh.write("rules: []\n" + "# padding\n" * 900_000)
    assert main(["check", "--isolated", "--rules", str(big), str(tmp_path / "a.md")]) == 2
    assert f"{big}: larger than" in capsys.readouterr().err


def test_broken_pyproject_table_is_exit_2(capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.healthlint]\nselect = [HL901\n")
    (tmp_path / "a.md").write_text("text\n")
    assert main(["check", str(tmp_path / "a.md")]) == 2
    assert f"{tmp_path / 'pyproject.toml'}: invalid TOML" in capsys.readouterr().err


# -- nothing lost ---------------------------------------------------------------------------


def test_linting_never_modifies_the_linted_files(capsys, tmp_path):
    files = {
        "a.md": f"# T\n\nBuy now! {RESIDUE}\n<!-- healthlint-disable-next-line -->\nx\n",
        "b.html": f"<p>Miracle cure. {RESIDUE}</p>",
        "c.txt": "Ketamine is a drug.\r\nIt cures everything.\r\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_bytes(text.encode())
    before = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in tmp_path.iterdir()
    }
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        main(["check", "--isolated", "--format", fmt, str(tmp_path)])
    main(
        ["check", "--isolated", "--write-baseline", str(tmp_path.parent / "bl.json"), str(tmp_path)]
    )
    capsys.readouterr()
    after = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in tmp_path.iterdir()
    }
    assert after == before


def test_front_matter_that_yaml_cannot_construct(capsys, tmp_path):
    # Found by fuzz/fuzz_parsers.py: a date that does not exist raised ValueError, not YAMLError.
    path = tmp_path / "bad-date.md"
    path.write_text(f"---\ntitle: Sleep\ndate: 2024-03-42\n---\n\n# Sleep\n\n{RESIDUE}\n")
    code, findings, err = check(capsys, str(path))
    assert positions(findings) == [("bad-date.md", 8, 1)]
    assert err.startswith(f"{path}: warning: front matter is not valid YAML")
