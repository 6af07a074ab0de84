"""The shipped reference set: quiet on true sentences about related events, loud on wrong dates,
consistent with itself, every fact sourced.

The true sentences below are written for this test from public knowledge of the war (each is a
different occurrence of an event one of the set's facts dates: an earlier inauguration, another
round of talks, another attack on the same bridge). Every dated fact is caught with a wrong year:
facts about meetings and votes, which recur, carry `once: true` where their event happened once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker import check_text
from checker.curation import lint
from checker.inputs.references import load_reference_sets
from checker.model import ReferenceFact, ReferenceSet, Severity

ROOT = Path(__file__).resolve().parents[1]
SETS: tuple[ReferenceSet, ...] = load_reference_sets([ROOT / "references"])
FACTS = [fact for s in SETS for fact in s.facts]

TRUE_RELATED = [
    "Russian troops began seizing Crimea on 20 February 2014.",
    "The Crimean parliament building was seized by armed men on 27 February 2014.",
    "Putin signed the law completing Crimea's annexation on 21 March 2014.",
    "Traffic started crossing the Crimean Bridge on 16 May 2018.",
    "The first passenger train crossed the Crimean Bridge on 23 December 2019.",
    "Naval drones hit the Kerch Strait bridge in July 2023.",
    "Ukraine's security service struck the Crimean Bridge with underwater explosives on 3 June 2025.",
    "The Russo-Ukrainian War began in February 2014.",
    "Russia launched a new offensive in the Kharkiv region in May 2024.",
    "Putin signed the laws annexing the four regions on 5 October 2022.",
    "Russia suspended its participation in the Black Sea Grain Initiative on 29 October 2022.",
    "The Ukrainian People's Republic declared its independence on 22 January 1918.",
    "Ukraine's Declaration of State Sovereignty dates from 16 July 1990.",
    "On 14 December 2023 the European Council agreed to start membership talks with Kyiv.",
    "Putin's first inauguration as Russia's president took place on 7 May 2000.",
    "Vladimir Putin was inaugurated for his fourth term on 7 May 2018.",
    "Donald Trump was first inaugurated as president on 20 January 2017.",
    "Ukraine and the United States signed a memorandum of intent on a minerals deal on 17 April 2025.",
    "Vladimir Putin became acting president of Russia on 31 December 1999.",
    "US and Russian officials held a second round of talks in Riyadh on 24 March 2025.",
    "The second round of direct Russian-Ukrainian talks in Istanbul took place on 2 June 2025.",
    "Russian and Ukrainian negotiators met in Istanbul for a third round on 23 July 2025.",
    "Saudi Arabia hosted talks on a peace formula for Ukraine in Jeddah on 5 August 2023.",
    "Zelenskyy visited the White House on 21 September 2023 to meet Joe Biden.",
    "US and Russian officials held talks on Ukraine in Geneva on 10 January 2022.",
    "North Korea and Russia signed a mutual defence treaty on 19 June 2024.",
    "Ukraine said its troops had retaken the town of Irpin on 28 March 2022.",
    "Ukraine declared martial law in ten regions on 26 November 2018.",
    "Petro Poroshenko imposed martial law in ten regions on 26 November 2018.",
    "Vladimir Putin declared martial law in the four annexed regions on 19 October 2022.",
    "Zelenskyy signed a law lowering the mobilisation age to 25 on 2 April 2024.",
    # Other occurrences of events that facts marked `once: true` date.
    "On 17 October 2025 Zelenskyy met Trump again in Washington, at the White House.",
    "Zelenskyy and Trump held talks in New York during the UN General Assembly on 23 September 2025.",
    "Ukraine held a constitutional referendum on 16 April 2000.",
    "Crimea held a referendum on restoring its autonomy on 20 January 1991.",
    "The Verkhovna Rada voted to restore the 2004 constitution on 21 February 2014.",
    "US and Ukrainian delegations met in Florida on 30 November 2025 to discuss the peace plan.",
    "Occupation authorities held regional elections in the four annexed regions in September 2023.",
]


@pytest.mark.parametrize("sentence", TRUE_RELATED)
def test_a_true_sentence_about_a_related_event_is_not_flagged(sentence: str) -> None:
    report = check_text(sentence, references=SETS)
    assert [f.message for f in report.findings if f.related] == []


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
DATED = [fact for fact in FACTS if _YEAR.search(fact.statement)]


def _wrong(statement: str) -> str:
    """The statement with the year of its (last) date moved three years on."""
    match = list(_YEAR.finditer(statement))[-1]
    return f"{statement[:match.start()]}{int(match.group()) + 3}{statement[match.end():]}"


@pytest.mark.parametrize("fact", [pytest.param(fact, id=fact.id) for fact in DATED])
def test_a_wrong_year_for_a_dated_fact_is_caught(fact: ReferenceFact) -> None:
    report = check_text(_wrong(fact.statement), references=SETS)
    assert any(e.reference_id == fact.id for f in report.findings for e in f.related)


def test_the_set_is_consistent_with_itself() -> None:
    problems = lint(SETS)
    assert [(p.kind, p.fact.id, p.message) for p in problems if p.severity > Severity.INFO] == []


_URL = re.compile(r"https?://[^\s/]+\.[^\s]+")


def test_every_source_is_a_url_or_a_citation() -> None:
    """A citation names a document and a date or an identifier: a title of at least three words
    with a year or a number in it ("UN General Assembly resolution 68/262 (A/RES/68/262), 27
    March 2014")."""
    for fact in FACTS:
        assert fact.sources, fact.id
        for source in fact.sources:
            citation = len(source.split()) >= 3 and re.search(r"\d", source)
            assert _URL.fullmatch(source) or citation, (fact.id, source)
