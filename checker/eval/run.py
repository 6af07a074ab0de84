"""Measure detection quality on labelled JSON Lines data, through the same code path users run.

Three formats (the format of a file is detected from its first record; `../shared/eval/README.md`
is the reference):

``pairs``: a claim against one reference fact::

    {"id": "...", "reference": "fact text", "claim": "claim text",
     "label": "contradiction | consistent | neutral", "kind": "date | number | other"}

The reference is loaded as a one-fact reference set and the claim checked as the
article text; the prediction is positive when a finding says the claim contradicts
that fact.

``documents``: contradictions inside one document::

    {"id": "...", "text": "the whole document", "exhaustive": false,
     "pairs": [{"a": "sentence", "b": "sentence", "label": "contradiction | consistent", "kind": "..."}]}

The text is checked with no reference set; a labelled pair is predicted positive when
one finding connects a location overlapping ``a`` with one overlapping ``b`` (either
order). Unlabelled findings are not scored, except in a record marked ``"exhaustive":
true``: there every finding that connects no labelled contradiction is a false alarm.

``probes``: one or two sentences against a whole reference set::

    {"id": "...", "text": "...", "label": "true | false", "fact_id": "fact a false probe contradicts",
     "kind": "date | ...", "group": "paraphrase | related | false-plain | false-hard",
     "references": "set.yml (relative to the JSONL file)"}

A true probe with any finding is a false alarm; a false probe is caught when a finding
relates it to ``fact_id``. Every finding of a probe is judged: right only when it relates
a false probe to its fact.

Metrics: for labelled pairs, overall and per ``kind``, precision, recall and F1 of the
contradiction class and balanced accuracy; for exhaustive documents and probes, every
finding judged (`checker.eval.metrics`).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.api import check_text
from checker.claims.cache import claim_cache
from checker.claims.parse import analyse
from checker.claims.sentences import split_blocks
from checker.eval.metrics import Counts, Judged, Rate, reliability, tally
from checker.eval.records import DOCUMENTS, PAIRS, PROBES, file_format, read_records
from checker.inputs.documents import document_from_text, prose
from checker.inputs.references import load_reference_sets, single_fact_set
from checker.model import Document, Finding, ReferenceSet, Report, Span
from checker.retrieval.embedder import Embedder, SentenceTransformerEmbedder
from checker.settings import Settings

__all__ = ["Counts", "FileResult", "connects", "evaluate_file", "read_records"]


@dataclass
class FileResult:
    file: str
    format: str
    records: int
    overall: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    seconds: float = 0.0
    exhaustive: int = 0  # documents whose every finding is judged
    judged: list[Judged] = field(default_factory=list)  # findings of exhaustive documents and probes
    probes: dict[str, dict[str, Rate]] = field(default_factory=dict)  # "true"/"false" -> group or kind -> Rate

    @property
    def judges_every_finding(self) -> bool:
        """Exhaustive documents and probes: every finding is judged right or a false alarm."""
        return bool(self.exhaustive) or self.format == PROBES

    @property
    def judged_documents(self) -> int:
        """How many documents the judged findings come from."""
        return self.exhaustive or (self.records if self.format == PROBES else 0)

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "file": self.file, "format": self.format, "records": self.records, "scored": self.overall.support,
            **self.overall.metrics(), "seconds": round(self.seconds, 1),
            "by_kind": {kind: {**c.metrics(), "support": c.support} for kind, c in sorted(self.by_kind.items())}}
        if self.format == PROBES:
            result["probes"] = {label: {name: rate.as_dict() for name, rate in sorted(rates.items())}
                                for label, rates in self.probes.items()}
        if self.judges_every_finding:
            result["findings"] = tally(self.judged, self.judged_documents)
            result["reliability"] = reliability(self.judged)
        return result


def _overlaps(span: Span, start: int, end: int) -> bool:
    return span.start < end and start < span.end


def _joins(finding: Finding, a: tuple[int, int], b: tuple[int, int]) -> bool:
    related = [e.span for e in finding.related if e.span is not None and e.reference_id is None]
    return any(_overlaps(finding.span, *here) and any(_overlaps(s, *there) for s in related)
               for here, there in ((a, b), (b, a)))


def connects(findings: Iterable[Finding], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Does one finding join a location overlapping `a` with one overlapping `b`?

    The finding's own location is one end and a related claim the other: two related
    claims of a third sentence's finding agree with each other, they are not joined.
    """
    return any(_joins(finding, a, b) for finding in findings)


def _judged(finding: Finding, right: bool, document: str) -> Judged:
    return Judged(rule=finding.rule, severity=finding.severity.label, confidence=finding.confidence, right=right,
                  score=finding.score, reference=any(e.reference_id is not None for e in finding.related),
                  document=document)


def _warm(texts: Sequence[str], statements: Sequence[str], embedder: Embedder, settings: Settings) -> None:
    """Analyse and embed every text and reference statement of the file in large batches first.

    Only caches are filled (spaCy's and the model's throughput need big batches); each
    record is then judged by the unchanged public `check_text`.
    """
    pieces: list[tuple[Document, str, Span]] = []
    for text in dict.fromkeys(texts):
        view = prose(document_from_text(text))
        pieces.extend((Document("", text), view.text, span) for span in split_blocks(view.text, view.blocks))
    # Reference statements are analysed whole, as the pipeline does.
    pieces.extend((Document("", s), s, Span(0, len(s))) for s in dict.fromkeys(statements))
    claims = analyse(pieces, cache=claim_cache(settings))
    embedder.encode(list(dict.fromkeys(c.text for c in claims)))


def _score_pair(result: FileResult, record: dict[str, Any], check: Callable[..., Report]) -> None:
    facts = single_fact_set(record["reference"], fact_id="reference")
    report = check(record["claim"], references=[facts])
    predicted = any(e.reference_id == "reference" for f in report.findings for e in f.related)
    gold = record["label"] == "contradiction"
    result.overall.add(gold, predicted)
    result.by_kind[record.get("kind", "other")].add(gold, predicted)


def _score_document(result: FileResult, record: dict[str, Any], check: Callable[..., Report]) -> None:
    text = record["text"]
    report = check(text)
    contradictions: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for pair in record["pairs"]:
        a_start, b_start = text.find(pair["a"]), text.find(pair["b"])
        if a_start < 0 or b_start < 0:
            continue
        a, b = (a_start, a_start + len(pair["a"])), (b_start, b_start + len(pair["b"]))
        gold = pair["label"] == "contradiction"
        if gold:
            contradictions.append((a, b))
        predicted = connects(report.findings, a, b)
        result.overall.add(gold, predicted)
        result.by_kind[pair.get("kind", "other")].add(gold, predicted)
    if record.get("exhaustive") is True:
        result.exhaustive += 1
        result.judged.extend(_judged(f, any(_joins(f, a, b) for a, b in contradictions), str(record.get("id")))
                             for f in report.findings)


def _score_probe(result: FileResult, record: dict[str, Any], check: Callable[..., Report],
                 references: Sequence[ReferenceSet]) -> None:
    report = check(record["text"], references=references)
    false = record["label"] == "false"
    fact_id = record.get("fact_id")

    def relates(finding: Finding) -> bool:
        return false and any(e.reference_id == fact_id for e in finding.related)

    result.judged.extend(_judged(f, relates(f), str(record.get("id"))) for f in report.findings)
    hit = any(relates(f) for f in report.findings) if false else bool(report.findings)
    rates = result.probes.setdefault("false" if false else "true", defaultdict(Rate))
    for name in ("all", f"group:{record.get('group', 'other')}", f"kind:{record.get('kind', 'other')}"):
        rates[name].add(hit)


def evaluate_file(path: str | Path, *, settings: Settings | None = None, embedder: Embedder | None = None,
                  limit: int | None = None, seed: int = 0,
                  progress: Callable[[int, int], None] | None = None) -> FileResult:
    records = read_records(path)
    if limit is not None and limit < len(records):
        records = random.Random(seed).sample(records, limit)
    fmt = file_format(records)
    result = FileResult(file=str(path), format=fmt, records=len(records))
    started = time.perf_counter()
    settings = settings or Settings()
    embedder = embedder or SentenceTransformerEmbedder(settings.model)
    sets: dict[str, tuple[ReferenceSet, ...]] = {}
    if fmt == PROBES:
        for name in dict.fromkeys(r["references"] for r in records):
            sets[name] = load_reference_sets([Path(path).parent / name])
    statements = [r["reference"] for r in records] if fmt == PAIRS else \
        [f.statement for group in sets.values() for s in group for f in s.facts]
    texts = [r["claim"] if fmt == PAIRS else r["text"] for r in records]
    _warm(texts, statements, embedder, settings)

    def check(text: str, references: Sequence[ReferenceSet] = ()) -> Report:
        return check_text(text, references=references, settings=settings, embedder=embedder)

    for done, record in enumerate(records, start=1):
        if fmt == PAIRS:
            _score_pair(result, record, check)
        elif fmt == DOCUMENTS:
            _score_document(result, record, check)
        else:
            _score_probe(result, record, check, sets[record["references"]])
        if progress is not None:
            progress(done, len(records))
    result.seconds = time.perf_counter() - started
    return result
