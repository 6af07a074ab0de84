"""The ONNX Runtime export of the embedding model: made once, checked, used by later processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from checker.retrieval import embedder as embeddings
from checker.retrieval import onnx_model
from checker.retrieval.cache import EmbeddingCache
from checker.retrieval.embedder import SentenceTransformerEmbedder

FIRST = ["The ferry to Tallmoor left at 06:40 with 212 passengers.", "Ms Okonkwo chaired the board from 2011."]
LATER = ["The Varno dam holds 4.2 billion cubic metres.", "Nobody was hurt when the Quillan tower was evacuated.",
         "Prices rose 3.1% in Zelbia in March, the statistics office said."]


@pytest.fixture
def new_process() -> Iterator[None]:
    """Forget the exports this process loaded or tried, as a new process would (the model stays loaded)."""
    saved = dict(embeddings._EXPORTS), set(embeddings._EXPORT_TRIED)
    embeddings._EXPORTS.clear()
    embeddings._EXPORT_TRIED.clear()
    yield
    embeddings._EXPORTS.clear()
    embeddings._EXPORTS.update(saved[0])
    embeddings._EXPORT_TRIED.clear()
    embeddings._EXPORT_TRIED.update(saved[1])


def _reference(texts: list[str]) -> np.ndarray:
    model = embeddings._load(embeddings.default_model_path())
    vectors: np.ndarray = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    return vectors


def test_the_first_run_exports_and_the_next_embeds_with_it(tmp_path: Path, new_process: None) -> None:
    first = SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path))
    first.encode(FIRST)
    assert first.runtime == "sentence-transformers"
    assert sorted(p.suffix for p in (tmp_path / "onnx").iterdir()) == [".json", ".onnx"]
    embeddings._EXPORTS.clear()  # the next process
    later = SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path))
    vectors = later.encode(LATER)
    assert later.runtime == "onnx"
    assert np.abs(vectors - _reference(LATER)).max() <= onnx_model.TOLERANCE
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_damaged_export_is_a_miss(tmp_path: Path, new_process: None) -> None:
    SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path)).encode(FIRST)
    graph = next((tmp_path / "onnx").glob("*.onnx"))
    graph.write_bytes(b"not a graph" * 10)
    embeddings._EXPORTS.clear()
    later = SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path))
    vectors = later.encode(LATER)
    assert later.runtime == "sentence-transformers"
    assert np.abs(vectors - _reference(LATER)).max() <= 1e-6


def test_no_export_without_a_disk_cache_or_when_switched_off(tmp_path: Path, new_process: None) -> None:
    off = SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path), onnx=False)
    off.encode(FIRST)
    assert off.runtime == "sentence-transformers" and not (tmp_path / "onnx").exists()
    uncached = SentenceTransformerEmbedder(cache=None)
    uncached.encode(LATER)
    assert uncached.runtime == "sentence-transformers" and not uncached.onnx


class _NoGraph:
    """A "model" whose graph cannot be exported."""

    tokenizer = None

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        return np.ones((len(texts), 4), np.float32) / 2


def test_a_model_that_cannot_be_exported_is_marked_and_not_retried(tmp_path: Path) -> None:
    assert not onnx_model.export(_NoGraph(), tmp_path, "nograph@0", ["A short text."])
    assert onnx_model.known_unusable(tmp_path, "nograph@0")
    assert onnx_model.load(tmp_path, "nograph@0") is None
    assert [p.suffix for p in (tmp_path / "onnx").iterdir()] == [".unusable"]
    assert not onnx_model.known_unusable(tmp_path, "another@0")  # keyed by the model's identity


def test_an_unwritable_cache_folder_is_tried_again_later(tmp_path: Path) -> None:
    (tmp_path / "onnx").write_text("a file where the folder should be")
    model = embeddings._load(embeddings.default_model_path())
    assert not onnx_model.export(model, tmp_path, "minilm@0", ["A short text."])
    assert not onnx_model.known_unusable(tmp_path, "minilm@0")


def test_the_shipped_probe_vectors_are_the_packaged_models_own() -> None:
    data = json.loads((Path(onnx_model.__file__).parent / "data" / "probe-vectors.json").read_text(encoding="utf-8"))
    assert data["probes"] == list(onnx_model.CHECK_PROBES)
    assert np.abs(np.asarray(data["vectors"], np.float32) - _reference(data["probes"])).max() <= 1e-6


def test_a_foreign_export_of_the_packaged_model_is_refused(tmp_path: Path, new_process: None) -> None:
    SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path)).encode(FIRST)
    tokenizer = next((tmp_path / "onnx").glob("*.tokenizer.json"))
    settings = json.loads(tokenizer.read_text(encoding="utf-8"))
    settings["truncation"]["max_length"] = 6  # a graph that answers, but not as the model does
    tokenizer.write_text(json.dumps(settings), encoding="utf-8")
    embeddings._EXPORTS.clear()
    later = SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path))
    vectors = later.encode(LATER)
    assert later.runtime == "sentence-transformers"
    assert np.abs(vectors - _reference(LATER)).max() <= 1e-6


def test_a_batch_job_does_not_export(tmp_path: Path, new_process: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "EXPORT_MAX_TEXTS", len(FIRST) - 1)
    batch = SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path))
    batch.encode(FIRST)
    assert batch.runtime == "sentence-transformers" and not (tmp_path / "onnx").exists()
    small = SentenceTransformerEmbedder(cache=EmbeddingCache(tmp_path))
    embeddings._EXPORT_TRIED.clear()  # the next process, which embeds one sentence
    small.encode(LATER[:1])
    assert sorted(p.suffix for p in (tmp_path / "onnx").iterdir()) == [".json", ".onnx"]


def test_two_processes_exporting_at_once_both_keep_a_good_export(tmp_path: Path) -> None:
    """Each export is checked under a name of its own: one process replacing the file another is
    checking must not mark the model unusable (two CI jobs sharing a cache folder)."""
    code = ("import sys; from pathlib import Path; from checker.retrieval import embedder as e, onnx_model as o; "
            "p = e.default_model_path(); "
            "print(o.export(e._load(p), Path(sys.argv[1]), e.model_identity(p), ['One short text.']))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "HF_HUB_OFFLINE": "1"}) for _ in range(2)]
    assert [proc.communicate()[0].strip() for proc in procs] == ["True", "True"]
    assert sorted(p.suffix for p in (tmp_path / "onnx").iterdir()) == [".json", ".onnx"]
    identity = embeddings.model_identity(embeddings.default_model_path())
    assert onnx_model.load(tmp_path, identity, packaged=True) is not None
