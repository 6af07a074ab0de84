from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """The real packaged model, loaded once for the whole run."""
    from checker.embeddings import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()
