"""`checker eval`: both formats scored through the public pipeline, metrics computed exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
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
    a, b = "Merkel was born in Hamburg in 1954.", "Angela Merkel was born in 1956 in Hamburg."
    c = "She studied physics in Leipzig."
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

