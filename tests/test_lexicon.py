"""WordNet relations the judgement relies on (checker/data/lexicon.json.gz)."""

from __future__ import annotations

import pytest

from checker.analysis import stem
from checker.lexicon import opposite_verbs, opposites, same_kind, within, word


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("quarterback", "player", True),  # a kind of
    ("player", "quarterback", True),  # either way round
    ("writer", "author", True),  # one sense, two words
    ("singers", "performer", True),  # plural
    ("county", "city", False),  # two kinds of district
    ("dog", "singer", False),
    ("blorvix", "player", False),  # unknown word: no relation claimed
])
def test_same_kind(a: str, b: str, expected: bool) -> None:
    assert same_kind(a, b) is expected


@pytest.mark.parametrize(("part", "whole", "expected"), [
    ("beijing", "china", True),
    ("munich", "europe", True),  # however far up
    ("brooklyn", "new york", True),
    ("China", "Beijing", False),  # not the other way round
    ("hamburg", "bonn", False),
    ("beijing", "beijing", False),  # a place is not inside itself
    ("atlantis", "europe", False),  # unknown place
])
def test_within(part: str, whole: str, expected: bool) -> None:
    assert within(part, whole) is expected


def test_opposites_are_by_stem_and_in_common_senses_only() -> None:
    assert stem("end") in opposites(stem("begin"))
    assert stem("worst") in opposites(stem("best"))
    assert stem("find") not in opposites(stem("lose"))  # a rare sense of "lose"
    assert opposites(stem("table")) == frozenset()
    assert word(stem("increase")) == "increase"


def test_verbs_with_opposites_are_known() -> None:
    assert opposite_verbs(stem("export"))
    assert not opposite_verbs(stem("large"))
