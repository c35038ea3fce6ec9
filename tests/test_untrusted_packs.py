"""Rule packs and config come from the repository being linted: they are untrusted input.

YAML is loaded safely (tags are errors naming file:line, never executed), pack patterns run on a
linear-time engine, sizes are limited, and a broken config is an exit-2 error naming the file.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from healthlint import cli, packs
from healthlint import regex as hl_regex

RULE = """\
rules:
  - code: TST001
    name: test-rule
    category: promotional
    severity: warning
    kind: {kind}
    message: "found '{{match}}'"
{extra}
"""


def pack(tmp_path: Path, kind: str, extra: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(RULE.format(kind=kind, extra=extra), encoding="utf-8")
    return path


def run(tmp_path: Path, capsys, *args: str) -> tuple[int, str, str]:
    target = tmp_path / "a.txt"
    if not target.exists():
        target.write_text("Leave a reply\n", encoding="utf-8")
    code = cli.main(["check", *args, str(target)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:builtins.open ["{marker}", "w"]',
        '!!python/object/new:builtins.open ["{marker}", "w"]',
        "!!python/name:os.system",
    ],
)
def test_python_tags_in_a_pack_are_an_error_and_never_run(tmp_path, capsys, tag):
    marker = tmp_path / "side-effect"
    path = pack(tmp_path, "phrase", "    phrases: " + tag.format(marker=marker))
    code, out, err = run(tmp_path, capsys, "--isolated", "--rules", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"healthlint: error: {path}:8: invalid YAML: could not determine a ")
    assert "python/" in err and len(err.splitlines()) == 1
    assert not marker.exists()


def test_python_tags_in_config_and_front_matter_are_never_run(tmp_path, capsys):
    marker = tmp_path / "side-effect"
    config = tmp_path / ".healthlint.yaml"
    config.write_text(f'select: !!python/object/apply:builtins.open ["{marker}", "w"]\n')
    code, out, err = run(tmp_path, capsys)
    assert code == 2
    assert err.startswith(f"healthlint: error: {config}:1: invalid YAML: could not determine")
    config.unlink()
    doc = tmp_path / "fm.md"
    doc.write_text(f'---\ntitle: !!python/object/apply:builtins.open ["{marker}", "w"]\n---\nHi\n')
    assert cli.main(["check", "--isolated", str(doc)]) == 0
    _, err = capsys.readouterr()
    assert err.startswith(f"{doc}: warning: front matter is not valid YAML (could not determine")
    assert not marker.exists()


def test_catastrophic_pattern_on_a_1_mb_line_finishes_in_seconds(tmp_path, capsys):
    path = pack(tmp_path, "pattern", '    pattern: "(a+)+$"')
    (tmp_path / "a.txt").write_text("a" * 1_000_000 + "!\n", encoding="utf-8")
    start = time.perf_counter()
    code, out, err = run(tmp_path, capsys, "--isolated", "--select", "TST", "--rules", str(path))
    assert time.perf_counter() - start < 10
    assert code == 0 and err == ""


def test_without_re2_catastrophic_patterns_are_rejected_naming_the_pack(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(hl_regex, "_re2", None)
    path = pack(tmp_path, "pattern", '    pattern: "(a+)+$"')
    code, out, err = run(tmp_path, capsys, "--isolated", "--rules", str(path))
    assert code == 2
    assert err == (
        f"healthlint: error: {path}:2: TST001: pattern: nested quantifiers, back-references "
        "and look-around are not allowed\n"
    )


def test_pattern_length_is_limited(tmp_path, capsys):
    path = pack(tmp_path, "pattern", f'    pattern: "{"a" * (hl_regex.MAX_PATTERN_LENGTH + 1)}"')
    code, _, err = run(tmp_path, capsys, "--isolated", "--rules", str(path))
    assert code == 2
    assert err == (
        f"healthlint: error: {path}:2: TST001: pattern: longer than "
        f"{hl_regex.MAX_PATTERN_LENGTH} characters\n"
    )


def test_pack_size_is_limited(tmp_path, capsys, monkeypatch):
    path = pack(tmp_path, "phrase", "    phrases: [" + ", ".join(["buy now"] * 1000) + "]")
    monkeypatch.setattr(packs, "MAX_PACK_BYTES", 8192)  # bigger than the built-in pack
    code, _, err = run(tmp_path, capsys, "--isolated", "--rules", str(path))
    assert code == 2 and err.startswith(f"healthlint: error: {path}: larger than ")


def test_rule_count_is_limited(tmp_path, capsys, monkeypatch):
    body = RULE.format(kind="phrase", extra="    phrases: [buy now]")
    rules = "".join(body.split("\n", 1)[1].replace("TST001", f"TST00{i}") for i in range(1, 4))
    path = tmp_path / "many.yaml"
    path.write_text("rules:\n" + rules, encoding="utf-8")
    monkeypatch.setattr(packs, "MAX_RULES_PER_PACK", 2)  # the built-in pack has 2
    code, _, err = run(tmp_path, capsys, "--isolated", "--rules", str(path))
    assert code == 2 and err == f"healthlint: error: {path}: more than 2 rules\n"


def test_yaml_alias_bombs_are_refused(tmp_path, capsys):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\nrules: []\n", encoding="utf-8")
    start = time.perf_counter()
    code, _, err = run(tmp_path, capsys, "--isolated", "--rules", str(path))
    assert time.perf_counter() - start < 5
    assert code == 2
    assert err == (
        f"healthlint: error: {path}:1: invalid YAML: aliases expand to more than "
        f"{packs.MAX_YAML_VALUES} values\n"
    )


def test_deeply_nested_yaml_is_an_error_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "deep.yaml"
    path.write_text("rules: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, _, err = run(tmp_path, capsys, "--isolated", "--rules", str(path))
    assert code == 2
    assert err == f"healthlint: error: {path}: invalid YAML: nested too deeply\n"


@pytest.mark.parametrize(
    "name, content, message",
    [
        (".healthlint.yaml", "select: [x\n", ":2: invalid YAML: "),
        (".healthlint.yaml", "sel: [x]\n", ": unknown setting 'sel' (known: select,"),
        (".healthlint.yaml", "select: HL901\n", ": setting 'select' has the wrong type"),
        (".healthlint.yaml", "- a list\n", ": the config must be a mapping of settings"),
        (".healthlint.yaml", "fail-on: sometimes\n", ": fail-on must be error, warning, info"),
        ("pyproject.toml", "[tool.healthlint]\nselect = [\n", ": invalid TOML: "),
        ("pyproject.toml", '[tool]\nhealthlint = "x"\n', ": [tool.healthlint] must be a table"),
        ("pyproject.toml", "[tool.healthlint]\nselect = " + "[" * 5000 + "\n", ": invalid TOML"),
    ],
)
def test_broken_config_is_exit_2_naming_the_file(tmp_path, capsys, name, content, message):
    config = tmp_path / name
    config.write_text(content, encoding="utf-8")
    code, out, err = run(tmp_path, capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"healthlint: error: {config}{message}"), err
    assert len(err.splitlines()) == 1
