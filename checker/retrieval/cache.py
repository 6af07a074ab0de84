"""A disk cache of sentence embeddings, shared by runs, repositories and concurrent processes.

One SQLite file, `embeddings-v1.sqlite3`, in the user cache folder
(`platformdirs.user_cache_dir("checker")`), or in `$CHECKER_CACHE_DIR` when set, or in
a folder the caller names. A row is one sentence embedding, keyed by the model's
identity and the SHA-256 of the exact text; the vector is stored as little-endian
float32 bytes (no pickle):

    embeddings(model TEXT, text_hash BLOB, dim INTEGER, vector BLOB, PRIMARY KEY (model, text_hash))

The file is in WAL mode with a busy timeout, and every write is one transaction, so two
CI jobs can share it and an interrupted run leaves it as it was before the transaction.
The cache is an optimisation only: when the file cannot be opened, is not a database,
or fails later, the cache turns itself off for the rest of the process and keeps one
warning in `warning`, which the command line may print; the check itself goes on.
Entries are never evicted; deleting the file (or `clear()`) empties the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.atomic import unusable_cache, when_unlocked
from checker.settings import default_cache_dir

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]
else:
    Vector = Any

CACHE_FILE = "embeddings-v1.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 30.0
_CHUNK = 500  # host parameters per SELECT, well under SQLite's limit

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    text_hash BLOB NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID
"""


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction (the connection is in autocommit mode): committed, or rolled back on failure."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


def text_key(text: str) -> bytes:
    """The SHA-256 digest of a text's UTF-8 bytes: the cache key of its embedding."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class EmbeddingCache:
    """Sentence embeddings on disk, keyed by (model identity, exact text).

    Nothing is opened until the first lookup, so creating a cache costs nothing. All
    methods are safe to call from several threads; several processes may share the file.
    """

    def __init__(self, directory: str | Path | None = None, *, filename: str = CACHE_FILE) -> None:
        self.directory = Path(directory).expanduser() if directory is not None else default_cache_dir()
        self.path = self.directory / filename
        self.warning: str | None = None  # set once, when the cache turns itself off
        self.damaged = 0  # rows read that could not be an embedding, treated as misses
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._disabled = False

    def __repr__(self) -> str:
        return f"EmbeddingCache({str(self.path)!r})"

    @property
    def enabled(self) -> bool:
        """False once the cache has failed; lookups then find nothing and writes do nothing."""
        return not self._disabled

    def get(self, model: str, texts: Iterable[str], dim: int | None = None,
            unit: bool = False) -> dict[str, Vector]:
        """The cached vectors of those texts that have one, by text.

        A row that cannot be this model's embedding (another size than `dim`, a value that is
        not finite, not of unit length where `unit` says vectors are normalised) is a miss,
        counted in `damaged`: a cache restored from another run (a CI cache a pull request can
        write) must not make a failing check pass.
        """

        by_key: dict[bytes, list[str]] = {}
        for text in texts:
            by_key.setdefault(text_key(text), []).append(text)
        found: dict[str, Vector] = {}
        if not by_key:
            return found
        keys = list(by_key)
        with self._lock:
            db = self._open()
            if db is None:
                return found
            try:
                for start in range(0, len(keys), _CHUNK):
                    chunk = keys[start:start + _CHUNK]
                    rows = db.execute(
                        "SELECT text_hash, dim, vector FROM embeddings WHERE model = ? AND text_hash IN "
                        f"({', '.join('?' * len(chunk))})", [model, *chunk]).fetchall()
                    for key, size, blob in rows:
                        vector = _vector(blob, size, dim, unit)
                        if vector is None:
                            self.damaged += 1  # a miss; the fresh vector will not replace the row
                            continue
                        for text in by_key.get(bytes(key), ()):
                            found[text] = vector
            except sqlite3.Error as exc:
                self._fail(exc)
                return {}
        return found

    def put(self, model: str, vectors: Mapping[str, Vector]) -> None:
        """Store vectors in one transaction; a text already cached keeps its row."""
        import numpy as np

        if not vectors:
            return
        rows = []
        for text, vector in vectors.items():
            flat = np.ascontiguousarray(vector, dtype="<f4").reshape(-1)
            rows.append((model, text_key(text), int(flat.shape[0]), flat.tobytes()))
        self._write(lambda db: db.executemany("INSERT OR IGNORE INTO embeddings (model, text_hash, dim, vector) "
                                              "VALUES (?, ?, ?, ?)", rows))

    def count(self, model: str | None = None) -> int:
        """How many vectors are cached (for one model, or for all)."""
        with self._lock:
            db = self._open()
            if db is None:
                return 0
            try:
                if model is None:
                    row = db.execute("SELECT COUNT(*) FROM embeddings").fetchone()
                else:
                    row = db.execute("SELECT COUNT(*) FROM embeddings WHERE model = ?", (model,)).fetchone()
            except sqlite3.Error as exc:
                self._fail(exc)
                return 0
        return int(row[0])

    def vectors(self, model: str, limit: int | None = None) -> list[Vector]:
        """Cached vectors of one model, in no particular order (for benchmarks and diagnostics)."""
        import numpy as np

        with self._lock:
            db = self._open()
            if db is None:
                return []
            try:
                rows = db.execute("SELECT dim, vector FROM embeddings WHERE model = ? LIMIT ?",
                                  (model, -1 if limit is None else limit)).fetchall()
            except sqlite3.Error as exc:
                self._fail(exc)
                return []
        return [np.frombuffer(blob, dtype="<f4").astype(np.float32) for dim, blob in rows if len(blob) == 4 * dim]

    def clear(self) -> None:
        """Delete every cached vector."""
        self._write(lambda db: db.execute("DELETE FROM embeddings"))

    def _write(self, action: Callable[[sqlite3.Connection], object]) -> None:
        """Run `action` in one write transaction; a database error turns the cache off."""
        with self._lock:
            db = self._open()
            if db is None:
                return
            try:
                with _transaction(db):
                    action(db)
            except sqlite3.Error as exc:
                self._fail(exc)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._connection.close()
                self._connection = None

    def _open(self) -> sqlite3.Connection | None:
        """The connection, opened and checked on first use; None once the cache is off."""
        if self._disabled:
            return None
        if self._connection is not None:
            return self._connection
        db: sqlite3.Connection | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE ... COMMIT).
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                 check_same_thread=False)
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            when_unlocked(lambda: _prepare(db), BUSY_TIMEOUT_S)
        except (sqlite3.Error, OSError) as exc:
            if db is not None:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            self._fail(exc)
            return None
        self._connection = db
        return db

    def _fail(self, exc: BaseException) -> None:
        self.warning = unusable_cache("embedding cache", self.path, exc)
        self._disabled = True
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None


def _vector(blob: object, size: object, dim: int | None, unit: bool) -> Vector | None:
    """The row's vector, or None when it cannot be an embedding of `dim` values (of unit length
    where `unit`)."""
    import numpy as np

    if not isinstance(blob, bytes) or not isinstance(size, int) or len(blob) != 4 * size or size == 0 or (
            dim is not None and size != dim):
        return None
    vector = np.frombuffer(blob, dtype="<f4").astype(np.float32)
    if not np.isfinite(vector).all() or (unit and abs(float(np.dot(vector, vector)) - 1.0) > 1e-2):
        return None
    return vector


def _prepare(db: sqlite3.Connection) -> None:
    """Check the file is this cache's, switch it to WAL mode, create the table on first use."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])  # fails here if not a database
    if version not in (0, SCHEMA_VERSION):
        raise sqlite3.DatabaseError(f"unknown cache schema version {version}")
    mode = str(db.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
    if mode != "wal":
        raise sqlite3.DatabaseError(f"cannot switch to WAL mode (journal mode is {mode})")
    db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable enough for a cache, never corrupt
    if version == 0:
        with _transaction(db):
            db.execute(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.execute("SELECT model, text_hash, dim, vector FROM embeddings LIMIT 0").fetchall()


_shared: dict[Path, EmbeddingCache] = {}
_shared_lock = threading.Lock()


def shared_cache(directory: str | Path | None = None) -> EmbeddingCache:
    """One EmbeddingCache per folder per process (the default folder when None)."""
    folder = Path(directory).expanduser() if directory is not None else default_cache_dir()
    with _shared_lock:
        cache = _shared.get(folder)
        if cache is None:
            cache = _shared[folder] = EmbeddingCache(folder)
        return cache


def unique(texts: Sequence[str]) -> list[str]:
    """The texts in first-seen order, each once."""
    return list(dict.fromkeys(texts))
