"""A disk cache of analysed prose blocks, so an unchanged article is re-checked without spaCy.

Parsing is the costliest step after embedding, and loading spaCy alone takes longer than
a whole cached check may. Each prose block's claims (sentences, values, anchors, frames)
are stored as JSON (never pickle) in `claims-v1.sqlite3` beside the embedding cache,
keyed by the SHA-256 of the analysis code's version and the block's exact text. The
version is a hash of the source of the modules that produce claims, so a changed
analysis never reads stale results. Like the embedding cache, it is an optimisation
only: any database error turns it off for the process and the check goes on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import sqlite3
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from checker.model import Anchor, Claim, Document, Entity, Span, Value, ValueKind

CACHE_FILE = "claims-v1.sqlite3"
_SCHEMA = "CREATE TABLE IF NOT EXISTS claims (key BLOB PRIMARY KEY, payload TEXT NOT NULL) WITHOUT ROWID"
_CHUNK = 500


@cache
def analysis_version() -> str:
    """Changes whenever the code that turns text into claims changes."""
    from checker import analysis, model, values

    digest = hashlib.sha256()
    for module in (analysis, model, values):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def block_key(original: str, masked: str) -> bytes:
    return hashlib.sha256(f"{analysis_version()}\x00{original}\x00{masked}".encode()).digest()


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def _unspan(raw: list[int] | None) -> Span | None:
    return None if raw is None else Span(raw[0], raw[1])


def _anchor(a: Anchor) -> dict[str, Any]:
    return {"head": a.head, "context": sorted(a.context), "phrase": _span(a.phrase),
            "subject": a.subject, "subjects": sorted(a.subjects), "objects": sorted(a.objects),
            "complements": sorted(a.complements), "modifiers": sorted(a.modifiers), "open": a.open_subject,
            "passive": a.passive}


def _unanchor(d: Mapping[str, Any]) -> Anchor:
    return Anchor(head=d["head"], context=frozenset(d["context"]),
                  phrase=_unspan(d["phrase"]), subject=d["subject"],
                  subjects=frozenset(d["subjects"]), objects=frozenset(d["objects"]),
                  complements=frozenset(d["complements"]), modifiers=frozenset(d["modifiers"]),
                  open_subject=d["open"], passive=d["passive"])


def _number(x: float) -> float | str:
    return x if math.isfinite(x) else ("inf" if x > 0 else "-inf")


def dump_claims(claims: Iterable[Claim]) -> str:
    rows = [{"span": _span(c.span), "text": c.text, "stems": sorted(c.stems), "negated": c.negated,
             "denied": sorted(c.denied),
             "values": [{"kind": v.kind.value, "span": _span(v.span), "text": v.text, "low": _number(v.low),
                         "high": _number(v.high), "unit": v.unit, "approximate": v.approximate} for v in c.values],
             "anchors": [_anchor(a) for a in c.anchors], "frames": [_anchor(a) for a in c.frames],
             "entities": [[e.text, e.label, e.span.start, e.span.end] for e in c.entities]} for c in claims]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def load_claims(payload: str, document: Document) -> tuple[Claim, ...]:
    claims = []
    for row in json.loads(payload):
        values = tuple(Value(ValueKind(v["kind"]), Span(*v["span"]), v["text"], float(v["low"]), float(v["high"]),
                             v["unit"], v["approximate"]) for v in row["values"])
        claims.append(Claim(document=document, span=Span(*row["span"]), text=row["text"], values=values,
                            anchors=tuple(_unanchor(a) for a in row["anchors"]),
                            entities=tuple(Entity(t, label, Span(s, e)) for t, label, s, e in row["entities"]),
                            stems=frozenset(row["stems"]), negated=row["negated"], denied=frozenset(row["denied"]),
                            frames=tuple(_unanchor(a) for a in row["frames"])))
    return tuple(claims)


class ClaimCache:
    """Block key -> serialised claims, in SQLite (WAL; each write one transaction)."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / CACHE_FILE
        self._db: sqlite3.Connection | None = None
        self._off = False

    def _open(self) -> sqlite3.Connection | None:
        if self._off:
            return None
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_SCHEMA)
                self._db = db
            except (sqlite3.Error, OSError):
                self._off = True
                return None
        return self._db

    def get(self, keys: Iterable[bytes]) -> dict[bytes, str]:
        db = self._open()
        wanted = list(dict.fromkeys(keys))
        if db is None or not wanted:
            return {}
        found: dict[bytes, str] = {}
        try:
            for i in range(0, len(wanted), _CHUNK):
                chunk = wanted[i:i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(db.execute(f"SELECT key, payload FROM claims WHERE key IN ({marks})", chunk))
        except sqlite3.Error:
            self._off = True
            return {}
        return found

    def put(self, rows: Mapping[bytes, str]) -> None:
        db = self._open()
        if db is None or not rows:
            return
        try:
            with contextlib.closing(db.cursor()) as cur:
                cur.execute("BEGIN IMMEDIATE")
                cur.executemany("INSERT OR REPLACE INTO claims (key, payload) VALUES (?, ?)", list(rows.items()))
                cur.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            self._off = True
