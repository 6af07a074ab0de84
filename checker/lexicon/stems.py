"""Word stems, and when two stems, or two participants, count as the same word.

Snowball's English stemmer folds inflections ("annexed", "annexation" -> "annex"); the
comparisons here allow one more step, a last letter ("invad"/"invas"). Names are compared
with a little more slack than common words, from three letters on ("Rome"/"Roma").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from checker.model import Filler

# Shortest stems compared by prefix: common words from four letters, names from three.
WORD_FLOOR = 4
NAME_FLOOR = 3


@cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


# British spellings in -ise ("criticised", "organising"): Snowball stems them apart from the
# -ize spellings ("criticis" / "critic") that WordNet's tables are keyed by.
_BRITISH = re.compile(r"([a-z]{3,})is(e|ed|es|ing|ation|ations)")


@lru_cache(maxsize=1 << 16)  # a text repeats few words; the Python stemmer is slow
def stem(word: str) -> str:
    lowered = word.lower()
    found = str(_stemmer().stemWord(lowered))
    british = _BRITISH.fullmatch(lowered)
    if british:
        from checker.lexicon.wordnet import known_stem

        american = str(_stemmer().stemWord(f"{british[1]}iz{british[2]}"))
        # Only a spelling the tables know: "raise" is no "raize", "advise" no "advize".
        if american != found and known_stem(american):
            return american
    return found


@lru_cache(maxsize=1 << 16)  # the judgement compares the same few stems over and over
def same_stem(a: str, b: str, floor: int = WORD_FLOOR) -> bool:
    """Equal stems, or stems of at least `floor` letters that differ only in a last letter ("invad"/"invas")."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest < floor:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(floor, shortest - 1)


def shared_stems(a: Iterable[str], b: Iterable[str]) -> set[str]:
    """The stems of `a` that match some stem of `b`."""
    others = tuple(b)
    return {x for x in a if any(same_stem(x, y) for y in others)}


def same_filler(a: Filler, b: Filler) -> bool:
    """One participant: a name matches only a name, a common noun only a common noun."""
    if a.kind is not b.kind:
        return False
    return same_stem(a.word, b.word, NAME_FLOOR if a.proper else WORD_FLOOR)


def shared_fillers(a: Iterable[Filler], b: Iterable[Filler]) -> set[Filler]:
    """The participants of `a` that match some participant of `b`."""
    others = tuple(b)
    return {x for x in a if any(same_filler(x, y) for y in others)}


def words(fillers: Iterable[Filler]) -> frozenset[str]:
    """The fillers' words, names and common nouns alike."""
    return frozenset(f.word for f in fillers)
