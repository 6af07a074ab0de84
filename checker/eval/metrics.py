"""The figures `checker eval` reports: pair metrics, every finding judged, and calibration.

- `Counts`: a confusion matrix over labelled pairs; precision, recall and F1 of the
  contradiction class and balanced accuracy ((TPR + TNR) / 2).
- `Judged`: one finding of an exhaustive document or a probe, right or a false alarm.
  `tally` counts them per rule and severity, per 100 documents, with precision over all.
- `Rate`: how many of some records something happened to (false alarms on true probes,
  false probes caught).
- `reliability`: the judged findings in 10 confidence bins (count, mean confidence, share
  right) and the expected calibration error, sum over bins of (count / total) x
  |share right - mean confidence|.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BINS = 10


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif gold:
            self.fn += 1
        elif predicted:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def support(self) -> int:
        return self.tp + self.fp + self.tn + self.fn

    def metrics(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        tnr = self.tn / (self.tn + self.fp) if self.tn + self.fp else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                "balanced_accuracy": round((recall + tnr) / 2, 4)}


@dataclass(frozen=True, slots=True)
class Judged:
    """One finding, judged against exhaustive labels: right, or a false alarm."""

    rule: str
    severity: str
    confidence: float
    right: bool
    score: float = 0.0  # the rule's own score, before calibration (what training/fit_calibration.py fits)
    reference: bool = False  # it relates a reference fact
    document: str = ""  # the record it came from (cross-validation folds by document)


@dataclass
class Rate:
    """Of `total` records, `hits` had it happen."""

    total: int = 0
    hits: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += int(hit)

    def as_dict(self) -> dict[str, float]:
        return {"total": self.total, "hits": self.hits, "rate": round(self.hits / self.total, 4) if self.total else 0.0}


def _per_100(count: int, documents: int) -> float:
    return round(100 * count / documents, 2) if documents else 0.0


def _group(judged: Sequence[Judged], documents: int) -> dict[str, float]:
    alarms = sum(1 for j in judged if not j.right)
    return {"findings": len(judged), "false_alarms": alarms, "findings_per_100": _per_100(len(judged), documents),
            "false_alarms_per_100": _per_100(alarms, documents),
            "precision": round((len(judged) - alarms) / len(judged), 4) if judged else 0.0}


def tally(judged: Sequence[Judged], documents: int) -> dict[str, object]:
    """Findings and false alarms per 100 documents, overall, by rule and by severity, and precision."""
    by_rule: dict[str, list[Judged]] = defaultdict(list)
    by_severity: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        by_rule[j.rule].append(j)
        by_severity[j.severity].append(j)
    return {"documents": documents, **_group(judged, documents),
            "by_rule": {rule: _group(found, documents) for rule, found in sorted(by_rule.items())},
            "by_severity": {severity: _group(found, documents) for severity, found in sorted(by_severity.items())}}


def reliability(judged: Iterable[Judged], bins: int = BINS) -> dict[str, object]:
    """The findings in `bins` equal confidence bins ([0, 0.1), ..., [0.9, 1.0]) and the expected calibration error."""
    rows: list[list[Judged]] = [[] for _ in range(bins)]
    for j in judged:
        rows[min(bins - 1, max(0, int(j.confidence * bins)))].append(j)
    total = sum(len(row) for row in rows)
    table = []
    ece = 0.0
    for i, row in enumerate(rows):
        mean = sum(j.confidence for j in row) / len(row) if row else 0.0
        share = sum(j.right for j in row) / len(row) if row else 0.0
        ece += len(row) / total * abs(share - mean) if total else 0.0
        table.append({"low": round(i / bins, 2), "high": round((i + 1) / bins, 2), "count": len(row),
                      "mean_confidence": round(mean, 4), "share_right": round(share, 4)})
    return {"findings": total, "bins": table, "ece": round(ece, 4)}
