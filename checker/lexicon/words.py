"""Word lists the analysis and the judgement rely on, kept as data: `checker/lexicon/lists/*.txt`.

Each file starts with `#` lines that say what the list holds, where it comes from and which
modules use it; the words follow, separated by spaces or newlines (`equivalents.txt`: one
group of words a line). A list is read on first use and then kept.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

LISTS = "lexicon/lists"


def _lines(name: str) -> list[str]:
    text = resources.files("checker").joinpath(f"{LISTS}/{name}.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of `lists/<name>.txt`."""
    return frozenset(word for line in _lines(name) for word in line.split())


@cache
def word_groups(name: str) -> tuple[frozenset[str], ...]:
    """The groups of `lists/<name>.txt`, one a line."""
    return tuple(frozenset(line.split()) for line in _lines(name))
