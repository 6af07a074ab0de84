"""Fit the confidence calibration of checker/judge/calibration.py; write checker/judge/data/calibration.json.

    .venv/bin/python -m training.fit_calibration [--eval ../shared/eval] [--output PATH]

Data (development split, `../shared/eval`): every finding on the files that judge every
finding, i.e. the exhaustive news documents (`documents/news-clean-dev.jsonl`,
`documents/news-plants-dev.jsonl`) and the probes against a reference set
(`probes/russia-ukraine-dev.jsonl`), each judged right or a false alarm by the rules of
`checker eval` (`checker.eval.run.evaluate_file`). Each finding's `score` (the rule's own,
before calibration) is the input; the checker runs with no info floor, so that every finding
is seen.

Model: logistic regression of "right" on the logit of the rule's score with an intercept and
a slope per rule and scope (article / reference): Platt scaling per score, since each rule's
score is on its own scale (a number finding inside an article scoring 0.93 is right far less
often than a date finding scoring 0.93). The per-group intercepts and slopes are penalised
towards the common ones (few findings per group; the penalty is the value of L2_GRID with
the lowest held-out ECE). Cross-validation: 5 folds by document; the
printed reliability table, expected calibration error and severity cuts are measured on the
held-out predictions only. The cuts: error = the lowest confidence, not below the warning
cut, above which held-out findings were right at least 9 times in 10 (at least 10 of them);
warning = 0.5, a finding more likely right than not; info = 0.15, a policy (a finding shown must have at least that
chance of being real), the floor below which nothing is reported. The final curve is fitted
on every finding. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from checker.eval.metrics import Judged, reliability
from checker.eval.run import evaluate_file
from checker.judge.calibration import ARTICLE, REFERENCE
from checker.judge.detectors import RULES
from checker.retrieval.embedder import SentenceTransformerEmbedder
from checker.settings import Settings
from training.logistic import fit, predict

ROOT = Path(__file__).resolve().parent.parent
FILES = ("documents/news-clean-dev.jsonl", "documents/news-plants-dev.jsonl", "probes/russia-ukraine-dev.jsonl")
GROUPS = tuple(f"{rule}/{scope}" for rule in RULES for scope in (ARTICLE, REFERENCE))
FOLDS = 5
MIN_ERRORS = 10
# A policy, not a fit: a finding shown must have at least this chance of being real (about one
# in seven). The script prints how often held-out findings below it were right.
INFO_FLOOR = 0.15
# A finding more likely right than not.
WARNING = 0.5
# How hard group intercepts are pulled to the common one: the value of this grid with the
# lowest held-out expected calibration error (so that figure is slightly optimistic: it also
# chose the value).
L2_GRID = (0.1, 0.3, 1.0, 3.0)


def _rows(eval_dir: Path) -> list[dict[str, Any]]:
    """One row per finding: group, score, right, and the document it came from, judged by `checker eval`."""
    # Every finding, however unsure (no info floor); each keeps the rule's own score.
    settings = Settings(info_confidence=0.0)
    embedder = SentenceTransformerEmbedder(settings.model)
    rows: list[dict[str, Any]] = []
    for name in FILES:
        result = evaluate_file(eval_dir / name, settings=settings, embedder=embedder)
        rows.extend({"group": f"{j.rule}/{REFERENCE if j.reference else ARTICLE}", "score": j.score, "right": j.right,
                     "document": f"{name}:{j.document}", "rule": j.rule} for j in result.judged)
    return rows


def _design(rows: list[dict[str, Any]]) -> Any:
    """Columns: bias, the common slope, an intercept per group, then a slope per group (each
    group's offsets from the common ones, penalised towards them)."""
    x = np.zeros((len(rows), 2 + 2 * len(GROUPS)))
    for i, row in enumerate(rows):
        score = min(max(row["score"], 1e-4), 1 - 1e-4)
        logit = math.log(score / (1 - score))
        group = GROUPS.index(row["group"])
        x[i, 0] = 1.0
        x[i, 1] = logit
        x[i, 2 + group] = 1.0
        x[i, 2 + len(GROUPS) + group] = logit
    return x


def _fit(rows: list[dict[str, Any]], l2: float) -> Any:
    y = np.array([float(r["right"]) for r in rows])
    return fit(_design(rows), y, l2=l2)


def _held_out(rows: list[dict[str, Any]], documents: list[str], l2: float) -> list[float]:
    """Each finding's confidence from a curve fitted without its document's fold."""
    fold_of = {d: i % FOLDS for i, d in enumerate(documents)}
    held_out = [0.0] * len(rows)
    for fold in range(FOLDS):
        beta = _fit([r for r in rows if fold_of[r["document"]] != fold], l2)
        test = [i for i, r in enumerate(rows) if fold_of[r["document"]] == fold]
        for i, p in zip(test, predict(_design([rows[i] for i in test]), beta), strict=True):
            held_out[i] = float(p)
    return held_out


def _cut(probabilities: list[float], right: list[bool], precision: float, least: int, floor: float) -> float:
    """The lowest confidence from `floor` up above which at least `least` findings were right
    `precision` of the time."""
    for step in range(round(floor * 100), 100):
        cut = step / 100
        above = [r for p, r in zip(probabilities, right, strict=True) if p >= cut]
        if len(above) >= least and sum(above) / len(above) >= precision:
            return cut
    return 1.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--output", type=Path, default=ROOT / "checker" / "judge" / "data" / "calibration.json")
    args = parser.parse_args(argv)
    rows = _rows(args.eval)
    documents = sorted({r["document"] for r in rows})
    right = [bool(r["right"]) for r in rows]
    tried = {l2: _held_out(rows, documents, l2) for l2 in L2_GRID}
    eces = {l2: reliability([Judged(r["rule"], "", p, r["right"]) for r, p in zip(rows, ps, strict=True)])["ece"]
            for l2, ps in tried.items()}
    l2 = min(L2_GRID, key=lambda x: (float(eces[x]), x))  # type: ignore[arg-type]
    held_out = tried[l2]
    print("shrinkage of the group intercepts, by held-out ECE: "
          + ", ".join(f"{x:g}: {eces[x]}" for x in L2_GRID) + f"; chosen {l2:g}")
    table = reliability([Judged(r["rule"], "", p, r["right"]) for r, p in zip(rows, held_out, strict=True)])
    # An error is never less sure than a warning: where the surest findings are right so often
    # that the error set would stay 90% precise even with findings below even odds in it, those
    # stay warnings (each is more likely wrong than right).
    cuts = {"error": _cut(held_out, right, 0.9, MIN_ERRORS, floor=WARNING), "warning": WARNING, "info": INFO_FLOOR}
    beta = _fit(rows, l2)
    intercepts = {group: round(float(beta[0] + beta[2 + i]), 4) for i, group in enumerate(GROUPS)}
    slopes = {group: round(float(beta[1] + beta[2 + len(GROUPS) + i]), 4) for i, group in enumerate(GROUPS)}
    raw = reliability([Judged(r["rule"], "", r["score"], r["right"]) for r in rows])
    print(f"{len(rows)} findings on {len(documents)} documents, {sum(right)} right")
    print(f"expected calibration error: rules' scores {raw['ece']}, calibrated (held out) {table['ece']}")
    for row in table["bins"]:  # type: ignore[attr-defined]
        if row["count"]:
            print(f"  {row['low']:.1f}-{row['high']:.1f}: {row['count']:4d} findings, "
                  f"mean {row['mean_confidence']:.3f}, right {row['share_right']:.3f}")
    for name, cut in cuts.items():
        above = [r for p, r in zip(held_out, right, strict=True) if p >= cut]
        below = [r for p, r in zip(held_out, right, strict=True) if p < cut]
        share_above, share_below = sum(above) / max(1, len(above)), sum(below) / max(1, len(below))
        print(f"cut {name}: {cut:.2f} (held out: {len(above)} findings at or above, right {share_above:.3f}; "
              f"{len(below)} below, right {share_below:.3f})")
    output = {"about": "Confidence calibration fitted by training/fit_calibration.py on the development files "
                       + ", ".join(FILES) + "; cuts measured on 5-fold held-out predictions.",
              "slope": round(float(beta[1]), 4), "intercepts": intercepts, "slopes": slopes, "cuts": cuts,
              "cross_validated": {"findings": len(rows), "ece": table["ece"], "l2": l2}}
    args.output.write_text(json.dumps(output, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
