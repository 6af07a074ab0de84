"""Synthetic sentence-embedding-like vectors for the reference-set scaling benchmark.

Uniformly random unit vectors are a poor stand-in for embeddings: in 384 dimensions
every pair is nearly orthogonal, so "nearest neighbours" are noise and no index can
find them (recall@10 of any approximate index is then far below 0.5). Real MiniLM
embeddings are anisotropic and clustered by topic. Two generators:

* `topics` (the default): a three-level hierarchy (topic -> subtopic -> fact) of
  Gaussian offsets whose covariance spectrum, lambda_i = (i + 30) ** -2.05 in a random
  rotation, matches MiniLM embeddings of the ChatProtect sentences (participation ratio
  about 74, 90 % of the variance in about 145 directions).
* `blobs`: n / 100 isotropic Gaussian clusters in a random 128-dimensional subspace
  plus a little full-dimensional noise.

Queries (claims) are fresh draws from the same hierarchy, not rows of the base.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]


class Topics:
    def __init__(self, n: int, dim: int = 384, seed: int = 0, facts_per_subtopic: int = 50,
                 subtopics_per_topic: int = 10) -> None:
        rng = np.random.default_rng(seed)
        spectrum = (np.arange(1, dim + 1) + 30.0) ** -2.05
        rotation = np.linalg.qr(rng.standard_normal((dim, dim)))[0]
        self.scale = (np.sqrt(spectrum / spectrum.sum())[:, None] * rotation.T).astype(np.float32)  # z @ scale
        self.dim = dim
        n_sub = max(1, n // facts_per_subtopic)
        n_top = max(50, n_sub // subtopics_per_topic)
        topics = self._gauss(rng, n_top)
        self.subtopics = topics[rng.integers(0, n_top, n_sub)] + 0.7 * self._gauss(rng, n_sub)

    def _gauss(self, rng: np.random.Generator, n: int) -> Matrix:
        out: Matrix = rng.standard_normal((n, self.dim), dtype=np.float32) @ self.scale
        return out

    def sample(self, n: int, seed: int, chunk: int = 100_000) -> Matrix:
        rng = np.random.default_rng(seed)
        out = np.empty((n, self.dim), np.float32)
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            x = self.subtopics[rng.integers(0, len(self.subtopics), m)] + 0.8 * self._gauss(rng, m)
            out[start:start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
        return out


class Blobs:
    def __init__(self, n: int, dim: int = 384, seed: int = 0, latent: int = 128) -> None:
        rng = np.random.default_rng(seed)
        self.basis = np.linalg.qr(rng.standard_normal((dim, latent)))[0].T.astype(np.float32)
        self.centres = rng.standard_normal((max(100, n // 100), latent)).astype(np.float32)
        self.dim = dim

    def sample(self, n: int, seed: int, chunk: int = 100_000) -> Matrix:
        rng = np.random.default_rng(seed)
        out = np.empty((n, self.dim), np.float32)
        latent = self.centres.shape[1]
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            z = self.centres[rng.integers(0, len(self.centres), m)] + 0.6 * rng.standard_normal((m, latent),
                                                                                             dtype=np.float32)
            x = z @ self.basis + 0.08 * rng.standard_normal((m, self.dim), dtype=np.float32)
            out[start:start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
        return out


def uniform(n: int, dim: int = 384, seed: int = 0) -> Matrix:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, dim), dtype=np.float32)
    out: Matrix = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def generator(kind: str, n: int, seed: int = 0) -> Any:
    return {"topics": Topics, "blobs": Blobs}[kind](n, seed=seed)
