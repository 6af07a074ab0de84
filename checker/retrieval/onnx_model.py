"""The embedding model as an ONNX Runtime session: converted once from sentence-transformers, cached.

Why: importing torch and sentence-transformers costs 4-5 s of every new process on a 2-core
machine, more than parsing and embedding one edited paragraph. sentence-transformers stays the
embedding framework: it loads the model, defines the graph (its own modules, pooling included)
and produces the reference vectors. The first run that loads it also exports that graph
(normalisation included) with `torch.onnx.export`, runs the export under ONNX Runtime on the
texts it has just embedded, and keeps it only when every vector agrees within `TOLERANCE`.
Later runs load the exported graph and the model's own fast tokenizer (0.1 s to import, 0.3 s
to load) and never import torch.

Files, in `<cache folder>/onnx/`, named by the model's identity (so any change to the model's
files is a new export): `<key>.onnx`, `<key>.tokenizer.json`, and `<key>.unusable` when the
export failed or disagreed (not retried for that model). Each is written atomically; a file
that cannot be loaded is a miss, and the run uses sentence-transformers.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.atomic import write_atomically
from checker.errors import CheckerError
from checker.retrieval.arrays import Matrix

FOLDER = "onnx"
PROBE_VECTORS = "retrieval/data/probe-vectors.json"
# Embedded by a loaded export of the packaged model and compared with the vectors shipped in
# PROBE_VECTORS (two short sentences: about 10 ms): a damaged or foreign graph in a cache that
# another run could write is a miss, not a silent change of every judgement.
CHECK_PROBES = ("The bridge reopened on 16 May 2018 after 14 months of works.",
                "Zoë Ångström paid €1,250.50 — not $99 — for 3 tickets in São Paulo!")
FORMAT = "checker-onnx-v1"  # changes when the exported graph changes
TOLERANCE = 1e-4  # largest absolute difference per coordinate between the two runtimes' unit vectors
OPSET = 17
CANDIDATE = ".candidate"
STALE_CANDIDATE_S = 600  # no export takes this long: a candidate this old was left by a killed process


def _key(identity: str) -> str:
    return hashlib.sha256(f"{FORMAT}\0{identity}".encode()).hexdigest()[:32]


def _paths(cache_dir: Path, identity: str) -> tuple[Path, Path, Path]:
    stem = cache_dir / FOLDER / _key(identity)
    return stem.with_suffix(".onnx"), stem.with_suffix(".tokenizer.json"), stem.with_suffix(".unusable")


def available() -> bool:
    """Whether ONNX Runtime and the tokenizers library are installed (found, not imported: that
    costs a fully cached run, which embeds nothing, a sixth of its time)."""
    from importlib.util import find_spec

    return find_spec("onnxruntime") is not None and find_spec("tokenizers") is not None


class OnnxEncoder:
    """Unit-length sentence embeddings from an exported graph and the model's fast tokenizer."""

    def __init__(self, graph: Path, tokenizer: Path) -> None:
        import onnxruntime
        import tokenizers

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # warnings and below are not the user's business
        self._session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self._tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer))
        self._inputs = [i.name for i in self._session.get_inputs()]

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Matrix:
        import numpy as np

        parts = []
        # Sorted by length, as sentence-transformers does, so each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            batch = [texts[i] for i in order[start:start + batch_size]]
            encodings = self._tokenizer.encode_batch(batch)
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids,
                     "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                     "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
            parts.append(self._session.run(None, {name: feeds[name] for name in self._inputs})[0])
        vectors = np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)
        result = np.empty_like(vectors)
        result[order] = vectors
        return result.astype(np.float32, copy=False)


def load(cache_dir: Path, identity: str, *, packaged: bool = False) -> OnnxEncoder | None:
    """The cached export of this model, or None (never exported, unusable, or damaged). For the
    packaged model (`packaged`), an export that does not reproduce the shipped probe vectors
    is damaged."""
    graph, tokenizer, unusable = _paths(cache_dir, identity)
    if not graph.is_file() or not tokenizer.is_file() or unusable.exists():
        return None
    try:
        encoder = OnnxEncoder(graph, tokenizer)
        if packaged and not _reproduces_probes(encoder):
            return None
    except Exception:  # a damaged or foreign file is a miss: the run falls back to sentence-transformers
        return None
    return encoder


def _reproduces_probes(encoder: OnnxEncoder) -> bool:
    import json
    from importlib import resources

    import numpy as np

    data = json.loads(resources.files("checker").joinpath(PROBE_VECTORS).read_text(encoding="utf-8"))
    expected = np.asarray(data["vectors"], dtype=np.float32)
    found = encoder.encode(list(data["probes"]))
    return found.shape == expected.shape and bool(np.all(np.abs(found - expected) <= TOLERANCE))


def known_unusable(cache_dir: Path, identity: str) -> bool:
    return _paths(cache_dir, identity)[2].exists()


# Checked besides the run's own texts: short and long (past any model's truncation), cased,
# accented, numeric, and empty, so that tokenizer and truncation settings are compared too.
PROBES = ("", "Yes.", "The bridge reopened on 16 May 2018 after 14 months of works.",
          "Zoë Ångström paid €1,250.50 — not $99 — for 3 tickets in São Paulo!",
          " ".join(["Several delegations met again in the capital to discuss the ceasefire terms"] * 40))


def export(model: Any, cache_dir: Path, identity: str, texts: Sequence[str]) -> bool:
    """Export a loaded SentenceTransformer, run the export on `texts` and the probes, and keep
    it in the cache when it agrees with the model's own unit vectors. False when it was not kept
    (this model cannot be exported, or the export disagrees: marked unusable, not retried).
    """
    import numpy as np

    graph, tokenizer_path, unusable = _paths(cache_dir, identity)
    texts = [*PROBES, *texts]
    try:
        reference = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        data, tokenizer_json = _exported(model, texts)
        graph.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_candidates(graph.parent)
        # Checked before it takes the real name; a name of its own, as two processes may export at once.
        scratch = graph.with_name(f"{graph.stem}.{os.getpid()}.{secrets.token_hex(4)}{CANDIDATE}")
        write_atomically(scratch, data)
        write_atomically(tokenizer_path, tokenizer_json)
        try:
            vectors = OnnxEncoder(scratch, tokenizer_path).encode(texts, batch_size=8)
            agrees = vectors.shape == reference.shape and bool(np.all(np.abs(vectors - reference) <= TOLERANCE))
            if agrees:
                scratch.replace(graph)
        finally:
            with contextlib.suppress(OSError):
                scratch.unlink()
    except (CheckerError, OSError):
        return False  # the cache folder is not writable: try again next run
    except Exception:  # what a model's graph can raise under export is open-ended
        agrees = False
    if not agrees:
        with contextlib.suppress(CheckerError, OSError):
            graph.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(unusable, f"{identity}\n")
    return agrees


def _remove_stale_candidates(folder: Path) -> None:
    """Exports a killed process left unchecked (90 MB each for MiniLM)."""
    now = time.time()
    for leftover in folder.glob(f"*{CANDIDATE}"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_CANDIDATE_S:
                leftover.unlink()


def _exported(model: Any, texts: Sequence[str]) -> tuple[bytes, str]:
    """The ONNX bytes of the model's graph with normalisation, and its tokenizer as JSON."""
    import torch

    backend = getattr(model.tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise ValueError("the model has no fast tokenizer")
    tokenize = getattr(model, "preprocess", None) or model.tokenize  # renamed in sentence-transformers 6
    features = tokenize(list(texts[2:4]))
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in features]

    class Graph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: Any) -> Any:
            out = self.model(dict(zip(names, tensors, strict=True)))["sentence_embedding"]
            return torch.nn.functional.normalize(out, p=2, dim=1)

    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    with warnings.catch_warnings(), torch.no_grad(), tempfile.TemporaryDirectory() as scratch:
        warnings.simplefilter("ignore")
        target = os.path.join(scratch, "graph.onnx")
        torch.onnx.export(Graph().eval(), tuple(features[n] for n in names), target, input_names=names,
                          output_names=["embedding"], dynamic_axes={**axes, "embedding": {0: "batch"}},
                          opset_version=OPSET, dynamo=False)
        with open(target, "rb") as handle:
            data = handle.read()
    tokenizer = type(backend).from_str(backend.to_str())  # a copy: the model's own stays as it is
    tokenizer.enable_truncation(max_length=int(model.max_seq_length))
    tokenizer.enable_padding(pad_id=model.tokenizer.pad_token_id or 0, pad_token=model.tokenizer.pad_token or "[PAD]")
    return data, tokenizer.to_str()
