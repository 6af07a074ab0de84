"""Measure detection quality on labelled JSON Lines data, through the same code path users run.

Two formats (the format of a file is detected from its first record):

``pairs``: a claim against one reference fact::

    {"id": "...", "reference": "fact text", "claim": "claim text",
     "label": "contradiction | consistent | neutral", "kind": "date | number | other"}

The reference is loaded as a one-fact reference set and the claim checked as the
article text; the prediction is positive when a finding says the claim contradicts
that fact.

``documents``: contradictions inside one document::

    {"id": "...", "text": "the whole document",
     "pairs": [{"a": "sentence", "b": "sentence", "label": "contradiction | consistent", "kind": "..."}]}

The text is checked with no reference set; a labelled pair is predicted positive when
one finding connects a location overlapping ``a`` with one overlapping ``b`` (either
order). Unlabelled findings are not scored.

Metrics, overall and per ``kind``: precision, recall and F1 of the contradiction class,
and balanced accuracy ((TPR + TNR) / 2).
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.api import check_text
from checker.claims.cache import claim_cache
from checker.claims.parse import analyse
from checker.claims.sentences import split_blocks
from checker.errors import InputError
from checker.inputs.documents import document_from_text, prose
from checker.inputs.references import single_fact_set
from checker.model import Document, Finding, Span
from checker.retrieval.embedder import Embedder, SentenceTransformerEmbedder
from checker.settings import Settings


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


@dataclass
class FileResult:
    file: str
    format: str
    records: int
    overall: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "format": self.format, "records": self.records,
                "scored": self.overall.support, **self.overall.metrics(), "seconds": round(self.seconds, 1),
                "by_kind": {kind: {**c.metrics(), "support": c.support} for kind, c in sorted(self.by_kind.items())}}


def read_records(path: str | Path) -> list[dict[str, Any]]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON: {exc.msg}", path=str(path), line=number, column=exc.colno) from None
            if not isinstance(record, dict) or not ({"claim", "reference"} <= record.keys() or "pairs" in record):
                raise InputError("a record needs 'reference' and 'claim', or 'text' and 'pairs'", path=str(path),
                                 line=number, column=1)
            records.append(record)
    return records


def _overlaps(span: Span, start: int, end: int) -> bool:
    return span.start < end and start < span.end


def connects(findings: Iterable[Finding], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Does one finding join a location overlapping `a` with one overlapping `b`?

    The finding's own location is one end and a related claim the other: two related
    claims of a third sentence's finding agree with each other, they are not joined.
    """
    for finding in findings:
        related = [e.span for e in finding.related if e.span is not None and e.reference_id is None]
        for here, there in ((a, b), (b, a)):
            if _overlaps(finding.span, *here) and any(_overlaps(s, *there) for s in related):
                return True
    return False


def _warm(records: list[dict[str, Any]], fmt: str, embedder: Embedder, settings: Settings) -> None:
    """Analyse and embed every text of the file in large batches before scoring record by record.

    Only caches are filled (spaCy's and the model's throughput need big batches); each
    record is then judged by the unchanged public `check_text`.
    """
    texts = [r["text"] for r in records] if fmt == "documents" else [t for r in records
                                                                     for t in (r["claim"], r["reference"])]
    pieces: list[tuple[Document, str, Span]] = []
    for text in dict.fromkeys(texts):
        view = prose(document_from_text(text))
        pieces.extend((Document("", text), view.text, span) for span in split_blocks(view.text, view.blocks))
    if fmt == "pairs":  # reference statements are analysed whole, as the pipeline does
        pieces.extend((Document("", r["reference"]), r["reference"], Span(0, len(r["reference"]))) for r in records)
    claims = analyse(pieces, cache=claim_cache(settings))
    embedder.encode(list(dict.fromkeys(c.text for c in claims)))


def evaluate_file(path: str | Path, *, settings: Settings | None = None, embedder: Embedder | None = None,
                  limit: int | None = None, seed: int = 0,
                  progress: Callable[[int, int], None] | None = None) -> FileResult:
    records = read_records(path)
    if limit is not None and limit < len(records):
        records = random.Random(seed).sample(records, limit)
    fmt = "documents" if records and "pairs" in records[0] else "pairs"
    result = FileResult(file=str(path), format=fmt, records=len(records))
    started = time.perf_counter()
    embedder = embedder or SentenceTransformerEmbedder(settings.model if settings else None)
    _warm(records, fmt, embedder, settings or Settings())
    for done, record in enumerate(records, start=1):
        if fmt == "pairs":
            facts = single_fact_set(record["reference"], fact_id="reference")
            report = check_text(record["claim"], references=[facts], settings=settings, embedder=embedder)
            predicted = any(e.reference_id == "reference" for f in report.findings for e in f.related)
            gold = record["label"] == "contradiction"
            result.overall.add(gold, predicted)
            result.by_kind[record.get("kind", "other")].add(gold, predicted)
        else:
            text = record["text"]
            report = check_text(text, settings=settings, embedder=embedder)
            for pair in record["pairs"]:
                a_start, b_start = text.find(pair["a"]), text.find(pair["b"])
                if a_start < 0 or b_start < 0:
                    continue
                predicted = connects(report.findings, (a_start, a_start + len(pair["a"])),
                                     (b_start, b_start + len(pair["b"])))
                gold = pair["label"] == "contradiction"
                result.overall.add(gold, predicted)
                result.by_kind[pair.get("kind", "other")].add(gold, predicted)
        if progress is not None:
            progress(done, len(records))
    result.seconds = time.perf_counter() - started
    return result
