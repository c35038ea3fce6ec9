"""Hostile and malformed inputs through the CLI, measured in child processes (time, memory).
file, the other files are still reported, and there is no traceback unless ``--debug``."""

from __future__ import annotations

import codecs
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from healthlint import cli
from healthlint import run as run_module
from healthlint.parsers import parse

PACK = str(Path(__file__).parent / "robustness" / "pack.yaml")
EXT = {"text": "txt", "markdown": "md", "html": "html"}

# One document per format with findings on several lines, inside markup and across line breaks.
DOCS = {
    "text": (
        "Title here\n\nA miracle cure for all. Buy now!\nThis is 100% safe for\n"
        "you. Leave a reply\n\n- don\u2019t wait\n"
    ),
    "markdown": (
        "---\ntitle: Miracle cure\n---\n# Title\n\nA *miracle* cure [buy now](http://x.com) and\n"
        "**100% safe** thing.\n\n> Leave a\n> reply\n\n- don't wait\n- caf&eacute; au lait\n\n"
        "| a | b |\n|---|---|\n| buy now | miracle cure |\n\nSetext\n------\n"
    ),
    "html": (
        "<html><head><title>Miracle cure</title></head><body>\n<p>A <b>miracle</b> cure "
        "<a href='x'>buy now</a> and\n100% safe &amp; fine.</p>\n<div>Leave a<br>reply</div>"
        "<ul><li>caf&eacute; au lait</li></ul><p>don&#39;t wait</p>\n</body></html>\n"
    ),
}


def check(*args: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["check", "--isolated", *args])
    out, err = capsys.readouterr()
    return code, out, err


def positions(out: str) -> list[str]:
    """``line:col: CODE`` of each finding in text output (the path stripped)."""
    found = []
    for line in out.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            found.append(f"{parts[1]}:{parts[2]}: {parts[3].split()[0]}")
    return found


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- inputs ---------------------------------------------------------------------------------


def test_empty_files_are_linted_cleanly(tmp_path, capsys):
    for ext in ("txt", "md", "html"):
        write(tmp_path / f"empty.{ext}", b"")
    code, out, err = check(str(tmp_path), capsys=capsys)
    assert code == 0
    assert "All clear: 3 files checked, no problems." in out
    assert err == ""


def test_binary_file_is_one_line_and_others_are_reported(tmp_path, capsys):
    write(tmp_path / "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(tmp_path / "ok.txt", "Leave a reply\n")
    code, out, err = check(str(tmp_path), capsys=capsys)
    assert code == 1
    assert err.splitlines() == [
        f"{tmp_path / 'image.md'}: error: binary file (contains NUL bytes), skipped"
    ]
    assert f"{tmp_path / 'ok.txt'}:1:1: HL901" in out


def test_invalid_utf8_is_decoded_with_replacement_and_a_notice(tmp_path, capsys):
    path = write(tmp_path / "bad.txt", b"Intro \xff\xfe here.\n\nabc \xc3 leave a reply\n")
    code, out, err = check(str(path), capsys=capsys)
    assert code == 1
    assert err.splitlines() == [
        f"{path}: warning: not valid UTF-8 (first bad byte at offset 6): decoded with "
        "replacement characters"
    ]
    # Each bad byte is one replacement character, so the column is what an editor shows.
    assert positions(out) == ["3:7: HL901"]


@pytest.mark.parametrize("fmt", DOCS)
@pytest.mark.parametrize(
    "bom, encoding",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
    ids=["utf8-bom", "utf16le", "utf16be", "utf32le"],
)
def test_byte_order_marks_keep_positions(tmp_path, capsys, fmt, bom, encoding):
    doc = DOCS[fmt]
    plain = write(tmp_path / f"plain.{EXT[fmt]}", doc)
    marked = write(tmp_path / f"marked.{EXT[fmt]}", bom + doc.encode(encoding))
    _, expected, _ = check("--rules", PACK, "--select", "TST", str(plain), capsys=capsys)
    code, out, err = check("--rules", PACK, "--select", "TST", str(marked), capsys=capsys)
    assert code == 1 and err == ""
    assert positions(out) == positions(expected)
    assert len(positions(out)) >= 5


@pytest.mark.parametrize("fmt", DOCS)
@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_crlf_and_lone_cr_give_the_same_lines_and_columns_as_lf(tmp_path, capsys, fmt, newline):
    doc = DOCS[fmt]
    lf = write(tmp_path / f"lf.{EXT[fmt]}", doc)
    other = write(tmp_path / f"other.{EXT[fmt]}", doc.replace("\n", newline))
    _, expected, _ = check("--rules", PACK, "--select", "TST", str(lf), capsys=capsys)
    code, out, err = check("--rules", PACK, "--select", "TST", str(other), capsys=capsys)
    assert code == 1 and err == ""
    assert positions(out) == positions(expected)


def test_lf_positions_are_the_expected_ones(capsys, tmp_path):
    """The reference the CRLF/BOM tests compare against is itself right."""
    path = write(tmp_path / "doc.md", DOCS["markdown"])
    _, out, _ = check("--rules", PACK, "--select", "TST", str(path), capsys=capsys)
    assert positions(out) == [
        "2:8: TST001",  # front-matter title
        "6:4: TST001",  # *miracle* cure
        "6:19: TST001",  # [buy now](...)
        "7:3: TST002",  # **100% safe**
        "9:3: TST001",  # Leave a / reply across a quote's lines
        "12:3: TST001",
        "13:3: TST001",  # caf&eacute; au lait
        "17:3: TST001",
        "17:13: TST001",
    ]


def _run_cli_measured(args: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run healthlint in a child process: wall time (s) and the child's peak memory (MB)."""
    import resource

    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "healthlint.cli", "check", "--isolated", "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb // 1024, proc


def _article(size: int, sep: str) -> str:
    words = [
        "the",
        "patient",
        "should",
        "consult",
        "a",
        "doctor",
        "before",
        "taking",
        "any",
        "supplement",
        "because",
        "side",
        "effects",
        "may",
        "include",
        "nausea",
        "and",
        "headache",
        "in",
        "some",
        "people",
    ]
    para = " ".join(words[(i * 7) % len(words)] for i in range(80)).capitalize() + "."
    unit = para + " Leave a reply." + sep
    return unit * (size // len(unit) + 1)


@pytest.mark.parametrize("fmt", DOCS)
def test_a_30_mb_file_finishes_in_reasonable_time_and_memory(tmp_path, fmt):
    text = _article(30 * 1024 * 1024, "\n\n")
    if fmt == "html":
        text = "<html><body>" + text.replace("\n\n", "</p>\n<p>") + "</body></html>"
    path = write(tmp_path / f"big.{EXT[fmt]}", text)
    elapsed, peak_mb, proc = _run_cli_measured([str(path)])
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.count('"rule": "HL901"') >= 60_000
    assert elapsed < 120, f"{elapsed:.1f}s"
    assert peak_mb < 2048, f"{peak_mb} MB"


HOSTILE_LINES = {
    "text": ["Leave a reply. " * 350_000, "\u00e9\ufb01 \u201cx\u201d \u2014 " * 500_000],
    "markdown": [
        "Leave a reply. " * 350_000,
        "word [" * 850_000,
        "[" * 2_500_000 + "]" * 2_500_000,
        "[a](b " * 850_000,
        "a `` b ``` c " * 400_000,
        "<!-- x " * 700_000,
        "*a **b _c " * 500_000,
    ],
    "html": [
        "<p>" + "Leave a reply. " * 350_000,
        "<p>" + "<!-- x > " * 550_000,
        "<p>" + "<a x " * 1_000_000,
        "<p>" + "a &#; b " * 650_000,
        "<p>" + "see <a href='x'>a link</a> now " * 160_000,
        "<p>" + "<![CDATA[ x " * 400_000,
    ],
}


@pytest.mark.parametrize(
    "fmt, line",
    [(fmt, line) for fmt, lines in HOSTILE_LINES.items() for line in lines],
    ids=[f"{fmt}-{i}" for fmt, lines in HOSTILE_LINES.items() for i in range(len(lines))],
)
def test_a_5_mb_single_line_finishes_quickly(fmt, line):
    assert len(line) >= 4_000_000
    start = time.perf_counter()
    doc = parse(f"line.{EXT[fmt]}", line + "\n", fmt)
    elapsed = time.perf_counter() - start
    assert elapsed < 30, f"{elapsed:.1f}s"
    if line.startswith(("Leave", "<p>Leave")):
        assert "leave a reply" in doc.blocks[0].lower


def test_a_5_mb_single_line_through_the_cli(tmp_path):
    path = write(tmp_path / "line.md", _article(5 * 1024 * 1024, " ") + "\n")
    elapsed, peak_mb, proc = _run_cli_measured([str(path)])
    assert proc.returncode == 1 and proc.stderr == ""
    assert proc.stdout.count('"line": 1,') >= 10_000
    assert elapsed < 60, f"{elapsed:.1f}s"


def test_20000_level_nested_html(tmp_path, capsys):
    deep = "<div>" * 20_000 + "Leave a reply" + "</div>" * 20_000
    svg = "<svg>" * 20_000 + "</svg>" * 20_000 + "<p>Leave a reply</p>"
    spans = "<p>" + "<span><b>" * 10_000 + "Leave a reply"
    for name, text in (("deep", deep), ("svg", svg), ("spans", spans)):
        write(tmp_path / f"{name}.html", text)
    start = time.perf_counter()
    code, out, err = check(str(tmp_path), capsys=capsys)
    assert time.perf_counter() - start < 20
    assert code == 1 and err == ""
    assert sorted(positions(out)) == ["1:100001: HL901", "1:220004: HL901", "1:90004: HL901"]


MALFORMED_HTML = [
    # (source, expected HL901 line:col) -- text after the damage is still linted
    ("<p>Unclosed <b>bold <i>and</p>\n<p>Leave a reply</p>", ["2:4"]),
    ("<p>R&#D costs &#; more</p>\n<p>x &#zz y</p>\n<p>Leave a reply</p>", ["3:4"]),
    ("<p>a <a title='unclosed>link</a></p>\n<p>Leave a reply</p>", ["2:4"]),
    ("</p></div><p>Leave a reply</p></li></ul>", ["1:14"]),
    ("<p>Leave a reply</p><!-- never closed <p>leave a reply</p>", ["1:4"]),
    ("<p>Leave a reply</p><a href='x", ["1:4"]),
    ("<p>Leave a reply <![CDATA[ x > y</p>", ["1:4"]),
    ("<<<>>><p>Leave a reply<</p>&&&#", ["1:10"]),
    ("<ul><li>Leave a reply<li>x</ul></li></table>", ["1:9"]),
]


@pytest.mark.parametrize("source, expected", MALFORMED_HTML)
def test_malformed_html(tmp_path, capsys, source, expected):
    path = write(tmp_path / "bad.html", source)
    code, out, err = check(str(path), capsys=capsys)
    assert err == ""
    assert [p.rsplit(":", 1)[0] for p in positions(out)] == expected


def test_unterminated_front_matter_is_read_as_text_with_a_notice(tmp_path, capsys):
    path = write(tmp_path / "open.md", "---\ntitle: Tips\n\nLeave a reply\n")
    code, out, err = check(str(path), capsys=capsys)
    assert code == 1
    assert positions(out) == ["4:1: HL901"]
    assert (
        err == f"{path}: warning: front matter on line 1 is never closed with '---': read as text\n"
    )


def test_front_matter_that_is_not_yaml_is_a_notice(tmp_path, capsys):
    path = write(tmp_path / "fm.md", "---\ntitle: [" + "[" * 5000 + "\n---\nLeave a reply\n")
    code, out, err = check(str(path), capsys=capsys)
    assert code == 1 and positions(out) == ["4:1: HL901"]
    assert err.startswith(f"{path}: warning: front matter is not valid YAML (")
    assert len(err.splitlines()) == 1


def test_deeply_nested_markdown_says_what_was_not_linted(tmp_path, capsys):
    path = write(tmp_path / "deep.md", "> " * 40 + "hidden\n\nLeave a reply\n")
    code, out, err = check(str(path), capsys=capsys)
    assert positions(out) == ["3:1: HL901"]
    assert "nested more than 20 deep" in err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_folder_with_symlink_loops(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "a.md", "Leave a reply\n")
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop: not followed
    os.symlink("loop.md", tmp_path / "loop.md")  # a link to itself
    os.symlink("c.txt", tmp_path / "b.txt")
    os.symlink("b.txt", tmp_path / "c.txt")
    os.symlink(str(tmp_path / "missing"), tmp_path / "dangling.html")
    code, out, err = check(str(tmp_path), capsys=capsys)
    assert code == 1
    assert f"{tmp_path / 'sub' / 'a.md'}:1:1: HL901" in out
    assert sorted(err.splitlines()) == [
        f"{tmp_path / 'b.txt'}: error: cannot read: Too many levels of symbolic links",
        f"{tmp_path / 'c.txt'}: error: cannot read: Too many levels of symbolic links",
        f"{tmp_path / 'dangling.html'}: error: broken symbolic link",
        f"{tmp_path / 'loop.md'}: error: cannot read: Too many levels of symbolic links",
    ]


def test_file_deleted_between_listing_and_reading(tmp_path, capsys, monkeypatch):
    write(tmp_path / "a.md", "Leave a reply\n")
    write(tmp_path / "b.md", "Leave a reply\n")
    listed = run_module.iter_paths

    def list_then_delete(paths, errors):
        found = list(listed(paths, errors))
        os.unlink(tmp_path / "a.md")
        return iter(found)

    monkeypatch.setattr(run_module, "iter_paths", list_then_delete)
    code, out, err = check(str(tmp_path), capsys=capsys)
    assert code == 1
    assert err == f"{tmp_path / 'a.md'}: error: no such file (deleted or moved?)\n"
    assert positions(out) == ["1:1: HL901"] and str(tmp_path / "b.md") in out


def test_an_internal_error_is_one_line_unless_debug(tmp_path, capsys, monkeypatch):
    write(tmp_path / "a.md", "Leave a reply\n")
    write(tmp_path / "b.txt", "Leave a reply\n")
    from healthlint import engine

    real_parse = engine.parse

    def broken(path, text, fmt=None):
        if path.endswith(".md"):
            raise ValueError("parser bug")
        return real_parse(path, text, fmt)

    monkeypatch.setattr(engine, "parse", broken)
    code, out, err = check(str(tmp_path), capsys=capsys)
    assert code == 1 and positions(out) == ["1:1: HL901"]
    assert err == (
        f"{tmp_path / 'a.md'}: error: internal error while linting: ValueError('parser bug') "
        "(rerun with --debug for a traceback)\n"
    )
    code, out, err = check("--debug", str(tmp_path), capsys=capsys)
    assert "Traceback (most recent call last)" in err and "parser bug" in err


# -- nothing lost ---------------------------------------------------------------------------


def test_linting_never_modifies_the_linted_files(tmp_path, capsys):
    files = {
        "a.md": DOCS["markdown"].encode(),
        "b.html": DOCS["html"].encode(),
        "c.txt": DOCS["text"].replace("\n", "\r\n").encode(),
        "d.txt": codecs.BOM_UTF16_LE + DOCS["text"].encode("utf-16-le"),
        "e.md": b"bad \xff bytes leave a reply",
        "f.md": b"\x00binary",
        "g.html": b"<p>Leave a reply",
    }
    for name, data in files.items():
        write(tmp_path / name, data)
    before = {
        name: (
            hashlib.sha256((tmp_path / name).read_bytes()).hexdigest(),
            os.stat(tmp_path / name).st_mtime_ns,
        )
        for name in files
    }
    listing = sorted(os.listdir(tmp_path))
    for fmt in ("text", "json"):
        check("--rules", PACK, "--format", fmt, str(tmp_path), capsys=capsys)
    after = {
        name: (
            hashlib.sha256((tmp_path / name).read_bytes()).hexdigest(),
            os.stat(tmp_path / name).st_mtime_ns,
        )
        for name in files
    }
    assert after == before
    assert sorted(os.listdir(tmp_path)) == listing  # no stray files either
