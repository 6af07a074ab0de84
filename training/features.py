"""Build the scorer's training rows from labelled JSONL files (see ../shared/eval/README.md's formats).

Each row: the features of one pair of claims whose dates or numbers differ, the pair's label,
its kind, and a group id (records that share a base text share a group, so cross-validation
never tests on a text it trained on).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.claims.parse import analyse
from checker.claims.sentences import split_blocks
from checker.inputs.documents import document_from_text, prose
from checker.judge.detectors import date_mismatch, number_mismatch
from checker.judge.features import value_conflict
from checker.model import Claim, Document, Span, ValueKind
from checker.pipeline import candidate_pairs
from checker.retrieval.embedder import SentenceTransformerEmbedder
from checker.settings import Settings

KINDS = (ValueKind.DATE, ValueKind.NUMBER)
TYPED = {ValueKind.DATE: date_mismatch.typed, ValueKind.NUMBER: number_mismatch.typed}


@dataclass(frozen=True)
class Row:
    source: str
    group: str
    kind: str
    label: int  # 1 contradiction, 0 anything else
    weak: bool  # an unlabelled pair of the same text, taken as consistent
    features: tuple[float, ...]
    pair_kind: str = ""  # the labelled pair's own kind ("date", "number", "other"); "" for weak rows
    candidate: bool = True  # whether the checker's retrieval pairs the two claims at all


def _fired(a: Claim, b: Claim, sim: float, kind: ValueKind) -> bool:
    return any(not r.agree for r in TYPED[kind](a, b, sim))


def _claims(text: str) -> list[Claim]:
    document = document_from_text(text)
    view = prose(document)
    return analyse([(document, view.text, s) for s in split_blocks(view.text, view.blocks)])


def _rows(a: Claim, b: Claim, sim: float, **info: object) -> Iterator[Row]:
    """One row per kind of conflict the pair has: differing dates, differing numbers."""
    for kind in KINDS:
        conflict = value_conflict(a, b, kind, sim, rule_fired=_fired(a, b, sim, kind))
        if conflict is not None:
            yield Row(kind=kind.value, features=conflict.features.vector(), **info)  # type: ignore[arg-type]


def document_rows(path: Path, embedder: SentenceTransformerEmbedder, weak: bool) -> Iterator[Row]:
    """Rows of the labelled pairs, and with `weak` of the other candidate pairs of each base text."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen_weak: set[tuple[str, str]] = set()
    for record in records:
        text = record["text"]
        claims = _claims(text)
        if not claims:
            continue
        vectors = embedder.encode([c.text for c in claims])
        candidates = candidate_pairs(claims, vectors, Settings())
        for pair in record["pairs"]:
            base = text.replace(pair["b"], "", 1)  # the text as the model first wrote it
            group = hashlib.sha1(base.encode()).hexdigest()[:12]
            a0, b0 = text.find(pair["a"]), text.find(pair["b"])
            sa, sb = Span(a0, a0 + len(pair["a"])), Span(b0, b0 + len(pair["b"]))
            ia = [i for i, c in enumerate(claims) if c.span.overlaps(sa)]
            ib = [i for i, c in enumerate(claims) if c.span.overlaps(sb)]
            if not ia or not ib:
                continue
            i, j = ia[0], ib[0]
            label = int(pair["label"] == "contradiction")
            yield from _rows(claims[i], claims[j], float(vectors[i] @ vectors[j]), source=path.stem, group=group,
                             label=label, weak=False, pair_kind=pair["kind"],
                             candidate=(min(i, j), max(i, j)) in candidates)
            if weak:
                yield from _weak_rows(base, embedder, seen_weak, source=path.stem, group=group)


def _weak_rows(base: str, embedder: SentenceTransformerEmbedder, seen: set[tuple[str, str]],
               **info: str) -> Iterator[Row]:
    """Candidate pairs of the base text whose values differ, each text pair once, as consistent."""
    claims = _claims(base)
    if len(claims) < 2:
        return
    vectors = embedder.encode([c.text for c in claims])
    for (x, y), sim in candidate_pairs(claims, vectors, Settings()).items():
        key = (claims[x].text, claims[y].text)
        if key in seen:
            continue
        seen.add(key)
        yield from _rows(claims[x], claims[y], sim, label=0, weak=True, **info)


def exhaustive_rows(path: Path, embedder: SentenceTransformerEmbedder) -> Iterator[Row]:
    """Every candidate pair of each exhaustive document whose values differ: a contradiction when
    it is a labelled one, else consistent (published news, treated as clean; see ../shared/eval)."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        text = record["text"]
        claims = _claims(text)
        if len(claims) < 2:
            continue
        spans = []
        for pair in record["pairs"]:
            a0, b0 = text.find(pair["a"]), text.find(pair["b"])
            if a0 >= 0 and b0 >= 0 and pair["label"] == "contradiction":
                spans.append((Span(a0, a0 + len(pair["a"])), Span(b0, b0 + len(pair["b"])), pair["kind"]))
        vectors = embedder.encode([c.text for c in claims])
        for (x, y), sim in candidate_pairs(claims, vectors, Settings()).items():
            kinds = [k for sa, sb, k in spans if (claims[x].span.overlaps(sa) and claims[y].span.overlaps(sb))
                     or (claims[x].span.overlaps(sb) and claims[y].span.overlaps(sa))]
            yield from _rows(claims[x], claims[y], sim, source=path.stem, group=record["id"], label=int(bool(kinds)),
                             weak=False, pair_kind=kinds[0] if kinds else "")


def pair_rows(path: Path, embedder: SentenceTransformerEmbedder) -> Iterator[Row]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        fact = analyse([(Document("ref", record["reference"]), record["reference"],
                         Span(0, len(record["reference"])))], reference_ids=["ref"])
        claims = _claims(record["claim"])
        if not fact or not claims:
            continue
        vectors = embedder.encode([c.text for c in claims] + [f.text for f in fact])
        group = hashlib.sha1(record["reference"][:300].encode()).hexdigest()[:12]
        label = int(record["label"] == "contradiction")
        seen = False
        for i, claim in enumerate(claims):
            for j, f in enumerate(fact):
                sim = float(vectors[i] @ vectors[len(claims) + j])
                for row in _rows(claim, f, sim, source=path.stem, group=group, label=label, weak=False):
                    if not seen:
                        seen = True
                        yield row
