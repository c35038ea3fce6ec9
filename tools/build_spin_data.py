#!/usr/bin/env python3
"""Build the spun-phrasing data from public sources (run by hand; its outputs are committed).

Why a build step: the sources are large (7.6k PPS fingerprints, 98k ICD-10-CM descriptions) and
mostly irrelevant to health prose; a compact, reviewed extract keeps start-up cheap and the
shipped data small and attributable.

Outputs
- ``rules/spun-lexicon.yaml``: the ``spun-phrasing`` pack. The hand-written rules come from
  ``tools/spun-rules.in.yaml``; rule HL101 gets the health subset of the Problematic Paper
  Screener's tortured phrases (CC BY 4.0, Cabanac, Labbé & Magazinov), with the PPS ``AND``
  clauses turned into ``when_near`` conditions (within: document).
- ``healthlint/data/spin_variants.tsv``: ``variant<TAB>canonical`` rows: spun variants of
  canonical multiword health terms (ICD-10-CM descriptions from the ``simple-icd-10-cm`` wheel
  plus ``tools/spin_terms.txt``) crossed with a spinner synonym map (PPS word substitutions seen
  at least twice, restricted to health words, plus ``tools/spin_synonyms.tsv``). A variant that
  is itself a standard term (any ICD-10-CM n-gram or a listed term) is left out.

Usage: python tools/build_spin_data.py [--pps ../shared/data/tortured-phrases]
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"

STOP = set(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "other",
        "than",
        "that",
        "the",
        "this",
        "to",
        "with",
        "without",
        "due",
        "not",
        "unspecified",
        "specified",
        "site",
        "part",
        "type",
        "use",
    ]
)
_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")


def _clean_expected(text: str) -> str | None:
    """The first plain alternative of a PPS expected phrase, or None when it is uncertain."""
    text = re.sub(r"\s*\(.*?\)\s*", " ", text).strip()
    text = text.split("/")[0].split(" or ")[0].strip()
    if "?" in text or '"' in text:
        return None
    return text or None


def _query_terms(query: str) -> tuple[str, list[str], list[str]] | None:
    """(first phrase, AND terms, NOT terms) of a PPS query; None for OR/proximity queries."""
    if "~" in query or " OR " in query:
        return None
    parts = re.findall(r'(AND|NOT)?\s*"([^"]+)"', query)
    if not parts:
        return None
    first = parts[0][1]
    ands = [p for op, p in parts[1:] if op == "AND"]
    nots = [p for op, p in parts[1:] if op == "NOT"]
    return first, ands, nots


def lexicon_entries(pps: Path) -> list[dict]:
    """PPS health fingerprints as lexicon entries (phrase, suggestion, conditions)."""
    risky = set((TOOLS / "spin_lexicon_skip.txt").read_text().split("\n"))
    out: dict[str, dict] = {}
    with open(pps / "derived_health_subset.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            expected = _clean_expected(row["expected"])
            parsed = _query_terms(row["pps_query"])
            if expected is None or parsed is None:
                continue
            phrase, ands, nots = parsed
            phrase = " ".join(phrase.split())
            key = phrase.lower()
            if key in risky or key == expected.lower() or key in out:
                continue
            entry: dict = {"phrase": phrase, "suggestion": expected}
            if ands:
                entry["when_near"] = {"terms": ands, "within": "document"}
            elif len(key.split()) == 1:
                # A lone word is often legitimate: count it only beside its expected term.
                entry["when_near"] = {"terms": [expected], "within": "document"}
            if nots:
                entry["unless_near"] = {"terms": nots, "within": "document"}
            out[key] = entry
    return sorted(out.values(), key=lambda e: e["phrase"].lower())


def icd_ngrams() -> tuple[Counter, set[str]]:
    """Counts of 2- and 3-word n-grams over ICD-10-CM descriptions, and every n-gram seen."""
    import simple_icd_10_cm as icd

    counts: Counter = Counter()
    for code in icd.get_all_codes():
        seen = set()
        for segment in re.split(r"[,;:()\[\]]", icd.get_description(code).lower()):
            words = _WORD.findall(segment)
            for n in (2, 3):
                for i in range(len(words) - n + 1):
                    seen.add(" ".join(words[i : i + n]))
        counts.update(seen)
    return counts, set(counts)


def canonical_terms(counts: Counter) -> set[str]:
    terms = set()
    for gram, n in counts.items():
        words = gram.split()
        if n >= 5 and not STOP.intersection(words):
            terms.add(gram)
    for line in (TOOLS / "spin_terms.txt").read_text().splitlines():
        line = line.split("#")[0].strip().lower()
        if line:
            terms.add(line)
    return terms


def synonym_map(pps: Path, vocabulary: set[str]) -> dict[str, set[str]]:
    """Spinner swaps: PPS substitutions seen twice or more on health words, plus our own."""
    swaps: dict[str, set[str]] = defaultdict(set)
    with open(pps / "derived_word_substitutions.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if int(row["n_phrase_pairs"]) >= 2 and row["original_word"] in vocabulary:
                swaps[row["original_word"]].add(row["spun_word"])
    for line in (TOOLS / "spin_synonyms.tsv").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        word, spun = line.split("\t")
        if word.startswith("-"):  # "-word<TAB>spun": drop a noisy PPS swap
            swaps[word[1:]].discard(spun)
            continue
        swaps[word].update(s.strip() for s in spun.split(",") if s.strip())
    return swaps


def variants(terms: set[str], swaps: dict[str, set[str]], standard: set[str]) -> dict[str, str]:
    """Every term with one or two of its words swapped, unless the result is a standard term."""
    table: dict[str, str] = {}
    for term in sorted(terms):
        words = term.split()
        options = [sorted(swaps.get(w, ())) for w in words]
        slots = [i for i, o in enumerate(options) if o]
        for i in slots:
            for a in options[i]:
                one = words[:i] + [a] + words[i + 1 :]
                _add(table, one, term, standard)
                for j in slots:
                    if j > i:
                        for b in options[j]:
                            _add(table, one[:j] + [b] + one[j + 1 :], term, standard)
    return table


def _add(table: dict[str, str], words: list[str], term: str, standard: set[str]) -> None:
    variant = " ".join(words)
    if variant == term or variant in standard:
        return
    # Keep the shortest canonical term for a variant reachable from several.
    if variant not in table or len(term) < len(table[variant]):
        table[variant] = term


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pps", type=Path, default=ROOT.parent / "shared/data/tortured-phrases")
    args = parser.parse_args()
    if not args.pps.exists():
        args.pps = Path("/work/shared/data/tortured-phrases")

    template = (TOOLS / "spun-rules.in.yaml").read_text(encoding="utf-8")
    entries = lexicon_entries(args.pps)
    body = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)
    body = "\n".join("      " + line if line else line for line in body.splitlines())
    pack = template.replace("      @PPS_ENTRIES@", body)
    (ROOT / "rules/spun-lexicon.yaml").write_text(pack, encoding="utf-8")

    counts, seen = icd_ngrams()
    terms = canonical_terms(counts)
    own_standard = {
        s.split("#")[0].strip().lower()
        for s in (TOOLS / "spin_standard.txt").read_text().splitlines()
        if s.split("#")[0].strip()
    }
    vocabulary = {w for t in terms for w in t.split()}
    swaps = synonym_map(args.pps, vocabulary)
    table = variants(terms, swaps, seen | terms | own_standard)
    out = ROOT / "healthlint/data/spin_variants.tsv"
    out.parent.mkdir(exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("# Generated by tools/build_spin_data.py: spun variant<TAB>canonical term.\n")
        for variant in sorted(table):
            fh.write(f"{variant}\t{table[variant]}\n")
    print(f"{len(entries)} lexicon entries, {len(terms)} terms, {len(table)} variants")


if __name__ == "__main__":
    main()
