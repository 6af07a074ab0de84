"""Word relations from WordNet 3.0: opposites, and which nouns name kinds of which.

The data (checker/data/lexicon.json.gz, built by training/build_lexicon.py) is plain JSON:
WordNet's licence is in checker/data/WORDNET-LICENSE. Loaded once, on first use.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import Any

from checker.analysis import stem


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("checker").joinpath("data/lexicon.json.gz").read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(raw))
    return data


@cache
def _antonym_stems() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for word, opposites in _data()["antonyms"].items():
        found.setdefault(stem(word), set()).update(stem(o) for o in opposites if "_" not in o)
    return {s: frozenset(o - {s}) for s, o in found.items() if o - {s}}


@cache
def _words() -> dict[str, str]:
    """Stem -> the dictionary word it came from, for messages: "increas" -> "increase"."""
    found: dict[str, str] = {}
    for word in sorted(_data()["antonyms"], key=len):
        found.setdefault(stem(word), word)
    return found


def word(word_stem: str) -> str:
    return _words().get(word_stem, word_stem)


@cache
def _verb_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in _data()["verb_antonyms"])


def opposite_verbs(word_stem: str) -> bool:
    """The stem has an opposite as a verb ("export" / "import"), whose doers then matter."""
    return word_stem in _verb_stems()


def opposites(word_stem: str) -> frozenset[str]:
    """Stems of the words WordNet calls opposite to this stem's word: "begin" -> {"end"}."""
    return _antonym_stems().get(word_stem, frozenset())


def _senses(noun: str) -> list[int]:
    nouns: dict[str, list[int]] = _data()["nouns"]
    for form in (noun, noun[:-1] if noun.endswith("s") else "", noun[:-2] if noun.endswith("es") else "",
                 noun[:-3] + "y" if noun.endswith("ies") else ""):
        if form and form in nouns:
            return nouns[form]
    return []


@cache
def _kinds(noun: str) -> frozenset[int]:
    """The noun's senses and everything they are kinds of."""
    hypernyms: dict[str, list[int]] = _data()["hypernyms"]
    seen: set[int] = set()
    todo = list(_senses(noun))
    while todo:
        sense = todo.pop()
        if sense not in seen:
            seen.add(sense)
            todo.extend(hypernyms.get(str(sense), ()))
    return frozenset(seen)


def known_noun(noun: str) -> bool:
    return bool(_senses(noun.lower()))


def same_kind(a: str, b: str) -> bool:
    """One noun names a kind of the other, or both name one thing: "quarterback" and "player",
    "writer" and "author"; not "county" and "city", which are two kinds of district."""
    a, b = a.lower(), b.lower()
    senses_a, senses_b = set(_senses(a)), set(_senses(b))
    if not senses_a or not senses_b:
        return False
    return bool(senses_a & _kinds(b) or senses_b & _kinds(a))


@cache
def _wholes(place: str) -> frozenset[int]:
    """What the named place is part of, however far up: "Munich" -> Bavaria, Germany, Europe."""
    data = _data()
    seen: set[int] = set()
    todo = list(data["places"].get(place, ()))
    while todo:
        sense = todo.pop()
        if sense not in seen:
            seen.add(sense)
            todo.extend(data["part_of"].get(str(sense), ()))
    return frozenset(seen)


def within(part: str, whole: str) -> bool:
    """The named place lies in the other: "beijing" in "china", "munich" in "europe"."""
    part, whole = part.lower(), whole.lower()
    senses = set(_data()["places"].get(whole, ()))
    return bool(senses) and bool(senses & (_wholes(part) - set(_data()["places"].get(part, ()))))
