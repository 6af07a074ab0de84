"""What moves the numbers: `checker eval` figures with each judgement component switched off.

    .venv/bin/python -m benchmarks.ablation [--limit N] [--seed S] [--eval-dir ../shared/eval]

Each row re-scores the same reproducible sample of every dev file with one component off:
a rule (through Settings.disabled, as `checker eval --disable RULE` does), the anchor-key
candidate channel, the paraphrase fallback of date-mismatch, the learned score
(checker/judge/score.py; without it the typed rules decide alone), or the WordNet relations
(checker/lexicon/wordnet.py: kinds of things, places within places, opposites). Caches make the repeated
runs cheap: only the judgement is recomputed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from checker.eval.run import evaluate_file
from checker.judge import alignment as compare
from checker.judge import score as scoring
from checker.lexicon import wordnet as lexicon
from checker.retrieval import candidates
from checker.retrieval.embedder import SentenceTransformerEmbedder
from checker.settings import Settings

FILES = ("documents/chatprotect-dev.jsonl", "pairs/fever-symmetric-dev.jsonl", "pairs/vitaminc-sample.jsonl",
         "pairs/anli-r1-dev.jsonl")


@contextlib.contextmanager
def _no_key_channel() -> Iterator[None]:
    saved = candidates.MAX_KEY_GROUP
    candidates.MAX_KEY_GROUP = 1  # no group is small enough: only nearest neighbours remain
    try:
        yield
    finally:
        candidates.MAX_KEY_GROUP = saved


@contextlib.contextmanager
def _no_paraphrase() -> Iterator[None]:
    saved = compare.PARAPHRASE_SIMILARITY, compare.REFERENCE_PARAPHRASE_SIMILARITY
    compare.PARAPHRASE_SIMILARITY = compare.REFERENCE_PARAPHRASE_SIMILARITY = 2.0  # never reached
    try:
        yield
    finally:
        compare.PARAPHRASE_SIMILARITY, compare.REFERENCE_PARAPHRASE_SIMILARITY = saved


@contextlib.contextmanager
def _no_learned_score() -> Iterator[None]:
    saved = scoring.load_model
    scoring.load_model = lambda kind, features: None  # type: ignore[assignment]  # typed rules decide alone
    try:
        yield
    finally:
        scoring.load_model = saved


@contextlib.contextmanager
def _no_wordnet() -> Iterator[None]:
    """Empty WordNet tables: no kinds, places within places, or opposites."""
    cached = [lexicon._lines, lexicon._verb_stems, lexicon._kinds, lexicon._wholes]
    saved = lexicon._data
    empty: dict[str, Any] = {"opposites": {}, "opposite_verbs": [], "words": {}, "nouns": "", "hypernyms": "",
                             "places": "", "part_of": ""}
    lexicon._data = lambda: empty  # type: ignore[assignment]
    for function in cached:
        function.cache_clear()
    try:
        yield
    finally:
        lexicon._data = saved
        for function in cached:
            function.cache_clear()


VARIANTS: dict[str, tuple[frozenset[str], Callable[[], contextlib.AbstractContextManager[None]]]] = {
    "all components": (frozenset(), contextlib.nullcontext),
    "- date-mismatch": (frozenset({"date-mismatch"}), contextlib.nullcontext),
    "- number-mismatch": (frozenset({"number-mismatch"}), contextlib.nullcontext),
    "- entity-mismatch": (frozenset({"entity-mismatch"}), contextlib.nullcontext),
    "- negation": (frozenset({"negation"}), contextlib.nullcontext),
    "- anchor-key channel": (frozenset(), _no_key_channel),
    "- paraphrase fallback": (frozenset(), _no_paraphrase),
    "- learned score": (frozenset(), _no_learned_score),
    "- WordNet relations": (frozenset(), _no_wordnet),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--eval-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "eval"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    embedder = SentenceTransformerEmbedder()
    rows = []
    for name, (disabled, context) in VARIANTS.items():
        with context():
            for file in FILES:
                result = evaluate_file(Path(args.eval_dir) / file, settings=Settings(disabled=disabled),
                                       embedder=embedder, limit=args.limit, seed=args.seed).as_dict()
                kinds = result["by_kind"]
                rows.append({"variant": name, "file": Path(file).stem, "P": result["precision"],
                             "R": result["recall"], "F1": result["f1"], "BA": result["balanced_accuracy"],
                             "date_F1": kinds.get("date", {}).get("f1"),
                             "number_F1": kinds.get("number", {}).get("f1")})
                if not args.json:
                    r = rows[-1]
                    print(f"{name:<24} {r['file']:<22} P {r['P']:.3f} R {r['R']:.3f} F1 {r['F1']:.3f} "
                          f"BA {r['BA']:.3f} date-F1 {r['date_F1']} number-F1 {r['number_F1']}", flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
