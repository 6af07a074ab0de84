"""Claim analysis: sentence cutting, names, and parsing in a worker process."""

from __future__ import annotations

import pytest

from checker.claims import parse as analysis
from checker.claims.sentences import split_blocks
from checker.inputs.documents import document_from_text, prose
from checker.model import Document, Filler, FillerKind, Span, ValueKind


def _cut(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_blocks(text, [Span(0, len(text))])]


def test_sentences_are_cut_where_the_end_is_certain() -> None:
    text = ('He was born in 1950. She moved to the U.S. Army in 1970. Dr. Smith said "no." Then it ended '
            "(in 2001). Fine! Right? Yes.\nA new line.")
    assert _cut(text) == ["He was born in 1950.", "She moved to the U.S. Army in 1970.", 'Dr. Smith said "no."',
                          "Then it ended (in 2001).", "Fine!", "Right?", "Yes.", "A new line."]


@pytest.mark.parametrize("text", [
    "Troops left Crimea in Sept. The treaty followed.",  # "Sept." is a known abbreviation: left whole
    "It was sold by J. R. Smith to the city.",
    "Prices rose, e.g. Food and fuel.",
    "They met in Jan. 2001 at St. Paul.",
    "Sales rose 5%. Profits fell.",  # "%" is no word or figure: the parser decides
])
def test_uncertain_ends_are_left_to_the_parser(text: str) -> None:
    assert _cut(text) == [text]


def test_cut_spans_are_offsets_in_the_text() -> None:
    text = "  Crimea was annexed in 2014.   Talks resumed in 2025.  "
    spans = list(split_blocks(text, [Span(2, 54)]))
    assert [text[s.start:s.end] for s in spans] == ["Crimea was annexed in 2014.", "Talks resumed in 2025."]
    assert spans == [Span(2, 29), Span(32, 54)]


def _pieces(text: str) -> list[tuple[Document, str, Span]]:
    doc = document_from_text(text, path="a.md")
    view = prose(doc)
    return [(doc, view.text, span) for span in split_blocks(view.text, view.blocks)]


def test_names_are_proper_noun_runs_outside_values() -> None:
    claims = analysis.analyse(_pieces("Barack Obama visited New Delhi in March 2014 with 300 aides.\n"))
    assert [(e.text, e.span) for e in claims[0].entities] == [("Barack Obama", Span(0, 12)),
                                                              ("New Delhi", Span(21, 30))]


@pytest.mark.parametrize(("text", "denied"), [
    ("Corwin Aldane does not play the cello.", {"play"}),
    ("She refused to model for the brand.", {"model"}),
    ("He has yet to appear on television.", {"appear"}),
    ("He is not a musician.", {"musician"}),
    ("The firm had no relation to the arms trade.", {"relat"}),
    ("He plays the cello.", set()),
])
def test_what_a_negation_denies(text: str, denied: set[str]) -> None:
    claim = analysis.analyse(_pieces(text))[0]
    assert claim.negated is bool(denied)
    assert claim.denied == frozenset(denied)


def test_what_a_participle_describes_through_a_copula_is_its_undergoer() -> None:
    claim = analysis.analyse(_pieces("Marrowgate Studios is a music facility located in East Pellham.\n"))[0]
    located = [f for f in claim.frames if f.head == "locat"]
    assert located and {Filler("studios", FillerKind.PROPER), Filler("facility")} <= located[0].objects


def test_a_fronted_participle_is_said_of_the_main_subject() -> None:
    claim = analysis.analyse(_pieces("Born in Harlby in 1958, Oskar Veldt had trained as a chemist.\n"))[0]
    born = [f for f in claim.frames if f.head == "bear"]
    assert born and Filler("veldt", FillerKind.PROPER) in born[0].objects and born[0].subject == "Born Veldt"
    claim = analysis.analyse(_pieces("Opening the fair in Dunmere, the mayor praised its stallholders.\n"))[0]
    opening = [f for f in claim.frames if f.head == "open"]
    assert opening and Filler("mayor") in opening[0].subjects
    # A participle with its own subject, or a pronoun subject, says nothing of a named one.
    claim = analysis.analyse(_pieces("Born in Harlby, he had trained as a chemist.\n"))[0]
    assert not next(f for f in claim.frames if f.head == "bear").objects


def test_a_trailing_participle_is_said_of_the_main_subject() -> None:
    claim = analysis.analyse(_pieces("Even Corveth joined the trend, releasing a snow drone in May.\n"))[0]
    (anchor,) = claim.anchors
    assert anchor.head == "releas" and Filler("corveth", FillerKind.PROPER) in anchor.subjects
    assert not anchor.open_subject
    # Without the comma the participle is an adjunct of the verb's own ("left carrying ..."):
    # its doer is left as the parse has it.
    claim = analysis.analyse(_pieces("Corveth left the depot carrying 3 snow drones.\n"))[0]
    assert not claim.anchors[0].subjects


def _date_heads(text: str) -> list[tuple[str, str]]:
    claim = analysis.analyse(_pieces(text + "\n"))[0]
    return [(v.text, an.head) for v, an in zip(claim.values, claim.anchors, strict=True) if v.kind is ValueKind.DATE]


@pytest.mark.parametrize(("text", "heads"), [
    # A date joined to another dates the same event.
    ("Surveyors inspected the Tolland weir on 3 March and 4 March.", [("3 March", "inspect"), ("4 March", "inspect")]),
    # A verb that only says something happened dates its subject, when that names an event.
    ("The surveyors' inspection of the weir took place last June.", [("June", "inspect")]),
    ("The recount happened on 2 May.", [("2 May", "recount")]),
    ("The first hearing was on 11 October.", [("11 October", "hear")]),
    # A post held does not happen: the dates of "served as mayor ..." are the serving's.
    ("Ms Brandt, who served as deputy mayor between 2007 and 2014, retired.", [("between 2007 and 2014", "serv")]),
    # Not a figure's noun: "the rate was ... as of" dates the measurement.
    ("The jobless rate was 4% as of June 2019.", [("June 2019", "be")]),
])
def test_what_a_date_dates(text: str, heads: list[tuple[str, str]]) -> None:
    assert _date_heads(text) == heads


def test_a_native_of_a_place_was_born_there() -> None:
    claim = analysis.analyse(_pieces("Oskar Veldt was a native of Harlby.\n"))[0]
    born = [f for f in claim.frames if f.head == "bear"]
    assert born and Filler("veldt", FillerKind.PROPER) in born[0].objects
    assert {(m.preposition, m.filler.word) for m in born[0].modifiers} == {("in", "harlby")}
    claim = analysis.analyse(_pieces("Oskar Veldt was a friend of Harlby's mayor.\n"))[0]
    assert not [f for f in claim.frames if f.head == "bear"]


def test_a_pronunciation_is_no_name() -> None:
    text = "Prescott ([ˈprɛskət]) is a city in Arizona.\n"
    claim = analysis.analyse(_pieces(text))[0]
    assert claim.text == "Prescott ([ˈprɛskət]) is a city in Arizona."  # the claim keeps the original words
    assert [e.text for e in claim.entities] == ["Prescott", "Arizona"]


def test_a_measure_unit_is_part_of_its_figure_not_what_the_subject_is() -> None:
    claim = analysis.analyse(_pieces("The quarry is at least 2600 metres in length."))[0]
    assert [f.complements for f in claim.frames if f.head == "be"] == [frozenset()]


TEXT = ("Talks resumed after the 2022 annexation of Crimea. The talks were held in Geneva.\n\n"
        "Crimea was annexed by Russia in 2014, officials said. About 3,000 troops took part.\n")


def test_worker_process_gives_the_claims_of_the_in_process_parse() -> None:
    analysis._MEMO.clear()
    here = analysis.analyse(_pieces(TEXT))
    analysis._MEMO.clear()
    calls: list[str] = []
    in_worker = analysis.analyse(_pieces(TEXT), meanwhile=lambda: calls.append("loaded"))
    assert in_worker == here
    assert calls == ["loaded"]
    assert [c.text for c in here] == ["Talks resumed after the 2022 annexation of Crimea.",
                                      "The talks were held in Geneva.",
                                      "Crimea was annexed by Russia in 2014, officials said.",
                                      "About 3,000 troops took part."]


def test_nothing_to_parse_runs_nothing_meanwhile() -> None:
    analysis.analyse(_pieces(TEXT))
    calls: list[str] = []
    analysis.analyse(_pieces(TEXT), meanwhile=lambda: calls.append("loaded"))  # all memoised
    assert calls == []


def _die(chunk: list[tuple[str, str]]) -> list[str]:
    import os

    os._exit(1)  # as a worker killed for memory would


def test_a_dead_worker_does_not_hang_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis._MEMO.clear()
    here = analysis.analyse(_pieces(TEXT))
    analysis._MEMO.clear()
    monkeypatch.setattr(analysis, "_parse_in_worker", _die)
    assert analysis.analyse(_pieces(TEXT), meanwhile=lambda: None) == here  # parsed here instead


def test_a_life_span_after_a_birth_name_dates_birth_and_death() -> None:
    text = "Ilsa Marr (born Ilse Marrow; 3 June 1941 – 9 May 2002) was a Danish singer.\n"
    claim = analysis.analyse(_pieces(text))[0]
    assert [(v.text, a.head) for v, a in zip(claim.values, claim.anchors, strict=True)] == \
        [("3 June 1941", "bear"), ("9 May 2002", "die")]
