"""What a run may tune, and where its caches live. Filled by the config file and the CLI.

It sits beside the records at the bottom of the layers: the config builds it, the pipeline
and the caches of every stage read it, and none of them may import the others for it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from checker.model import Severity

ENV_CACHE_DIR = "CHECKER_CACHE_DIR"


@dataclass(frozen=True)
class Settings:
    """What a run may tune; the config file and the CLI fill it."""

    model: str | None = None  # a local sentence-transformers folder; None: the packaged MiniLM
    neighbours: int = 5  # candidates per claim, among claims and among reference facts
    claim_similarity: float = 0.3  # cosine floor for a claim-claim candidate pair
    reference_similarity: float = 0.3  # cosine floor for a claim-fact candidate pair
    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict)  # the most a rule's findings can be
    # Confidence cuts for error, warning and info (below info: not reported); None: the measured defaults.
    error_confidence: float | None = None
    warning_confidence: float | None = None
    info_confidence: float | None = None
    cache: bool = True  # keep analysed blocks and embeddings on disk between runs
    today: str | None = None  # YYYY-MM-DD for deciding which reference facts are due for review; None: today
    cache_dir: str | None = None  # None: $CHECKER_CACHE_DIR, else the user cache folder
    # Parse in worker processes when it pays. The language server says no: a process with threads
    # of its own must not fork (a lock one of them holds stays held in the child).
    processes: bool = True


def default_cache_dir() -> Path:
    """`$CHECKER_CACHE_DIR` when set and not empty, else the platform's user cache folder for "checker"."""
    configured = os.environ.get(ENV_CACHE_DIR)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("checker"))

