"""WordNet relations the judgement relies on (checker/lexicon/data/lexicon.json.gz)."""

from __future__ import annotations

import pytest

from checker.lexicon.stems import stem
from checker.lexicon.wordnet import opposite_verbs, opposites, same_kind, within, word


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


def test_british_spellings_in_ise_stem_as_the_tables_do() -> None:
    assert stem("criticised") == stem("criticized") == stem("criticise") == "critic"
    assert stem("criticising") == stem("criticizing")
    assert opposites(stem("praised")) == {stem("criticised")}
    # Words in -ise that have no -ize spelling keep their own stems.
    assert (stem("raised"), stem("advised"), stem("surprised")) == ("rais", "advis", "surpris")


def test_verbs_with_opposites_are_known() -> None:
    assert opposite_verbs(stem("export"))
    assert not opposite_verbs(stem("large"))


def test_every_word_list_says_what_it_holds_where_it_comes_from_and_who_uses_it() -> None:
    from pathlib import Path

    from checker.lexicon.words import word_groups, word_list

    folder = Path(__file__).resolve().parent.parent / "checker" / "lexicon" / "lists"
    lists = sorted(folder.glob("*.txt"))
    assert len(lists) == 21
    for path in lists:
        header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        assert any(line.startswith("# Source: ") for line in header), path.name
        users = next(line for line in header if line.startswith("# Used by: "))[len("# Used by: "):]
        for user in users.split(", "):
            assert f'"{path.stem}"' in (folder.parent.parent.parent / user).read_text(encoding="utf-8"), user
        assert (word_groups(path.stem) if path.stem == "equivalents" else word_list(path.stem))
    assert "sept" in word_list("abbreviations") and frozenset({"film", "movie", "picture", "motion"}) in \
        word_groups("equivalents")
