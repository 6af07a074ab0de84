"""`checker eval`: both formats scored through the public pipeline, metrics computed exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.eval.metrics import Judged, reliability, tally
from checker.eval.run import Counts, evaluate_file, read_records


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_counts_metrics() -> None:
    counts = Counts(tp=3, fp=1, tn=4, fn=2)
    assert counts.metrics() == {"precision": 0.75, "recall": 0.6, "f1": 0.6667, "balanced_accuracy": 0.7}
    assert Counts().metrics() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "balanced_accuracy": 0.0}


def test_pairs_format(tmp_path: Path, embedder: Any) -> None:
    path = _write(tmp_path / "p.jsonl", [
        {"id": "1", "reference": "Russia annexed Crimea in March 2014.", "claim": "Russia annexed Crimea in 2016.",
         "label": "contradiction", "kind": "date"},
        {"id": "2", "reference": "Russia annexed Crimea in March 2014.", "claim": "Russia annexed Crimea in 2014.",
         "label": "consistent", "kind": "date"},
        {"id": "3", "reference": "The bridge is 19 km long.", "claim": "The bridge opened in 2018.",
         "label": "neutral", "kind": "other"},
    ])
    result = evaluate_file(path, embedder=embedder).as_dict()
    assert (result["format"], result["records"], result["scored"]) == ("pairs", 3, 3)
    assert (result["precision"], result["recall"], result["balanced_accuracy"]) == (1.0, 1.0, 1.0)
    assert result["by_kind"]["date"]["support"] == 2
    assert result["by_kind"]["other"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "balanced_accuracy": 0.5,
                                          "support": 1}


def test_documents_format(tmp_path: Path, embedder: Any) -> None:
    a, b = "Varnholt was born in Grenzau in 1961.", "Ilse Varnholt was born in 1963 in Grenzau."
    c = "She studied geology in Dornfeld."
    path = _write(tmp_path / "d.jsonl", [
        {"id": "1", "text": f"{a} {b} {c}", "pairs": [
            {"a": a, "b": b, "label": "contradiction", "kind": "date"},
            {"a": a, "b": c, "label": "consistent", "kind": "other"}]},
    ])
    result = evaluate_file(path, embedder=embedder).as_dict()
    assert (result["format"], result["records"], result["scored"]) == ("documents", 1, 2)
    assert (result["precision"], result["recall"]) == (1.0, 1.0)


def test_limit_and_seed_take_a_reproducible_sample(tmp_path: Path, embedder: Any) -> None:
    records = [{"id": str(i), "reference": f"The tower is {i} metres tall.", "claim": f"The tower is {i} metres tall.",
                "label": "consistent", "kind": "number"} for i in range(10, 30)]
    path = _write(tmp_path / "p.jsonl", records)
    first = evaluate_file(path, embedder=embedder, limit=5, seed=3).as_dict()
    again = evaluate_file(path, embedder=embedder, limit=5, seed=3).as_dict()
    assert first["records"] == 5
    assert {k: v for k, v in first.items() if k != "seconds"} == {k: v for k, v in again.items() if k != "seconds"}


def test_bad_record_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "reference": "a", "claim": "b", "label": "consistent"}\n{"id": 2\n')
    with pytest.raises(InputError) as err:
        read_records(path)
    assert str(err.value) == f"{path}:2:9: invalid JSON: Expecting ',' delimiter"



def test_reliability_bins_and_calibration_error() -> None:
    judged = [Judged("date-mismatch", "error", 0.95, True), Judged("date-mismatch", "error", 0.95, False),
              Judged("number-mismatch", "warning", 0.35, False), Judged("number-mismatch", "error", 1.0, True)]
    figures = reliability(judged)
    bins = {row["low"]: row for row in figures["bins"] if row["count"]}
    assert list(bins) == [0.3, 0.9]
    assert bins[0.9] == {"low": 0.9, "high": 1.0, "count": 3, "mean_confidence": 0.9667, "share_right": 0.6667}
    # (3/4) x |0.6667 - 0.9667| + (1/4) x |0 - 0.35|
    assert figures["ece"] == 0.3125
    counted = tally(judged, documents=8)
    assert (counted["findings"], counted["false_alarms"], counted["precision"]) == (4, 2, 0.5)
    assert counted["by_rule"]["number-mismatch"] == {"findings": 2, "false_alarms": 1, "findings_per_100": 25.0,
                                                     "false_alarms_per_100": 12.5, "precision": 0.5}
    assert counted["by_severity"]["warning"]["false_alarms_per_100"] == 12.5


def test_exhaustive_documents_judge_every_finding(tmp_path: Path, embedder: Any) -> None:
    slip_a, slip_b = "The Larkfield dam was finished in 1961.", "The Larkfield dam was finished in 1967."
    other_a, other_b = "The Osterby canal opened in 1902.", "The Osterby canal opened in 1908."
    path = _write(tmp_path / "news.jsonl", [
        {"id": "1", "text": f"{slip_a}\n\n{slip_b}\n\n{other_a}\n\n{other_b}\n", "exhaustive": True,
         "pairs": [{"a": slip_a, "b": slip_b, "label": "contradiction", "kind": "date"}]},
        {"id": "2", "text": "The Brenmouth ferry carries 40 cars. The weather was mild.\n", "exhaustive": True,
         "pairs": []},
    ])
    result = evaluate_file(path, embedder=embedder).as_dict()
    assert (result["format"], result["scored"], result["recall"]) == ("documents", 1, 1.0)
    findings = result["findings"]
    assert (findings["documents"], findings["findings"], findings["false_alarms"]) == (2, 2, 1)
    assert findings["by_rule"]["date-mismatch"]["false_alarms_per_100"] == 50.0
    assert result["reliability"]["findings"] == 2


def test_probes_count_false_alarms_and_catches(tmp_path: Path, embedder: Any) -> None:
    (tmp_path / "set.yml").write_text(
        "name: towers\ndescription: invented\nfacts:\n"
        "  - id: quellin-tower-1932\n    statement: The Quellin Tower was completed in 1932.\n"
        "    sources: [https://example.org/quellin]\n", encoding="utf-8")
    probe = {"references": "set.yml", "group": "false-plain", "kind": "date"}
    path = _write(tmp_path / "probes.jsonl", [
        {"id": "t1", "text": "The Quellin Tower was completed in 1932.", "label": "true", "fact_id": None,
         **probe, "group": "paraphrase"},
        {"id": "f1", "text": "The Quellin Tower was completed in 1951.", "label": "false",
         "fact_id": "quellin-tower-1932", **probe},
        {"id": "f2", "text": "The weather over the harbour was mild.", "label": "false",
         "fact_id": "quellin-tower-1932", **probe},
    ])
    result = evaluate_file(path, embedder=embedder).as_dict()
    assert result["format"] == "probes"
    assert result["probes"]["true"]["all"] == {"total": 1, "hits": 0, "rate": 0.0}
    assert result["probes"]["false"]["all"] == {"total": 2, "hits": 1, "rate": 0.5}
    assert result["probes"]["false"]["kind:date"]["hits"] == 1
    assert (result["findings"]["findings"], result["findings"]["precision"]) == (1, 1.0)


def test_a_file_may_not_mix_formats(tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.jsonl", [
        {"id": "1", "reference": "a", "claim": "b", "label": "consistent"},
        {"id": "2", "text": "c", "pairs": []},
    ])
    with pytest.raises(InputError) as err:
        read_records(path)
    assert str(err.value) == f"{path}:2:1: a documents record in a file of pairs records"
