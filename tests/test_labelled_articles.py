"""Detection quality on the project's own labelled articles (written for the project, in the
format of ../shared/corpus/dev/labels.yaml), so a change that costs precision or recall fails.

``editor-set`` and ``editor-set-2`` to ``editor-set-84`` were written blind to the rules by separate
authors. ``editor-set`` first scored spun-phrasing P 0.97 / R 0.57 (everything else 1.00); the
READMEs of the others give their first scores. Their misses then informed the rules, so they
are regression sets now, not held-out ones, except where ``KNOWN_GAPS`` keeps a set at its
measured score: ``spun-v5``, the gaps left in ``editor-set-10`` and ``editor-set-12``,
``editor-set-22``, ``editor-set-45``, ``editor-set-57``, ``editor-set-69``, ``editor-set-72``,
``editor-set-81``, ``editor-set-82`` and ``editor-set-84``. Sets 25 and 26 were written blind in
session 10 and sets 27 and 28 in session 11; all four had their misses read in session 11. Sets
29 and 30 were written blind in session 12 and had their misses read in the same session (their
READMEs give the first scores); sets 31 and 32 likewise in session 13, sets 33 and 34 in
session 14, sets 35 and 36 in session 15, sets 37-40 in session 16, sets 41-48 in session
17, sets 49-52 in session 18, sets 53-56 in session 19, sets 57-60 in session 20, sets 61-72 in session 21 (three rounds) and sets 73-84 in session 22
(three rounds; HL406 is trained on sets 1-80). Since session 13 the sentence model HL406 is trained on every
set whose misses were read, which closed the claim gaps of sets 24 and 28.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from healthlint.config import Config
from healthlint.engine import Linter, Options

ARTICLES = Path(__file__).parent / "articles"
FOLDERS = sorted(p.parent for p in ARTICLES.glob("*/labels.yaml"))
LINE = ("spun-phrasing", "promotional", "absolute-claim")
BARS = {"spun-phrasing": (0.9, 0.75), "promotional": (0.9, 0.9), "absolute-claim": (0.85, 0.85)}
#: Blind sets whose misses the rules do not cover yet: their (precision, recall) floor per category
#: is the measured score, so a regression fails while the gap stays visible (see their READMEs).
KNOWN_GAPS = {
    "spun-v5": {"spun-phrasing": (1.0, 0.32), "spun-document": (1.0, 0.42)},
    # Blind once, training and regression sets since sessions 5 to 8 (their misses were read).
    "editor-set-10": {"promotional": (1.0, 0.89)},
    "editor-set-12": {"promotional": (1.0, 0.89)},
    # Written blind in session 8, misses read in session 9: one gap left.
    "editor-set-22": {"missing-risk-section": (0.71, 1.0)},
    # Written blind in session 17, misses read in the same session: one risk page left.
    "editor-set-45": {"missing-risk-section": (1.0, 0.8)},
    # Written blind in session 20, misses read in the same session: a news story and a roundup
    # with light harm talk are still reported for missing risk.
    "editor-set-57": {"missing-risk-section": (0.71, 1.0)},
    # Written blind in session 21 (third round), misses read in the same session: a dummy shop and
    # a supplement post still pass for risk, a roundup and a forum are still reported.
    "editor-set-69": {"missing-risk-section": (1.0, 0.6)},
    "editor-set-72": {"missing-risk-section": (0.66, 0.8)},
    # Written blind in session 22 (third round), misses read in the same session; HL406 was not
    # retrained on them. Set 81: four pages not about one intervention are reported for missing
    # risk and three intervention pages pass. Sets 81, 82 and 84 keep claim misses and false
    # alarms that only a retrained HL406 would learn.
    "editor-set-81": {
        "promotional": (0.88, 1.0),
        "absolute-claim": (0.92, 0.83),
        "missing-risk-section": (0.33, 0.4),
    },
    "editor-set-82": {"absolute-claim": (0.84, 0.84)},
    "editor-set-84": {"absolute-claim": (0.81, 0.93)},
}


def _scores(folder: Path) -> dict:
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    linter = Linter(Config(), Options())
    counts = {cat: [0, 0, 0] for cat in LINE}  # tp, fp, fn
    documents = []
    for name, spec in labels.items():
        found: dict[str, set[int]] = {}
        for f in linter.lint_file(str(folder / name)).findings:
            found.setdefault(f.category, set()).add(f.line)
        for cat in LINE:
            must = set((spec.get(cat) or {}).get("must", []))
            may = set((spec.get(cat) or {}).get("may", []))
            if cat not in spec and cat != "spun-phrasing":
                continue  # folders labelled for one category only
            got = found.get(cat, set())
            counts[cat][0] += len(got & must)
            counts[cat][1] += len(got - must - may)
            counts[cat][2] += len(must - got)
        for doc_cat, finding_cat in (
            ("spun-document", "spun-phrasing"),
            ("missing-risk-section", "missing-risk-section"),
        ):
            expected = spec.get(doc_cat)
            if expected is not None:
                documents.append((name, doc_cat, expected, bool(found.get(finding_cat))))
    return {"lines": counts, "documents": documents}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_precision_recall_and_document_judgements(folder):
    scores = _scores(folder)
    gaps = KNOWN_GAPS.get(folder.name, {})
    for cat, (tp, fp, fn) in scores["lines"].items():
        low_p, low_r = gaps.get(cat, BARS[cat])
        if tp + fp:
            assert tp / (tp + fp) >= low_p, f"{cat} precision {tp}/{tp + fp}"
        if tp + fn:
            assert tp / (tp + fn) >= low_r, f"{cat} recall {tp}/{tp + fn}"
    spun = [(e, g) for _, c, e, g in scores["documents"] if c == "spun-document"]
    if "spun-document" in gaps:
        low_p, low_r = gaps["spun-document"]
        assert _ratio(spun, by="got") >= low_p and _ratio(spun, by="expected") >= low_r, spun
    else:
        assert all(e == g for e, g in spun), f"spun-document judgements {spun}"
    # Missing risk information is judged per file: the bar for unseen articles (0.75).
    risk = [(e, g) for _, c, e, g in scores["documents"] if c == "missing-risk-section"]
    low_p, low_r = gaps.get("missing-risk-section", (0.75, 0.75))
    assert _ratio(risk, by="got") >= low_p, f"missing-risk precision in {risk}"
    assert _ratio(risk, by="expected") >= low_r, f"missing-risk recall in {risk}"


def _ratio(judgements: list[tuple[bool, bool]], by: str) -> float:
    """Precision (``by="got"``) or recall (``by="expected"``) of (expected, got) document
    judgements; 1.0 when there is nothing to measure."""
    tp = sum(1 for e, g in judgements if e and g)
    total = sum(1 for e, g in judgements if (g if by == "got" else e))
    return tp / total if total else 1.0
