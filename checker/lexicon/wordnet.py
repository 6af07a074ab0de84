"""Word relations from WordNet 3.0: opposites, which nouns name kinds of which, and which
named places lie in which.

The data (checker/lexicon/data/lexicon.json.gz, built by training/build_lexicon.py) is plain JSON;
WordNet's licence is in checker/lexicon/data/WORDNET-LICENSE. It is read once, on first use. The
large tables stay sorted "key<TAB>offsets" text searched by bisection: a check that asks
about a few words must not pay for building dictionaries of 60,000 entries.
"""

from __future__ import annotations

import gzip
import json
from bisect import bisect_left
from functools import cache
from importlib import resources
from typing import Any


@cache
def _data() -> dict[str, Any]:
    raw = resources.files("checker").joinpath("lexicon/data/lexicon.json.gz").read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(raw))
    return data


@cache
def _lines(table: str) -> list[str]:
    text: str = _data()[table]
    return text.split("\n") if text else []


def _lookup(table: str, key: str) -> list[int]:
    lines = _lines(table)
    i = bisect_left(lines, key + "\t")
    if i < len(lines) and lines[i].startswith(key + "\t"):
        return [int(o) for o in lines[i][len(key) + 1:].split(",")]
    return []


def opposites(word_stem: str) -> frozenset[str]:
    """Stems of the words WordNet calls opposite to this stem's word: "begin" -> {"end"}."""
    found: list[str] = _data()["opposites"].get(word_stem, [])
    return frozenset(found)


@cache
def _verb_stems() -> frozenset[str]:
    return frozenset(_data()["opposite_verbs"])


def opposite_verbs(word_stem: str) -> bool:
    """The stem has an opposite as a verb ("export" / "import"), whose doers then matter."""
    return word_stem in _verb_stems()


def known_stem(word_stem: str) -> bool:
    """The stem is one of the words the tables hold (an opposite, a kind, a part)."""
    return word_stem in _data()["words"]


def word(word_stem: str) -> str:
    """The dictionary word a stem came from, for messages: "increas" -> "increase"."""
    found: str = _data()["words"].get(word_stem, word_stem)
    return found


def _senses(noun: str) -> list[int]:
    for form in (noun, noun[:-1] if noun.endswith("s") else "", noun[:-2] if noun.endswith("es") else "",
                 noun[:-3] + "y" if noun.endswith("ies") else ""):
        senses = _lookup("nouns", form) if form else []
        if senses:
            return senses
    return []


def _closure(start: list[int], table: str) -> frozenset[int]:
    """The senses and everything `table` leads to from them, however far."""
    seen: set[int] = set()
    todo = list(start)
    while todo:
        sense = todo.pop()
        if sense not in seen:
            seen.add(sense)
            todo.extend(_lookup(table, f"{sense:08d}"))
    return frozenset(seen)


@cache
def _kinds(noun: str) -> frozenset[int]:
    """The noun's senses and everything they are kinds of."""
    return _closure(_senses(noun), "hypernyms")


def known_noun(noun: str) -> bool:
    return bool(_senses(noun.lower()))


@cache  # asked for the doers of every candidate pair (alignment.different_events)
def names_event(noun: str) -> bool:
    """The noun names something that happens (a kind of WordNet's first sense of "event", acts
    included): "attack", "wedding", "inspection"; not "rate", "deadline" or "company"."""
    event = _senses("event")[:1]
    return bool(event and set(event) & _kinds(noun.lower()))


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
    return _closure(_lookup("places", place), "part_of")


def within(part: str, whole: str) -> bool:
    """The named place lies in the other: "beijing" in "china", "munich" in "europe"."""
    part, whole = part.lower(), whole.lower()
    senses = set(_lookup("places", whole))
    return bool(senses) and bool(senses & (_wholes(part) - set(_lookup("places", part))))
