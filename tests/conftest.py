from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Tests never read or fill the user's real caches.
os.environ["CHECKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="checker-test-cache-")


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """The real packaged model, loaded once for the whole run."""
    from checker.embeddings import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()
