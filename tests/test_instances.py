"""Which occurrence of an event a claim speaks of, against a reference fact (checker/judge/instances.py)."""

from __future__ import annotations

from dataclasses import replace

from checker import check_text
from checker.claims.parse import analyse
from checker.judge.instances import (
    designations,
    event_instance_words,
    identified_instance,
    instance_words,
    other_instance,
    texts_designated_apart,
)
from checker.model import Claim, Document, ReferenceFact, ReferenceSet, Span, ValueKind


def _claim(text: str, reference_id: str | None = None) -> Claim:
    (claim,) = analyse([(Document("", text), text, Span(0, len(text)))])
    return replace(claim, reference_id=reference_id)


def test_instance_words_skip_the_values_compared() -> None:
    claim = _claim("Her third album came out on May 3rd, 2001, after a new contract.")
    other = _claim("Her second album came out in 1999.")
    assert instance_words(claim, ValueKind.DATE, other) == frozenset({"third", "new"})
    assert instance_words(claim, ValueKind.NUMBER, other) == frozenset({"new", "3rd"})


def test_event_instance_words_belong_to_the_dated_event() -> None:
    fact = _claim("The siege of Lanta ended on 20 May 2019.")
    near = _claim("Halvorsen was re-elected governor of Vessa on 3 March 2018.")
    far = _claim("When the last Norvik defenders surrendered, the siege of Lanta ended on 20 June 2019.")
    assert event_instance_words(near, ValueKind.DATE, fact) == frozenset({"re-"})
    assert event_instance_words(far, ValueKind.DATE, fact) == frozenset()


def _other_instance(text: str, other: Claim) -> bool:
    claim = _claim(text)
    return other_instance(claim, other, claim.anchors[0], other.anchors[0])


def test_another_undergoer_against_a_fact() -> None:
    fact = _claim("Arvonia and Corran signed a fisheries agreement on 3 March 2022.", reference_id="f")
    assert _other_instance("Arvonia and Corran signed a mining deal on 9 March 2022.", fact)
    assert not _other_instance("Arvonia and Corran signed a fisheries pact on 9 March 2022.", fact)
    # Between two sentences of an article, common nouns prove nothing.
    article = _claim("Arvonia and Corran signed a fisheries agreement on 3 March 2022.")
    assert not _other_instance("Arvonia and Corran signed a mining deal on 9 March 2022.", article)


def test_a_phrase_after_the_facts_undergoer_describes_it() -> None:
    fact = _claim("Veloria signed the treaty on the accession of Marren to Veloria on 4 May 2011.", reference_id="f")
    assert _other_instance("Ostrava and Veloria signed a mutual defence treaty on 9 June 2019.", fact)
    assert not _other_instance("Veloria signed the treaty on 4 May 2012.", fact)


def test_one_of_a_kind_against_an_identified_thing() -> None:
    fact = _claim("The Varn Assembly adopted resolution 41/9 with 131 votes in favour.", reference_id="f")
    for text, other in (("The Varn Assembly adopted a resolution with 120 votes in favour.", True),
                        ("The Varn Assembly adopted another resolution with 120 votes.", True),
                        ("The Varn Assembly adopted resolution 41/9 with 120 votes in favour.", False),
                        ("The resolution was adopted with 120 votes in favour.", False)):
        assert identified_instance(_claim(text), fact) is other, text
    # A value is no identifier: "in 2017" after a noun names no resolution.
    dated = _claim("The Varn Assembly adopted the budget in 2017.", reference_id="f")
    assert not identified_instance(_claim("The Varn Assembly adopted a budget in 2019."), dated)


def test_designations_of_a_series() -> None:
    assert designations("The assembly adopted resolution ES-11/7 with 93 votes.") == {"/": frozenset({"es-11/7"})}
    assert designations("Flight QZ401 left Varna at 06:40.") == {"qz": frozenset({"401"})}
    assert designations("The Orlov II treaty and Route 9 date from 1911.") == {
        "orlov": frozenset({"ii"}), "route": frozenset({"9"})}
    # Years, dates and figures led by closed-class words designate nothing.
    assert designations("About 40 boats sank in May 2019, on Tuesday 3 June or in 1911.") == {}
    assert designations("Over 300 delegates came; Euro 2028 opens on 9 June.") == {}


def test_members_of_a_series_designated_apart() -> None:
    assert texts_designated_apart("Resolution 2417 passed with 15 votes.", "Resolution 2409 passed with 13 votes.")
    assert not texts_designated_apart("Resolution 2417 passed with 15 votes.", "Resolution 2417 passed with 13 votes.")
    assert texts_designated_apart("The Orlov II treaty was signed in 1911.", "The Orlov treaty was signed in 1897.")
    # The city a sequel is named after does not make the sequel's own sentence another series member.
    assert not texts_designated_apart("The Orlov II treaty, signed in Orlov, dates from 1911.",
                                      "The Orlov II treaty was signed in 1912.")
    # A sentence that names no member of the series says nothing either way.
    assert not texts_designated_apart("Flight QZ401 carried 180 passengers.", "The flight carried 162 passengers.")


def test_figures_of_different_series_members_are_not_compared() -> None:
    apart = check_text("Flight QZ401 carried 180 passengers when it left Varna. "
                       "Flight QZ402 carried 162 passengers when it left Varna.")
    assert apart.findings == ()
    same = check_text("Flight QZ401 carried 180 passengers when it left Varna. "
                      "Flight QZ401 carried 162 passengers when it left Varna.")
    assert [(f.rule, f.text) for f in same.findings] == [("number-mismatch", "162 passengers")]


def test_a_recurring_event_named_as_one_occurrence_has_one_date() -> None:
    def dates(text: str) -> list[tuple[str, str]]:
        return [(f.rule, f.text) for f in check_text(text).findings]

    assert dates("The first round of the Vellan talks was held in Oslo on 3 March 2021. "
                 "The first round of the Vellan talks was held in Oslo on 3 March 2022.") == [
        ("date-mismatch", "held in Oslo on 3 March 2022")]
    assert dates("Mira Kostic won her first national title in 2009. Mira Kostic won her first national title in "
                 "2011.") == [("date-mismatch", "won her first national title in 2011")]
    # Without the ordinal, or with two ordinals, or among other names: other occurrences.
    assert dates("The Vellan talks were held in Oslo on 3 March 2021. The Vellan talks were held in Oslo on "
                 "3 March 2022.") == []
    assert dates("The first round of the Vellan talks was held in Oslo on 3 March 2021. "
                 "The second round of the Vellan talks was held in Oslo on 3 March 2022.") == []
    assert dates("Danish and Latvian envoys held their first talks in Oslo on 3 March 2021. "
                 "Danish and Estonian envoys held their first talks in Riga on 9 June 2022.") == []


def _once_fact(statement: str, *, once: bool = True) -> ReferenceSet:
    return ReferenceSet("events", "", "events.yml", (
        ReferenceFact(id="the-event", statement=statement, sources=("Tarvonian gazette, 2 June 1993",),
                      path="events.yml", line=3, column=16, once=once),))


def _against(text: str, facts: ReferenceSet) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.text, f.related[0].reference_id) for f in check_text(text, references=[facts]).findings]


def test_a_fact_marked_once_dates_its_recurring_event() -> None:
    referendum = _once_fact("Tarvonia held its independence referendum on 5 May 1993.")
    assert _against("Tarvonia held its independence referendum on 5 May 1996.", referendum) == [
        ("date-mismatch", "held its independence referendum on 5 May 1996", "the-event")]
    # Another referendum is another event; and without the mark, referendums recur.
    assert _against("Tarvonia held a referendum on its constitution on 5 May 1996.", referendum) == []
    unmarked = _once_fact("Tarvonia held its independence referendum on 5 May 1993.", once=False)
    assert _against("Tarvonia held its independence referendum on 5 May 1996.", unmarked) == []


def test_a_claim_must_say_all_the_once_fact_says_of_its_event() -> None:
    meeting = _once_fact("Marel Okafor and Dina Voss met inside the Halvern Palace on 3 March 2030.")
    # A name by one of its words will do.
    assert _against("Okafor and Voss met inside the Halvern Palace on 4 March 2031.", meeting) == [
        ("date-mismatch", "met inside the Halvern Palace on 4 March 2031", "the-event")]
    # Without the palace it may be any of their meetings.
    assert _against("Okafor and Voss met on 4 March 2031.", meeting) == []
    assert _against("Okafor met Voss in Lisbon on 4 March 2031.", meeting) == []
