"""FactIndex: exact and approximate search, the on-disk index cache and its atomic writes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from checker.retrieval import index as index_module
from checker.retrieval.candidates import neighbours
from checker.retrieval.index import FactIndex

Array = np.ndarray[Any, np.dtype[np.float32]]


def clustered(n: int, dim: int = 32, seed: int = 0, centres_seed: int = 99) -> Array:
    centres = np.random.default_rng(centres_seed).standard_normal((max(4, n // 50), dim))
    rng = np.random.default_rng(seed)
    x = centres[rng.integers(0, len(centres), n)] + 0.5 * rng.standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def exact_ids(base: Array, queries: Array, k: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    return np.argsort(-(queries @ base.T), axis=1, kind="stable")[:, :k]


class CountingEmbedder:
    identity = "fake-model@1"

    def __init__(self, dim: int = 16) -> None:
        self.dim = dim
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> Array:
        self.calls += 1
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(self.dim) for t in texts]
        x = np.stack(rows).astype(np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_exact_index_matches_brute_force() -> None:
    base, queries = clustered(500), clustered(20, seed=1)
    index = FactIndex.build(base)
    assert index.exact and len(index) == 500
    sims, ids = index.search(queries, 10)
    np.testing.assert_array_equal(ids, exact_ids(base, queries, 10))
    np.testing.assert_allclose(sims, np.take_along_axis(queries @ base.T, ids, axis=1), rtol=1e-5, atol=1e-6)


def test_approximate_recall_against_exact() -> None:
    base, queries = clustered(4000), clustered(200, seed=1)
    approx = FactIndex.build(base, exact_limit=100)  # force the approximate path
    assert not approx.exact and approx.kind == "ivf-sq8"
    sims, ids = approx.search(queries, 10)
    truth = exact_ids(base, queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, truth, strict=True)])
    assert recall >= 0.95, recall
    # Similarities are exact cosines of the returned rows (re-ranked with the float32 vectors), best first.
    np.testing.assert_allclose(sims, np.einsum("qkd,qd->qk", base[ids], queries), rtol=1e-5, atol=1e-6)
    assert np.all(np.diff(sims, axis=1) <= 1e-7)


def test_k_is_capped_and_empty_index() -> None:
    base = clustered(3)
    sims, ids = FactIndex.build(base).search(base, 10)
    assert ids.shape == (3, 3) and list(ids[:, 0]) == [0, 1, 2]
    empty = FactIndex.build(np.zeros((0, 0), np.float32))
    sims, ids = empty.search(base, 5)
    assert sims.shape == (3, 0) and ids.shape == (3, 0)
    sims, ids = FactIndex.build(clustered(200)).search(np.zeros((0, 32), np.float32), 5)
    assert ids.shape == (0, 5)


def test_neighbours_still_exact_for_small_sets() -> None:
    base = clustered(300)
    _sims, ids = neighbours(base, base, 6)
    np.testing.assert_array_equal(ids[:, 0], np.arange(300))
    np.testing.assert_array_equal(ids, exact_ids(base, base, 6))


@pytest.mark.parametrize("exact_limit", [10_000, 50])
def test_load_or_build_caches_on_disk(tmp_path: Path, exact_limit: int) -> None:
    texts = [f"fact number {i}" for i in range(300)]
    embedder = CountingEmbedder()
    built = FactIndex.load_or_build(texts, embedder, tmp_path, exact_limit=exact_limit, cache_min=0)
    assert embedder.calls == 1 and built.warning is None
    folders = list((tmp_path / "indexes").iterdir())
    assert len(folders) == 1 and not folders[0].name.startswith(".tmp")
    files = {p.name for p in folders[0].iterdir()}
    assert files == ({"meta.json", "vectors.npy"} | ({"index.faiss"} if exact_limit < 300 else set()))
    meta = json.loads((folders[0] / "meta.json").read_text())
    assert meta["count"] == 300 and meta["kind"] == built.kind
    loaded = FactIndex.load_or_build(texts, embedder, tmp_path, exact_limit=exact_limit, cache_min=0)
    assert embedder.calls == 1  # a hit neither embeds nor loads the model
    queries = embedder.encode(texts[:5])
    np.testing.assert_array_equal(loaded.search(queries, 3)[1], built.search(queries, 3)[1])
    assert loaded.search(queries, 1)[1][:, 0].tolist() == [0, 1, 2, 3, 4]
    FactIndex.load_or_build([*texts, "one more"], embedder, tmp_path, exact_limit=exact_limit, cache_min=0)
    assert embedder.calls == 3 and len(list((tmp_path / "indexes").iterdir())) == 2


def test_small_sets_are_not_stored(tmp_path: Path) -> None:
    index = FactIndex.load_or_build(["a", "b"], CountingEmbedder(), tmp_path)
    assert len(index) == 2 and not (tmp_path / "indexes").exists()
    assert len(FactIndex.load_or_build([], CountingEmbedder(), tmp_path)) == 0


@pytest.mark.parametrize("damage", ["index", "vectors"])
def test_damaged_index_is_rebuilt(tmp_path: Path, damage: str) -> None:
    texts = [f"fact {i}" for i in range(200)]
    embedder = CountingEmbedder()
    FactIndex.load_or_build(texts, embedder, tmp_path, exact_limit=50, cache_min=0)
    folder = next((tmp_path / "indexes").iterdir())
    if damage == "index":
        (folder / "index.faiss").write_bytes(b"garbage")
    else:
        data = (folder / "vectors.npy").read_bytes()
        (folder / "vectors.npy").write_bytes(data[: len(data) // 2])  # truncated
    index = FactIndex.load_or_build(texts, embedder, tmp_path, exact_limit=50, cache_min=0)
    assert embedder.calls == 2 and len(index) == 200
    assert FactIndex.load_or_build(texts, embedder, tmp_path, exact_limit=50, cache_min=0).kind == "ivf-sq8"
    assert embedder.calls == 2  # the rebuilt copy was stored


def test_failed_write_leaves_no_partial_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import faiss

    def broken(index: object, path: str) -> None:
        Path(path).write_bytes(b"half an ind")
        raise RuntimeError("disk full")

    monkeypatch.setattr(faiss, "write_index", broken)
    texts = [f"fact {i}" for i in range(200)]
    index = FactIndex.load_or_build(texts, CountingEmbedder(), tmp_path, exact_limit=50, cache_min=0)
    assert len(index) == 200 and index.warning is not None and "disk full" in index.warning
    assert list((tmp_path / "indexes").iterdir()) == []  # neither a partial folder nor a staging leftover


def test_prune_keeps_most_recent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "KEEP_INDEXES", 2)
    embedder = CountingEmbedder()
    for n in range(4):
        FactIndex.load_or_build([f"set {n} fact {i}" for i in range(10)], embedder, tmp_path, cache_min=0)
    assert len(list((tmp_path / "indexes").iterdir())) == 2


def test_a_fact_sharing_an_anchor_key_is_a_candidate_beyond_the_nearest() -> None:
    from checker.claims.parse import analyse
    from checker.model import Document, Span
    from checker.retrieval.candidates import fact_candidates
    from checker.settings import Settings

    def claims(texts: list[str], ids: list[str | None]) -> list[Any]:
        pieces = [(Document(f"d{i}", t), t, Span(0, len(t))) for i, t in enumerate(texts)]
        return analyse(pieces, reference_ids=ids)

    [claim] = claims(["Prussia annexed Hanover in 1864."], [None])
    others = ["The Orla ferry carries 90 cars.", "Quillan tower has 31 floors.", "Brandt is 9 km from Vell.",
              "The Varno dam holds 4 billion cubic metres.", "Skaters came from Brandt in 1963."]
    facts = claims(["Prussia annexed Hanover in 1866.", *others], [f"f{i}" for i in range(6)])
    # Unit vectors: the five unrelated facts are the claim's nearest (0.9), the one about the same
    # annexation lies far below them (0.35), above the reference floor.
    dim = 8
    query = np.zeros((1, dim), np.float32)
    query[0, 0] = 1.0
    rows = np.zeros((6, dim), np.float32)
    rows[0, 0], rows[0, 1] = 0.35, np.sqrt(1 - 0.35 ** 2)
    for r in range(1, 6):
        rows[r, 0], rows[r, r + 1] = 0.9, np.sqrt(1 - 0.81)
    index = FactIndex.build(rows)
    settings = Settings()
    nearest_only = {(i, j) for i, j, _ in fact_candidates(index, query, settings)}
    assert nearest_only == {(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)}
    found = {(i, j): round(s, 2) for i, j, s in fact_candidates(index, query, settings, [claim], facts)}
    assert found[(0, 0)] == 0.35
    assert len(found) == 6
