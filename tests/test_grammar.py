"""Grammar (HL6xx) against a stand-in LanguageTool: positions, settings, broken servers."""

from __future__ import annotations

import time

import pytest
from ltstandin import Garbage, Silent, StandIn, closed_port_url

from healthlint.cli import main
from healthlint.config import Config
from healthlint.engine import Linter, Options
from healthlint.languagetool import reset_clients, utf16_converter
from healthlint.sources import Source

GRAMMAR = ["HL6"]


@pytest.fixture(autouse=True)
def _fresh_clients(monkeypatch):
    monkeypatch.delenv("HEALTHLINT_LANGUAGETOOL_URL", raising=False)
    reset_clients()
    yield
    reset_clients()


@pytest.fixture
def server():
    stand_in = StandIn()
    yield stand_in
    stand_in.close()


def grammar_linter(url: str | None, select=GRAMMAR, **settings) -> Linter:
    lt = {"url": url, **settings} if url else settings
    return Linter(Config(languagetool=lt), Options(select=select))


def spots(findings):
    return [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in findings]


def at(text: str, needle: str, line: int, nth: int = 1) -> tuple[int, int, int, int]:
    """(line, column, line, end column) of the nth ``needle`` on a 1-based line, by search."""
    content = text.splitlines()[line - 1]
    col = -1
    for _ in range(nth):
        col = content.index(needle, col + 1)
    return line, col + 1, line, col + 1 + len(needle)


# -- positions -------------------------------------------------------------------------------


def test_markdown_after_bold_link_and_code(server):
    text = (
        "---\ntitle: teh front matter is not prose\n---\n"
        "# Water\n\n"
        "Some **bold** words and a [link](https://example.org/teh) then teh end.\n"
        "A `teh` code span, *then* teh second line.\n"
    )
    findings = grammar_linter(server.url).lint_text(text, "doc.md")
    assert spots(findings) == [
        ("HL602", *at(text, "teh", 6, nth=2)),  # the first is in the link target
        ("HL602", *at(text, "teh", 7, nth=2)),  # the first is in a code span
    ]
    assert findings[0].suggestion == "the"
    assert "MORFOLOGIK_RULE_EN_US" in findings[0].message
    assert "'tech'" in findings[0].message


def test_html_after_inline_tags_and_entities(server):
    text = (
        "<html><head><title>Water</title></head><body>\n"
        "<p>Caf&eacute; <b>bold</b> and <a href='/teh'>a link</a>, teh end.</p>\n"
        "<pre>teh</pre><p>Line one<br>teh line two.</p>\n"
        "</body></html>\n"
    )
    findings = grammar_linter(server.url).lint_text(text, "doc.html")
    assert spots(findings) == [
        ("HL602", *at(text, "teh", 2, nth=2)),
        ("HL602", *at(text, "teh", 3, nth=2)),  # the first is in <pre>
    ]


def test_html_meta_description_and_keywords_are_not_sent(server):
    # Search snippets and keyword lists are not sentences: a keywords list would be all
    # lower-case sentence starts and unknown words.
    text = (
        "<html><head><title>Water</title>\n"
        '<meta name="description" content="Teh water guide.">\n'
        '<meta name="keywords" content="water, teh water">\n'
        "</head><body><p>Drink teh water.</p></body></html>\n"
    )
    findings = grammar_linter(server.url).lint_text(text, "doc.html")
    assert spots(findings) == [("HL602", *at(text, "teh", 4))]


def test_plain_text_wrapped_lines_and_astral_characters(server):
    text = "Water\n\nDrink \U0001f600 water and teh juice,\nsaid teh nurse , later.\n"
    findings = grammar_linter(server.url).lint_text(text, "doc.txt")
    # Columns count code points: the emoji is one column (two UTF-16 units).
    assert spots(findings) == [
        ("HL602", *at(text, "teh", 3)),
        ("HL602", *at(text, "teh", 4)),
        ("HL603", *at(text, " ,", 4)),
    ]
    assert findings[0].column == 19


def test_rules_by_issue_type_and_severity(server):
    findings = grammar_linter(server.url).lint_text("He go home , slowly.\n", "doc.txt")
    assert [(f.rule, f.severity) for f in findings] == [("HL601", "warning"), ("HL603", "info")]
    assert findings[0].message.startswith(
        "The pronoun and the verb do not agree. [LanguageTool HE_VERB_AGR]"
    )
    assert findings[0].suggestion == "He goes"


def test_utf16_converter():
    convert = utf16_converter("a\U0001f600b\U0001f600c")
    assert [convert(u) for u in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]


# -- settings --------------------------------------------------------------------------------


def test_settings_reach_languagetool(server):
    linter = grammar_linter(
        server.url,
        language="en-GB",
        disabled_rules=["MORFOLOGIK_RULE_EN_US"],
        enabled_categories="GRAMMAR,TYPOS",
        level="picky",
    )
    assert linter.lint_text("Use teh tap.\n", "doc.txt") == []
    form = server.requests[-1]
    assert form["language"] == "en-GB"
    assert form["disabledRules"] == "MORFOLOGIK_RULE_EN_US"
    assert form["enabledCategories"] == "GRAMMAR,TYPOS"
    assert form["level"] == "picky"
    assert '"markup"' not in form["data"] and '"text": "Use teh tap."' in form["data"]


def test_off_unless_configured(server):
    findings = grammar_linter(None).lint_text("Use teh tap.\n", "doc.txt")
    assert findings == [] and server.requests == []


def test_environment_variable_turns_it_on(server, monkeypatch):
    monkeypatch.setenv("HEALTHLINT_LANGUAGETOOL_URL", server.url)
    findings = grammar_linter(None).lint_text("Use teh tap.\n", "doc.txt")
    assert spots(findings) == [("HL602", 1, 5, 1, 8)]  # "Use teh": column 5


def test_one_connection_for_many_files(server):
    linter = grammar_linter(server.url)
    for n in range(5):
        linter.lint_text(f"File {n} has teh word.\n", f"doc{n}.txt")
    assert len(server.requests) == 5
    assert server.connections == 1


def test_bad_setting_is_a_config_error():
    with pytest.raises(Exception, match="unknown languagetool setting 'colour'"):
        grammar_linter("http://127.0.0.1:9", colour="blue")


# -- broken servers --------------------------------------------------------------------------


def _run(tmp_path, capsys, url: str, extra: str = "", files: int = 2):
    config = tmp_path / ".healthlint.yaml"
    config.write_text(f"languagetool:\n  url: {url}\n{extra}", encoding="utf-8")
    paths = []
    for n in range(files):
        path = tmp_path / f"a{n}.md"
        path.write_text(
            "# Water\n\nOne sentence that goes on and on with many words so that it is longer "
            "than the twenty-five words a sentence may have before it counts as long, teh end.\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    started = time.monotonic()
    code = main(["check", *paths])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    return code, out, err, elapsed


def _assert_grammar_off(code, out, err, files=2):
    notices = [line for line in err.splitlines() if "LanguageTool" in line]
    assert len(notices) == 1, err
    assert "grammar checks (HL6xx) are off for this run" in notices[0]
    assert "HL503" in out and out.count("HL503") == files  # everything else is reported
    assert "HL602" not in out
    assert code == 0  # as if grammar were off: HL503 is info


def test_unreachable_server(tmp_path, capsys):
    url = closed_port_url()
    code, out, err, _ = _run(tmp_path, capsys, url)
    _assert_grammar_off(code, out, err)
    assert f"LanguageTool at {url} is unreachable" in err


def test_hanging_server_is_bounded(tmp_path, capsys):
    silent = Silent()
    try:
        code, out, err, elapsed = _run(tmp_path, capsys, silent.url, "  timeout: 1\n", files=3)
    finally:
        silent.close()
    _assert_grammar_off(code, out, err, files=3)
    assert "did not answer within 1 s" in err
    assert elapsed < 5


def test_hanging_server_total_budget(tmp_path, capsys):
    silent = Silent()
    try:
        code, out, err, elapsed = _run(
            tmp_path, capsys, silent.url, "  timeout: 60\n  budget: 1.5\n"
        )
    finally:
        silent.close()
    _assert_grammar_off(code, out, err)
    assert elapsed < 6


def test_garbage_answer(tmp_path, capsys):
    garbage = Garbage()
    try:
        code, out, err, _ = _run(tmp_path, capsys, garbage.url)
    finally:
        garbage.close()
    _assert_grammar_off(code, out, err)


def test_not_json_answer(tmp_path, capsys):
    stand_in = StandIn(answer="not-json")
    try:
        code, out, err, _ = _run(tmp_path, capsys, stand_in.url)
    finally:
        stand_in.close()
    _assert_grammar_off(code, out, err)
    assert "not JSON" in err


def test_notice_reaches_the_file_result(server):
    linter = grammar_linter(closed_port_url())
    result = linter.lint_source(Source("doc.txt", "Use teh tap.\n"))
    assert result.findings == []
    assert len(result.notices) == 1 and "LanguageTool" in result.notices[0]


def test_grammar_rule_examples_against_the_stand_in(server):
    linter = Linter(Config(languagetool={"url": server.url}), Options())
    rules = [r for r in linter.rules if r.kind == "grammar"]
    assert [r.code for r in rules] == ["HL601", "HL602", "HL603"]
    for rule in rules:
        for example in rule.examples_flagged:
            codes = {f.rule for f in linter.lint_text(example["text"], "example.txt")}
            assert rule.code in codes, example
        for example in rule.examples_passing:
            codes = {f.rule for f in linter.lint_text(example["text"], "example.txt")}
            assert rule.code not in codes, example


def test_yaml_config_with_kebab_case_settings(server, tmp_path, capsys):
    (tmp_path / ".healthlint.yaml").write_text(
        f"languagetool:\n  url: {server.url}/v2\n  disabled-rules: [MORFOLOGIK_RULE_EN_US]\n"
        "  enabled-only: false\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.md"
    article.write_text("# Water\n\nHe go to teh shop.\n", encoding="utf-8")
    code = main(["check", str(article)])
    out, err = capsys.readouterr()
    assert code == 1  # HL601 is a warning
    assert f"{article}:3:1: HL601 [warning]" in out and "HL602" not in out
    assert server.requests[-1]["disabledRules"] == "MORFOLOGIK_RULE_EN_US"
    assert err == ""


def test_long_documents_go_in_chunks_with_exact_positions(server):
    paragraph = "Water keeps the body working and most people need several glasses a day. " * 8
    text = (
        "# Water\n\n"
        + "\n\n".join([paragraph.strip()] * 60)
        + "\n\nThe \U0001f4a7 end of teh article.\n"
    )
    findings = grammar_linter(server.url).lint_text(text, "doc.md")
    assert len(server.requests) > 1 and server.connections == 1
    last_line = text.count("\n")
    assert spots(findings) == [("HL602", *at(text, "teh", last_line))]


def test_ignored_rule_does_not_pass_its_matches_on(server):
    linter = Linter(Config(languagetool={"url": server.url}), Options(ignore=["HL602"]))
    codes = [f.rule for f in linter.lint_text("He go to teh shop , now.\n", "doc.txt")]
    assert codes == ["HL601", "HL603"]


def test_bad_url_gives_one_notice():
    linter = grammar_linter("ftp://example.org")
    notices = [linter.lint_source(Source(f"{n}.txt", "Text.\n")).notices for n in range(3)]
    assert notices[0] == [
        "LanguageTool: not an http(s) URL: 'ftp://example.org'; grammar checks (HL6xx) are off"
    ]
    assert notices[1:] == [[], []]
