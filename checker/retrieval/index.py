"""Nearest-neighbour search over fact (or claim) embeddings, exact when small, approximate when large.

`FactIndex.build(vectors)` picks the index by size:

* up to `NUMPY_LIMIT` (1,024) rows, one matrix product in numpy: exact, and it spares a
  small run (an article against a reference set of dozens of facts) the import of faiss,
  which costs a fully cached re-check a tenth of its time;
* up to `EXACT_LIMIT` (50,000) rows, `faiss.IndexFlatIP`: exact, no build cost, and a
  query over 50,000 rows takes about 3 ms on one core;
* above, an inverted-file index over 8-bit scalar-quantised vectors
  (`IndexIVFScalarQuantizer`, inner product): nlist = 4 x sqrt(n) lists rounded to a
  power of two (4,096 for a million), trained by k-means on 40 x nlist evenly spread
  rows, searched with nprobe = max(32, nlist / 64) lists. Its candidates (4 x k, at
  least 40) are re-ranked with the exact float32 vectors, so the returned similarities
  are exact cosines. The index holds 1 byte per dimension instead of 4; an index loaded
  from disk reads the float32 rows it re-ranks from the file (pread), so it never holds
  them all in memory.

Measured by benchmarks/run.py (2 busy CPU cores; synthetic 384-dimensional vectors with
the covariance spectrum of MiniLM embeddings, benchmarks/synthetic.py): a million facts
build in about 90 s, take 0.4 GB once loaded (0.5 GB peak for a process that loads and
queries), answer a query in under 1 ms, and reach recall@10 of 0.9999 against exact
search; exact search over a million takes about 50 ms per query.

Why IVF and not HNSW: on the same million vectors HNSW (M=32, efConstruction=40)
reached recall@10 of only 0.94-0.96 at efSearch 128-256 (flat or SQ8 storage, 150-180 s
to build, 1.7 GB as IndexHNSWFlat), while IVF-SQ8 with re-ranking reached 0.999 from
nprobe 16, builds faster and is smaller; on real MiniLM embeddings of the ChatProtect
sentences both reach 0.99. Uniformly random vectors have no meaningful neighbours and
defeat every approximate index alike (recall@10 0.14 here).

Small searches run faiss on one thread (`SINGLE_THREAD_WORK`, `SINGLE_THREAD_QUERIES`):
with OpenMP's spinning barriers on busy cores, one query over 10,000 rows took 15 ms
with two threads and 0.3 ms with one.

`FactIndex.load_or_build(texts, embedder, cache_dir)` caches the index of a reference
set on disk, in `<cache dir>/indexes/<key>/`, keyed by a hash of the model identity,
the index parameters and the exact fact texts: `vectors.npy` (numpy.save with
allow_pickle=False), `index.faiss` (faiss.write_index; approximate indexes only) and
`meta.json`. A folder is written under a temporary name and renamed into place, so a
reader sees a complete index or none; a damaged one is rebuilt. Only sets of at least
`CACHE_MIN` texts are stored (smaller ones rebuild in milliseconds from the embedding
cache), and only the `KEEP_INDEXES` most recently used indexes are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.atomic import fsync_dir, fsync_file
from checker.retrieval.arrays import Ids, Matrix
from checker.retrieval.index_files import RowFile, map_npy, prune
from checker.settings import default_cache_dir

if TYPE_CHECKING:
    from checker.retrieval.embedder import Embedder

NUMPY_LIMIT = 1_024  # measured: numpy takes 0.17 s for 3,304 x 3,304, faiss 0.06 s (+0.04 s to import)
EXACT_LIMIT = 50_000
APPROXIMATE = "ivf-sq8"
TRAIN_PER_LIST = 40  # k-means training rows per list (faiss asks for at least 39)
RERANK_FACTOR = 4
RERANK_MIN = 40
CACHE_MIN = 1_000
SINGLE_THREAD_WORK = 50_000_000  # exact search: queries x rows
SINGLE_THREAD_QUERIES = 64  # approximate search: queries
KEEP_INDEXES = 8
FORMAT = 1
_QUERY_CHUNK = 256


def _params(kind: str, count: int) -> dict[str, int | str]:
    if kind == "flat":
        return {"kind": kind}
    return {"kind": kind, "nlist": n_lists(count), "train_per_list": TRAIN_PER_LIST, "rerank": RERANK_FACTOR,
            "rerank_min": RERANK_MIN}


def index_kind(count: int, exact_limit: int = EXACT_LIMIT) -> str:
    """"flat" (exact) up to `exact_limit` rows, "ivf-sq8" (approximate, re-ranked) above."""
    return "flat" if count <= exact_limit else APPROXIMATE


def n_lists(count: int) -> int:
    """IVF lists for `count` rows: 4 x sqrt(count) rounded to a power of two, at most count / 40."""
    import math

    wanted = int(2 ** round(math.log2(max(1.0, 4 * math.sqrt(count)))))
    return max(1, min(wanted, count // TRAIN_PER_LIST))


def n_probe(lists: int) -> int:
    """Lists searched per query: max(32, lists / 64), at most all of them."""
    return min(lists, max(32, lists // 64))


class FactIndex:
    """Embeddings of a fixed set of texts and a faiss index over them (inner product = cosine)."""

    def __init__(self, vectors: Matrix, index: Any, kind: str, *, rows: RowFile | None = None) -> None:
        self.vectors = vectors  # (n, dim) float32, in memory or memory-mapped
        self.index = index
        self.kind = kind
        self._rows = rows  # re-ranking reads rows from the file, when loaded from one
        self.warning: str | None = None  # set by load_or_build when the disk cache could not be used

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1]) if self.vectors.ndim == 2 else 0

    def row(self, j: int) -> Matrix:
        """The float32 vector of row `j` (read from the file when the index was loaded from one)."""
        import numpy as np

        found: Matrix = self._rows.take(np.array([j], dtype=np.int64))[0] if self._rows is not None \
            else np.asarray(self.vectors[j], dtype=np.float32)
        return found

    @property
    def exact(self) -> bool:
        return self.kind == "flat"

    @classmethod
    def build(cls, vectors: Matrix, *, exact_limit: int = EXACT_LIMIT) -> FactIndex:
        """An index over the rows of `vectors` (normalised float32), exact or approximate by size."""
        import numpy as np

        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            vectors = vectors.reshape(len(vectors), -1) if len(vectors) else np.zeros((0, 0), np.float32)
        kind = index_kind(len(vectors), exact_limit)
        return cls(vectors, _make_index(vectors, kind), kind)

    def search(self, queries: Matrix, k: int) -> tuple[Matrix, Ids]:
        """Cosine similarities and row ids of the k nearest rows for each query, best first.

        k is capped at the number of rows; an id of -1 (similarity -inf) marks a missing neighbour.
        """
        import numpy as np

        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if queries.ndim == 1:
            queries = queries.reshape(1, -1)
        k = max(0, min(k, len(self)))
        if k == 0 or len(queries) == 0 or self.index is None:
            return np.zeros((len(queries), k), np.float32), np.full((len(queries), k), -1, np.int64)
        if self.index is _NUMPY:
            return _exact_numpy(self.vectors, queries, k)
        if self.exact:
            with _threads(single=len(queries) * len(self) <= SINGLE_THREAD_WORK):
                sims, ids = self.index.search(queries, k)
            return sims, ids.astype(np.int64, copy=False)
        wide = min(len(self), max(RERANK_MIN, RERANK_FACTOR * k))
        self.index.nprobe = n_probe(int(self.index.nlist))
        out_sims = np.full((len(queries), k), -np.inf, np.float32)
        out_ids = np.full((len(queries), k), -1, np.int64)
        for start in range(0, len(queries), _QUERY_CHUNK):
            block = queries[start:start + _QUERY_CHUNK]
            with _threads(single=len(block) <= SINGLE_THREAD_QUERIES):
                _, candidates = self.index.search(block, wide)
            valid = candidates >= 0
            rows = np.where(valid, candidates, 0)
            # Exact similarities from the float32 vectors; rows are read in sorted order (kind to memory maps).
            flat = rows.reshape(-1)
            gathered = self._rows.take(flat) if self._rows is not None else np.asarray(self.vectors[flat])
            exact = np.einsum("qkd,qd->qk", gathered.reshape(len(block), wide, self.dim), block)
            exact = np.where(valid, exact, -np.inf)
            top = np.argsort(-exact, axis=1, kind="stable")[:, :k]
            out_sims[start:start + len(block)] = np.take_along_axis(exact, top, axis=1)
            out_ids[start:start + len(block)] = np.where(np.take_along_axis(valid, top, axis=1),
                                                         np.take_along_axis(candidates, top, axis=1), -1)
        return out_sims, out_ids

    # -- the disk cache -------------------------------------------------------------------------

    @staticmethod
    def key(texts: Sequence[str], identity: str, *, exact_limit: int = EXACT_LIMIT) -> str:
        """The cache key of an index: model identity, index parameters and the exact texts, in order."""
        digest = hashlib.sha256(f"checker-fact-index-v{FORMAT}\0{identity}\0".encode())
        digest.update(json.dumps(_params(index_kind(len(texts), exact_limit), len(texts)), sort_keys=True).encode())
        for text in texts:
            data = text.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little") + data)
        return digest.hexdigest()

    @classmethod
    def load_or_build(cls, texts: Sequence[str], embedder: Embedder, cache_dir: str | Path | None = None, *,
                      exact_limit: int = EXACT_LIMIT, cache_min: int = CACHE_MIN) -> FactIndex:
        """The index of `texts` (row i = texts[i]) from the disk cache, or embedded, built and stored.

        `cache_dir` None means `checker.retrieval.cache.default_cache_dir()`. A cache hit neither embeds
        nor loads the model. Disk problems never fail the call: the index is built in memory and
        `warning` says why it was not stored.
        """
        if len(texts) < cache_min:
            return cls.build(embedder.encode(texts) if texts else _empty(), exact_limit=exact_limit)
        root = (Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()) / "indexes"
        key = cls.key(texts, embedder.identity, exact_limit=exact_limit)
        folder = root / key[:40]
        if (folder / "meta.json").is_file():
            try:
                return cls.load(folder, key=key, count=len(texts))
            except (OSError, ValueError, KeyError, TypeError, RuntimeError):
                shutil.rmtree(folder, ignore_errors=True)  # damaged or foreign: rebuilt below
        built = cls.build(embedder.encode(texts), exact_limit=exact_limit)
        try:
            built.save(folder, key=key)
        except (OSError, RuntimeError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            built.warning = f"cannot store the reference index in {root} ({reason}); it will be rebuilt next time"
        else:
            prune(root, keep=KEEP_INDEXES)
        return built

    @classmethod
    def load(cls, folder: str | Path, *, key: str | None = None, count: int | None = None) -> FactIndex:
        """The index stored in `folder` by `save`; the float32 vectors stay memory-mapped.

        Raises OSError, ValueError or RuntimeError when the folder is incomplete, damaged, or
        does not match `key` / `count`.
        """
        import numpy as np

        folder = Path(folder)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        kind = meta["kind"]
        if meta.get("format") != FORMAT or kind not in ("flat", APPROXIMATE):
            raise ValueError("unknown index format")
        if (key is not None and meta.get("key") != key) or (count is not None and meta.get("count") != count):
            raise ValueError("index metadata does not match")
        vectors, offset = map_npy(folder / "vectors.npy")
        if vectors.shape != (meta["count"], meta["dim"]):
            raise ValueError("vectors do not match the metadata")
        if kind == "flat":
            vectors = np.array(vectors)  # small: in memory
            index = _make_index(vectors, kind)
        else:
            import faiss

            index = faiss.read_index(str(folder / "index.faiss"))
            if index.ntotal != meta["count"] or index.d != meta["dim"]:
                raise ValueError("faiss index does not match the metadata")
        with contextlib.suppress(OSError):  # a read-only cache still serves
            os.utime(folder / "meta.json")  # most recently used: kept by _prune
        rows = None
        if kind != "flat" and hasattr(os, "pread"):
            rows = RowFile(folder / "vectors.npy", offset, int(meta["dim"]))
        return cls(vectors, index, kind, rows=rows)

    def save(self, folder: str | Path, *, key: str = "") -> None:
        """Write the index to `folder`: files go to a temporary folder beside it, which is then renamed
        into place, so a reader sees a complete index or none. An existing complete index is kept."""
        import numpy as np

        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            with open(staging / "vectors.npy", "wb") as handle:
                np.save(handle, np.ascontiguousarray(self.vectors, dtype=np.float32), allow_pickle=False)
                handle.flush()
                os.fsync(handle.fileno())
            if not self.exact:
                import faiss

                faiss.write_index(self.index, str(staging / "index.faiss"))
                fsync_file(staging / "index.faiss")
            meta = {"format": FORMAT, "key": key, "count": len(self), "dim": self.dim, "kind": self.kind,
                    "params": _params(self.kind, len(self))}
            with open(staging / "meta.json", "w", encoding="utf-8") as handle:
                json.dump(meta, handle)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.replace(staging, folder)
            except OSError:
                if (folder / "meta.json").is_file():
                    return  # another process stored the same index first
                shutil.rmtree(folder, ignore_errors=True)  # a damaged leftover: replace it
                os.replace(staging, folder)
            fsync_dir(folder.parent)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


def _empty() -> Matrix:
    import numpy as np

    return np.zeros((0, 0), np.float32)


_NUMPY = "numpy"  # the "index" of a flat set searched by numpy (NUMPY_LIMIT)


def _exact_numpy(vectors: Matrix, queries: Matrix, k: int) -> tuple[Matrix, Ids]:
    """The k best rows per query by inner product, best first (ties: the lower row first)."""
    import numpy as np

    sims = queries @ np.asarray(vectors, dtype=np.float32).T
    if k < sims.shape[1]:
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        part.sort(axis=1)  # ties in row order, whatever argpartition left
    else:
        part = np.broadcast_to(np.arange(sims.shape[1]), sims.shape)
    best = np.take_along_axis(sims, part, axis=1)
    order = np.argsort(-best, axis=1, kind="stable")
    ids = np.take_along_axis(part, order, axis=1).astype(np.int64)
    return np.take_along_axis(best, order, axis=1).astype(np.float32), ids


def _make_index(vectors: Matrix, kind: str) -> Any:
    if len(vectors) == 0:
        return None
    if kind == "flat" and len(vectors) <= NUMPY_LIMIT:
        return _NUMPY
    import faiss
    import numpy as np

    dim = int(vectors.shape[1])
    index: Any
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return index
    lists = n_lists(len(vectors))
    quantizer = faiss.IndexFlatIP(dim)
    qt_8bit: Any = faiss.ScalarQuantizer.QT_8bit
    index = faiss.IndexIVFScalarQuantizer(quantizer, dim, lists, qt_8bit, faiss.METRIC_INNER_PRODUCT)
    sample_size = min(len(vectors), TRAIN_PER_LIST * lists)
    rows = np.linspace(0, len(vectors) - 1, sample_size).astype(np.int64)  # spread: input order may be topical
    index.train(np.ascontiguousarray(vectors[rows], dtype=np.float32))
    for start in range(0, len(vectors), 100_000):  # chunks: a memory-mapped input is never copied whole
        index.add(np.ascontiguousarray(vectors[start:start + 100_000], dtype=np.float32))
    index.nprobe = n_probe(lists)
    return index


@contextlib.contextmanager
def _threads(*, single: bool) -> Iterator[None]:
    """Run faiss on one OpenMP thread inside the block when `single`, restoring the count after."""
    if not single:
        yield
        return
    import faiss

    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)
