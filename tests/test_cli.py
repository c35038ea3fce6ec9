"""The command line as users run it: exit codes, formats, config, suppressions, rule docs."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from healthlint.cli import main
from healthlint.config import Config
from healthlint.engine import Options, load_rules

RESIDUE_MD = "# Page\n\nA paragraph.\n\nLeave a Reply\n"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(RESIDUE_MD, encoding="utf-8")
    return path


def test_text_format_and_exit_code(capsys, article, monkeypatch):
    monkeypatch.chdir(article.parent)
    code, out, _ = run(capsys, "check", "a.md", "--isolated", "--select", "HL901")
    assert code == 1
    assert out.splitlines()[0].startswith("a.md:5:1: HL901 [warning] Page residue:")
    assert out.splitlines()[-1] == "Found 1 problem (1 warning) in 1 of 1 file."


def test_json_format_shape(capsys, article, monkeypatch):
    monkeypatch.chdir(article.parent)
    code, out, _ = run(
        capsys, "check", "--format", "json", "--isolated", "--select", "HL901", "a.md"
    )
    data = json.loads(out)
    assert code == 1
    assert data == [
        {
            "path": "a.md",
            "line": 5,
            "column": 1,
            "end_line": 5,
            "end_column": 14,
            "rule": "HL901",
            "name": "cms-residue",
            "category": "page-residue",
            "severity": "warning",
            "start": data[0]["start"],
            "end": data[0]["end"],
            "message": data[0]["message"],
            "fingerprint": data[0]["fingerprint"],
        }
    ]


def test_fail_on_and_ignore(capsys, article):
    assert (
        run(capsys, "check", str(article), "--isolated", "--select", "HL901", "--fail-on", "error")[
            0
        ]
        == 0
    )
    assert (
        run(
            capsys,
            "check",
            str(article),
            "--isolated",
            "--select",
            "HL901",
            "--ignore",
            "page-residue",
        )[0]
        == 0
    )


def test_unreadable_files_do_not_stop_the_run(capsys, tmp_path, article):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    missing = tmp_path / "missing.md"
    code, out, err = run(
        capsys, "check", str(binary), str(missing), str(article), "--isolated", "--select", "HL901"
    )
    assert code == 1
    assert f"{binary}: error: binary file" in err
    assert f"{missing}: error: no such file" in err
    assert "HL901" in out


def test_no_file_linted_is_exit_2(capsys, tmp_path):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    assert run(capsys, "check", str(binary), "--isolated")[0] == 2


def test_invalid_utf8_is_linted_with_a_notice(capsys, tmp_path):
    path = tmp_path / "c.txt"
    path.write_bytes(b"Caf\xe9 menu\n\nLeave a reply\n")
    code, out, err = run(capsys, "check", str(path), "--isolated", "--select", "HL901")
    assert code == 1 and "not valid UTF-8" in err and ":3:1: HL901" in out


def test_stdin_with_filename(capsys, monkeypatch):
    import io

    fake = io.TextIOWrapper(io.BytesIO(RESIDUE_MD.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code, out, _ = run(
        capsys, "check", "-", "--stdin-filename", "docs/page.md", "--isolated", "--select", "HL901"
    )
    assert code == 1 and out.startswith("docs/page.md:5:1: HL901")


def test_folders_are_recursed_by_extension(capsys, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.html").write_text("<p>Leave a reply</p>")
    (tmp_path / "notes.yaml").write_text("Leave a reply")
    code, out, _ = run(capsys, "check", str(tmp_path), "--isolated", "--select", "HL901")
    assert code == 1
    assert "x.html:1:4: HL901" in out and "notes.yaml" not in out


def test_suppressions(capsys, tmp_path):
    path = tmp_path / "s.md"
    path.write_text(
        textwrap.dedent("""\
        <!-- healthlint-disable-next-line HL901 -->
        Leave a reply

        <!-- healthlint-disable page-residue -->
        Leave a reply
        <!-- healthlint-enable -->

        Leave a reply

        <!-- healthlint-disable-next-line HL101 -->
        Nothing to see here.
        """)
    )
    code, out, _ = run(
        capsys, "check", str(path), "--isolated", "--select", "HL901,HL001", "--format", "json"
    )
    found = [(f["line"], f["rule"]) for f in json.loads(out)]
    assert found == [(8, "HL901"), (10, "HL001")]


def test_html_suppression(capsys, tmp_path):
    path = tmp_path / "s.html"
    path.write_text(
        "<p>Leave a reply</p>\n<!-- healthlint-disable-next-line -->\n<p>Leave a reply</p>\n"
    )
    _, out, _ = run(
        capsys, "check", str(path), "--isolated", "--select", "HL901", "--format", "json"
    )
    assert [f["line"] for f in json.loads(out)] == [1]


def test_config_discovery_from_the_file_upwards(capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.healthlint]\nignore = ["HL901"]\n')
    nested = tmp_path / "content" / "deep"
    nested.mkdir(parents=True)
    page = nested / "p.md"
    page.write_text(RESIDUE_MD)
    assert run(capsys, "check", str(page), "--select", "HL901")[0] == 1  # select from CLI ...
    _, out, _ = run(capsys, "check", str(page))
    assert "HL901" not in out  # ... config ignore applies
    # A nearer .healthlint.yaml wins over the pyproject table.
    (tmp_path / "content" / ".healthlint.yaml").write_text(
        "per-file-ignores:\n  'deep/*.md': [HL001]\n"
    )
    _, out, _ = run(capsys, "check", str(page))
    assert "HL901" in out
    # --isolated ignores both.
    _, out, _ = run(capsys, "check", str(page), "--isolated")
    assert "HL901" in out


def test_per_file_ignores(capsys, tmp_path):
    (tmp_path / ".healthlint.yaml").write_text("per-file-ignores:\n  'legacy/*': [page-residue]\n")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.md").write_text(RESIDUE_MD)
    (tmp_path / "new.md").write_text(RESIDUE_MD)
    _, out, _ = run(capsys, "check", str(tmp_path), "--select", "HL901")
    assert "new.md" in out and "old.md" not in out


def test_broken_config_is_exit_2_naming_the_file(capsys, tmp_path):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("select: [HL901\n")
    (tmp_path / "a.md").write_text(RESIDUE_MD)
    code, _, err = run(capsys, "check", str(tmp_path / "a.md"))
    assert code == 2 and str(cfg) in err
    cfg.write_text("selectt: [HL901]\n")
    code, _, err = run(capsys, "check", str(tmp_path / "a.md"))
    assert code == 2 and "unknown setting 'selectt'" in err


def test_invalid_pack_is_exit_2_naming_file_and_line(capsys, tmp_path, article):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        textwrap.dedent("""\
        rules:
          - code: XX100
            name: fine-rule
            category: promotional
            severity: warning
            kind: phrase
            message: m
            phrases: [a]
          - code: XX101
            name: Bad Name
            category: promotional
            severity: warning
            kind: phrase
            message: m
            phrases: [b]
        """)
    )
    code, _, err = run(capsys, "check", str(article), "--isolated", "--rules", str(pack))
    assert code == 2
    assert f"{pack}:9: name 'Bad Name' must be kebab-case" in err


def test_user_pack_adds_rules(capsys, tmp_path, article):
    pack = tmp_path / "house.yaml"
    pack.write_text(
        textwrap.dedent("""\
        rules:
          - code: HOUSE100
            name: house-style-paragraph
            category: promotional
            severity: error
            kind: pattern
            pattern: 'A (para)graph'
            group: 1
            message: "House style: '{match}'"
        """)
    )
    code, out, _ = run(
        capsys, "check", str(article), "--isolated", "--rules", str(pack), "--select", "HOUSE"
    )
    assert code == 1
    assert ":3:3: HOUSE100 [error] House style: 'para'" in out


def test_rules_and_rule_commands_cover_every_builtin_rule(capsys):
    rules = load_rules(Config(), Options())
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for rule in rules:
        assert rule.code in out
        code, text, _ = run(capsys, "rule", rule.code)
        assert code == 0
        assert text.startswith(f"{rule.code} {rule.name}")
        assert "Flagged:" in text and "Passes:" in text
    assert run(capsys, "rule", "NOPE999")[0] == 2


def test_version():
    out = subprocess.run(
        [sys.executable, "-m", "healthlint.cli", "--version"], capture_output=True, text=True
    )
    assert out.stdout.startswith("healthlint ")
