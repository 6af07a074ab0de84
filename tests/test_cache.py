"""The on-disk embedding cache: round trip, no re-embedding, damaged files, concurrent writers, lazy imports."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from checker.retrieval import embedder as embeddings
from checker.retrieval.cache import CACHE_FILE, EmbeddingCache, text_key
from checker.retrieval.embedder import SentenceTransformerEmbedder, model_identity
from checker.settings import ENV_CACHE_DIR, default_cache_dir

ROOT = Path(__file__).resolve().parent.parent
DIM = 8


def vector(text: str) -> np.ndarray[Any, np.dtype[np.float32]]:
    seed = int.from_bytes(text_key(text)[:4], "little")
    v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


class FakeModel:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], **_: object) -> np.ndarray[Any, np.dtype[np.float32]]:
        self.calls.append(list(texts))
        return np.stack([vector(t) for t in texts])


@pytest.fixture
def fake_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, FakeModel, list[str]]:
    """A model folder (config only) whose loading is replaced by a fake that counts what it embeds."""
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text('{"hidden_size": 8}')
    model = FakeModel()
    loads: list[str] = []

    def load(path: str) -> FakeModel:
        loads.append(path)
        return model

    monkeypatch.setattr(embeddings, "_load", load)
    return str(folder), model, loads


def test_round_trip(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    texts = ["Russia annexed Crimea in 2014.", "Kyiv is the capital.", "ünïcödé ✓"]
    cache.put("m1", {t: vector(t) for t in texts})
    again = EmbeddingCache(tmp_path)  # a fresh connection, as in the next run
    found = again.get("m1", [*texts, "never seen"])
    assert set(found) == set(texts)
    for t in texts:
        assert found[t].dtype == np.float32
        np.testing.assert_array_equal(found[t], vector(t))
    assert again.get("m2", texts) == {}  # another model's identity misses
    assert again.count("m1") == 3 and again.warning is None
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        columns = [row[1] for row in db.execute("PRAGMA table_info(embeddings)")]
    assert columns == ["model", "text_hash", "dim", "vector"]


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CACHE_DIR, str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    assert EmbeddingCache().path == tmp_path / "here" / CACHE_FILE


def test_text_embedded_once(tmp_path: Path, fake_model: tuple[str, FakeModel, list[str]]) -> None:
    path, model, loads = fake_model
    first = SentenceTransformerEmbedder(path, cache=EmbeddingCache(tmp_path), onnx=False)
    out = first.encode(["a", "b", "a"])
    assert model.calls == [["a", "b"]]
    np.testing.assert_array_equal(out[2], vector("a"))
    second = SentenceTransformerEmbedder(path, cache=EmbeddingCache(tmp_path), onnx=False)  # a new process, in effect
    second.encode(["b", "c", "a"])
    assert model.calls == [["a", "b"], ["c"]]
    loads.clear()
    third = SentenceTransformerEmbedder(path, cache=EmbeddingCache(tmp_path), onnx=False)
    out = third.encode(["c", "a", "b"])
    assert loads == [] and third.model_calls == 0  # everything cached: the model is never loaded
    np.testing.assert_array_equal(out, np.stack([vector("c"), vector("a"), vector("b")]))
    uncached = SentenceTransformerEmbedder(path, cache=None)  # --no-cache
    uncached.encode(["a"])
    assert model.calls[-1] == ["a"]


def test_model_change_invalidates(tmp_path: Path, fake_model: tuple[str, FakeModel, list[str]]) -> None:
    path, model, _ = fake_model
    before = model_identity(path)
    SentenceTransformerEmbedder(path, cache=EmbeddingCache(tmp_path), onnx=False).encode(["a"])
    (Path(path) / "config.json").write_text('{"hidden_size": 9}')
    model_identity.cache_clear()
    assert model_identity(path) != before
    SentenceTransformerEmbedder(path, cache=EmbeddingCache(tmp_path), onnx=False).encode(["a"])
    assert model.calls == [["a"], ["a"]]


@pytest.mark.parametrize("content", [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_corrupt_cache_file_falls_back(tmp_path: Path, fake_model: tuple[str, FakeModel, list[str]],
                                       content: bytes) -> None:
    path, model, _ = fake_model
    (tmp_path / CACHE_FILE).write_bytes(content)
    embedder = SentenceTransformerEmbedder(path, cache=EmbeddingCache(tmp_path), onnx=False)
    out = embedder.encode(["a", "b"])
    np.testing.assert_array_equal(out, np.stack([vector("a"), vector("b")]))
    assert model.calls == [["a", "b"]]
    assert len(embedder.warnings) == 1 and "unusable" in embedder.warnings[0] and CACHE_FILE in embedder.warnings[0]
    assert (tmp_path / CACHE_FILE).read_bytes() == content  # left alone for the user to inspect


def test_unwritable_cache_dir(tmp_path: Path, fake_model: tuple[str, FakeModel, list[str]]) -> None:
    path, _, _ = fake_model
    (tmp_path / "file").write_text("")
    embedder = SentenceTransformerEmbedder(path, cache=EmbeddingCache(tmp_path / "file" / "sub"), onnx=False)
    assert embedder.encode(["a"]).shape == (1, DIM)
    assert embedder.warnings and not embedder.cache.enabled  # type: ignore[union-attr]


_WRITER = textwrap.dedent("""
    import sys, numpy as np
    from checker.retrieval.cache import EmbeddingCache
    folder, start, stop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    cache = EmbeddingCache(folder)
    for lo in range(start, stop, 50):   # many small transactions, interleaving with the other writer
        cache.put("m", {f"text {i}": np.full(16, i, np.float32) for i in range(lo, min(lo + 50, stop))})
    assert cache.warning is None, cache.warning
""")


def test_concurrent_writers(tmp_path: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), str(lo), str(hi)], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for lo, hi in [(0, 1500), (500, 2000)]]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    cache = EmbeddingCache(tmp_path)
    found = cache.get("m", [f"text {i}" for i in range(2000)])
    assert len(found) == 2000 and cache.count() == 2000
    assert all(found[f"text {i}"][0] == i for i in range(2000))


def test_interrupted_transaction_leaves_cache_intact(tmp_path: Path) -> None:
    EmbeddingCache(tmp_path).put("m", {"kept": np.ones(4, np.float32)})
    script = textwrap.dedent("""
        import os, sqlite3, sys
        db = sqlite3.connect(sys.argv[1], isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO embeddings VALUES ('m', x'00', 4, x'00000000000000000000000000000000')")
        os._exit(9)   # killed mid-transaction
    """)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / CACHE_FILE)], check=False)
    assert done.returncode == 9
    cache = EmbeddingCache(tmp_path)
    assert cache.count() == 1 and set(cache.get("m", ["kept"])) == {"kept"} and cache.warning is None


def test_cli_light_commands_import_no_heavy_modules(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from typer.testing import CliRunner
        from checker.cli import app
        import checker.retrieval.cache, checker.retrieval.embedder, checker.retrieval.index
        runner = CliRunner()
        for args in (["--help"], ["refs", "validate", {str(ROOT / "references")!r}], ["explain", "date-mismatch"],
                     ["rules"]):
            result = runner.invoke(app, args)
            assert result.exit_code == 0, (args, result.output)
        heavy = sorted(m for m in ("torch", "sentence_transformers", "spacy", "faiss", "transformers")
                       if m in sys.modules)
        assert not heavy, heavy
        from checker.retrieval.embedder import default_model_path, model_identity
        model_identity(default_model_path())   # the cache key needs no torch either
        assert "torch" not in sys.modules
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
