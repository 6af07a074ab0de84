"""Extraction and comparison of dates and numbers (checker.values)."""

from __future__ import annotations

import itertools
import math
from datetime import date

import pytest

from checker.model import Bound, Span, Value, ValueKind
from checker.values import compatible, extract_values, values_differ

DATE, NUMBER = ValueKind.DATE, ValueKind.NUMBER
INF = math.inf


def day(year: int, month: int = 1, dom: int = 1) -> int:
    return date(year, month, dom).toordinal()


def year(y: int) -> tuple[int, int]:
    return day(y), day(y, 12, 31)


Row = tuple[ValueKind, str, int, float, float, str]


def rows(text: str) -> list[Row]:
    return [(v.kind, v.text, v.span.start, v.low, v.high, v.unit) for v in extract_values(text)]


def only(text: str) -> Value:
    values = extract_values(text)
    assert len(values) == 1, values
    return values[0]


DATE_CASES: list[tuple[str, list[Row]]] = [
    # seed-article sentences
    ("following the 2022 annexation of Crimea", [(DATE, "2022", 14, *year(2022), "year")]),
    ('illegally annexed by Russia in 2014, "will stay', [(DATE, "2014", 31, *year(2014), "year")]),
    ("2014's elections", [(DATE, "2014", 0, *year(2014), "year")]),
    ("in 2014.", [(DATE, "2014", 3, *year(2014), "year")]),
    ("(1066)", [(DATE, "1066", 1, *year(1066), "year")]),
    # months
    ("in March 2014", [(DATE, "March 2014", 3, day(2014, 3), day(2014, 3, 31), "month")]),
    ("in Mar. 2014", [(DATE, "Mar. 2014", 3, day(2014, 3), day(2014, 3, 31), "month")]),
    ("March of 2014", [(DATE, "March of 2014", 0, day(2014, 3), day(2014, 3, 31), "month")]),
    ("in February 2016", [(DATE, "February 2016", 3, day(2016, 2), day(2016, 2, 29), "month")]),
    ("ISO 2014-03.", [(DATE, "2014-03", 4, day(2014, 3), day(2014, 3, 31), "month")]),
    # days
    ("on 18 March 2014", [(DATE, "18 March 2014", 3, day(2014, 3, 18), day(2014, 3, 18), "day")]),
    ("on March 18, 2014", [(DATE, "March 18, 2014", 3, day(2014, 3, 18), day(2014, 3, 18), "day")]),
    ("on March 18th, 2014", [(DATE, "March 18th, 2014", 3, day(2014, 3, 18), day(2014, 3, 18), "day")]),
    ("the 18th of March 2014", [(DATE, "18th of March 2014", 4, day(2014, 3, 18), day(2014, 3, 18), "day")]),
    ("on 2014-03-18", [(DATE, "2014-03-18", 3, day(2014, 3, 18), day(2014, 3, 18), "day")]),
    # decades
    ("the 1990s", [(DATE, "1990s", 4, day(1990), day(1999, 12, 31), "decade")]),
    ("in the '90s", [(DATE, "'90s", 7, day(1990), day(1999, 12, 31), "decade")]),
    ("born in the fifties", [(DATE, "the fifties", 8, day(1950), day(1959, 12, 31), "decade")]),
    ("in the late Sixties", [(DATE, "the late Sixties", 3, day(1960), day(1969, 12, 31), "decade")]),
    ("a man in his fifties", []),  # an age
    # ranges
    ("2014-2022", [(DATE, "2014-2022", 0, day(2014), day(2022, 12, 31), "range")]),
    ("war (2014–2022)", [(DATE, "2014–2022", 5, day(2014), day(2022, 12, 31), "range")]),
    ("from 2014 to 2022", [(DATE, "from 2014 to 2022", 0, day(2014), day(2022, 12, 31), "range")]),
    ("between 2014 and 2022", [(DATE, "between 2014 and 2022", 0, day(2014), day(2022, 12, 31), "range")]),
    ("ran 2014 to 2022", [(DATE, "2014 to 2022", 4, day(2014), day(2022, 12, 31), "range")]),
    ("the 2011–12 season", [(DATE, "2011–12", 4, day(2011), day(2012, 12, 31), "range")]),
    # days of one month
    ("met from 4 to 9 June 2031", [(DATE, "4 to 9 June 2031", 9, day(2031, 6, 4), day(2031, 6, 9), "days")]),
    ("on 11–12 May 2027", [(DATE, "11–12 May 2027", 3, day(2027, 5, 11), day(2027, 5, 12), "days")]),
    ("on 2 and 3 April 2029", [(DATE, "2 and 3 April 2029", 3, day(2029, 4, 2), day(2029, 4, 3), "days")]),
    ("ran October 14-18, 2026", [(DATE, "October 14-18, 2026", 4, day(2026, 10, 14), day(2026, 10, 18), "days")]),
    ("from 9 to 4 June 2031", [(NUMBER, "9", 5, 9, 9, ""),  # no backwards range
                               (DATE, "4 June 2031", 10, day(2031, 6, 4), day(2031, 6, 4), "day")]),
    # vague parts of a year are the whole year
    ("mid-2014", [(DATE, "mid-2014", 0, *year(2014), "year")]),
    ("in early 2014", [(DATE, "early 2014", 3, *year(2014), "year")]),
    ("by late 2014", [(DATE, "late 2014", 3, *year(2014), "year")]),
    # several, in order
    ("From March 2014 to 2022 and in 2023", [
        (DATE, "March 2014", 5, day(2014, 3), day(2014, 3, 31), "month"),
        (DATE, "2022", 19, *year(2022), "year"),
        (DATE, "2023", 31, *year(2023), "year"),
    ]),
]

NUMBER_CASES: list[tuple[str, list[Row]]] = [
    ("3,000 troops", [(NUMBER, "3,000", 0, 3000, 3000, "soldier")]),
    ("1.5 and -3", [(NUMBER, "1.5", 0, 1.5, 1.5, ""), (NUMBER, "-3", 8, -3, -3, "")]),
    ("three thousand", [(NUMBER, "three thousand", 0, 3000, 3000, "")]),
    ("twenty-five countries", [(NUMBER, "twenty-five", 0, 25, 25, "country")]),
    ("Twenty five", [(NUMBER, "Twenty five", 0, 25, 25, "")]),
    ("a million people", [(NUMBER, "a million", 0, 1e6, 1e6, "person")]),
    ("half a million refugees", [(NUMBER, "half a million", 0, 5e5, 5e5, "refugee")]),
    ("two hundred and five", [(NUMBER, "two hundred and five", 0, 205, 205, "")]),
    ("1.5 million", [(NUMBER, "1.5 million", 0, 1.5e6, 1.5e6, "")]),
    ("2 bn", [(NUMBER, "2 bn", 0, 2e9, 2e9, "")]),
    ("8.2 million", [(NUMBER, "8.2 million", 0, 8.2e6, 8.2e6, "")]),
    ("1.2 trillion", [(NUMBER, "1.2 trillion", 0, 1.2e12, 1.2e12, "")]),
    ("5k", [(NUMBER, "5k", 0, 5000, 5000, "")]),
    # money
    ("$1.5 bn", [(NUMBER, "$1.5 bn", 0, 1.5e9, 1.5e9, "usd")]),
    ("cost $1.5bn", [(NUMBER, "$1.5bn", 5, 1.5e9, 1.5e9, "usd")]),
    ("€3 billion", [(NUMBER, "€3 billion", 0, 3e9, 3e9, "eur")]),
    ("£20", [(NUMBER, "£20", 0, 20, 20, "gbp")]),
    ("$3m", [(NUMBER, "$3m", 0, 3e6, 3e6, "usd")]),
    ("US$40", [(NUMBER, "US$40", 0, 40, 40, "usd")]),
    ("$2014", [(NUMBER, "$2014", 0, 2014, 2014, "usd")]),
    ("5 dollars", [(NUMBER, "5", 0, 5, 5, "usd")]),
    ("5 billion US dollars", [(NUMBER, "5 billion", 0, 5e9, 5e9, "usd")]),
    ("3 euros", [(NUMBER, "3", 0, 3, 3, "eur")]),
    ("4 pounds", [(NUMBER, "4", 0, 4, 4, "gbp")]),
    ("100 rubles", [(NUMBER, "100", 0, 100, 100, "rub")]),
    ("50 roubles", [(NUMBER, "50", 0, 50, 50, "rub")]),
    ("7 hryvnia", [(NUMBER, "7", 0, 7, 7, "uah")]),
    # percentages
    ("10%", [(NUMBER, "10%", 0, 10, 10, "percent")]),
    ("10 percent", [(NUMBER, "10 percent", 0, 10, 10, "percent")]),
    ("10 per cent", [(NUMBER, "10 per cent", 0, 10, 10, "percent")]),
    ("ten per cent", [(NUMBER, "ten per cent", 0, 10, 10, "percent")]),
    # units of measure
    ("10 km", [(NUMBER, "10", 0, 10, 10, "km")]),
    ("10km", [(NUMBER, "10", 0, 10, 10, "km")]),
    ("12 kilometres", [(NUMBER, "12", 0, 12, 12, "km")]),
    ("12 kilometers", [(NUMBER, "12", 0, 12, 12, "km")]),
    ("4 miles", [(NUMBER, "4", 0, 4, 4, "mile")]),
    ("10m", [(NUMBER, "10", 0, 10, 10, "m")]),
    ("5 kg", [(NUMBER, "5", 0, 5, 5, "kg")]),
    ("6 tonnes", [(NUMBER, "6", 0, 6, 6, "tonne")]),
    ("7 km2", [(NUMBER, "7", 0, 7, 7, "km2")]),
    ("9 km²", [(NUMBER, "9", 0, 9, 9, "km2")]),
    ("27,000 square kilometres", [(NUMBER, "27,000", 0, 27000, 27000, "km2")]),
    ("3 hectares", [(NUMBER, "3", 0, 3, 3, "hectare")]),
    ("a 10-year plan", [(NUMBER, "10", 2, 10, 10, "year")]),
    # counted nouns
    ("2014 people", [(NUMBER, "2014", 0, 2014, 2014, "person")]),
    ("1500 soldiers", [(NUMBER, "1500", 0, 1500, 1500, "soldier")]),
    ("3,000 Russian troops", [(NUMBER, "3,000", 0, 3000, 3000, "soldier")]),
    ("12 members", [(NUMBER, "12", 0, 12, 12, "member")]),
    ("30 years", [(NUMBER, "30", 0, 30, 30, "year")]),
    ("5 children", [(NUMBER, "5", 0, 5, 5, "child")]),
    ("10 times", [(NUMBER, "10", 0, 10, 10, "time")]),
    ("1,200 were killed", [(NUMBER, "1,200", 0, 1200, 1200, "")]),
    # qualifiers
    ("about 100", [(NUMBER, "about 100", 0, 90, 110, "")]),
    ("some 3,000 troops", [(NUMBER, "some 3,000", 0, 2700, 3300, "soldier")]),
    ("nearly 10", [(NUMBER, "nearly 10", 0, 9, 10, "")]),
    ("almost 20", [(NUMBER, "almost 20", 0, 18, 20, "")]),
    ("over 50", [(NUMBER, "over 50", 0, 50, 75, "")]),
    ("more than 60", [(NUMBER, "more than 60", 0, 60, 90, "")]),
    ("at least 70", [(NUMBER, "at least 70", 0, 70, 105, "")]),
    ("less than 80", [(NUMBER, "less than 80", 0, 40, 80, "")]),
    ("under 90", [(NUMBER, "under 90", 0, 45, 90, "")]),
    ("up to 100", [(NUMBER, "up to 100", 0, 50, 100, "")]),
    ("at most 4", [(NUMBER, "at most 4", 0, 2, 4, "")]),
    ("more than 1500 were killed", [(NUMBER, "more than 1500", 0, 1500, 2250, "")]),
]

NEGATIVE_CASES = [
    "the 2nd time", "at 10:30", "at 5 pm", "one of the most", "one day", "a man",
    "[1] Washington Post", "1. In a turn", "## 3. Background",
    "the first and twenty-first", "two-thirds",
    "flight MH17", "COVID-19", "an F-16", "v2.1", "version 3.2", "1.2.3", "https://example.com/2014/03/12",
    "mail me@example2014.com", "Article 5", "Resolution 2202",
    "the pre-2014 border", "in 3D", "a 5G network", "24/7", "9/11", "the 1,2",
]


@pytest.mark.parametrize(("text", "expected"), DATE_CASES + NUMBER_CASES)
def test_extract(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_not_extracted(text: str) -> None:
    assert extract_values(text) == []


def test_approximate_flag() -> None:
    assert only("about 100").approximate
    assert not only("100").approximate


def test_spans_are_offsets_sorted_and_disjoint() -> None:
    text = "In March 2014 about 3,000 troops (10%) and 2 bn dollars; by 2022, 1.5 million people had fled."
    values = extract_values(text)
    assert [v.text for v in values] == ["March 2014", "about 3,000", "10%", "2 bn", "2022", "1.5 million"]
    for value in values:
        assert text[value.span.start:value.span.end] == value.text
    for first, second in itertools.pairwise(values):
        assert first.span.end <= second.span.start


def test_line_start_list_marker_only() -> None:
    assert rows("1. In a turn\nhe saw 2 cars") == [(NUMBER, "2", 20, 2, 2, "car")]


def test_shifted_value_keeps_interval() -> None:
    value = only("in 2014").shifted(10)
    assert value.span == Span(13, 17)
    assert (value.low, value.high) == year(2014)


COMPARISONS = [
    # (a, b, compatible)
    ("2014", "March 2014", True),
    ("2014", "2022", False),
    ("March 2014", "18 March 2014", True),
    ("March 2014", "April 2014", False),
    ("2014-2022", "2018", True),
    ("2014-2022", "2023", False),
    ("the 1990s", "1995", True),
    ("the 1990s", "2001", False),
    ("1.5 billion", "1,500,000,000", True),
    ("1.5 billion", "1.55 billion", True),
    ("1.5 billion", "1.6 billion", False),
    ("3,000", "3,200", True),
    ("3,000", "4,000", False),
    ("three thousand", "3,400", True),
    ("half a million", "550,000", True),
    ("about 100", "105", True),
    ("about 100", "120", False),
    ("10%", "12%", False),
    ("10%", "10.4%", True),
    ("10 km", "10%", True),
    ("10 km", "12", False),
    ("more than 3,000", "5,000", True),
    ("more than 3,000", "2,000", False),
    ("nearly 100", "95", True),
    ("nearly 100", "101", False),
    ("up to 100", "120", False),
    ("2014", "10%", True),  # different kinds
    ("4 to 9 June 2031", "7 June 2031", True),  # a day within the days
    ("4 to 9 June 2031", "June 2031", True),
    ("4 to 9 June 2031", "4 to 9 June 2032", False),
]


@pytest.mark.parametrize(("a", "b", "expected"), COMPARISONS)
def test_compatible(a: str, b: str, expected: bool) -> None:
    first, second = only(a), only(b)
    assert compatible(first, second) is expected
    assert compatible(second, first) is expected
    assert values_differ(first, second) is (not expected)


def test_different_units_never_differ() -> None:
    assert not values_differ(only("10 km"), only("20 miles"))
    assert not values_differ(only("$5"), only("€6"))
    assert values_differ(only("$5"), only("6"))


@pytest.mark.parametrize(("text", "expected"), [
    ("a two-time Olympic champion", [(NUMBER, "two", 2, 2, 2, "time")]),
    ("a 3-story house", [(NUMBER, "3", 2, 3, 3, "story")]),
])
def test_hyphenated_counts(text: str, expected: list[tuple[object, ...]]) -> None:
    got = [(v.kind, v.text, v.span.start, v.low, v.high, v.unit) for v in extract_values(text)]
    assert got == expected


@pytest.mark.parametrize(("a", "b", "ok"), [
    ("over 800 papers", "over 700 papers", False),
    ("up to 20,000 seats", "up to 25,000 seats", False),
    ("over 800 papers", "820 papers", True),
    ("more than 4,700 deaths", "fewer than 4,800 deaths", True),
    ("less than 140,000 people", "more than 141,000 people", False),
    ("fewer than 5,000 people", "over 5,000 people", False),
    ("more than 100 people", "fewer than 150 people", True),
    ("over 79%", "79%", False),  # a strict bound excludes its figure
    ("below 32%", "32%", False),
    ("at least 79%", "79%", True),
    ("over $3 billion", "$3 billion", True),  # a figure in billions is rounded
    ("less than $ 90 million", "$ 187.7 million", False),
    ("younger than 45 years", "39 years", True),
    ("larger than 8,100 people", "8,200 people", True),
    ("smaller than 8,100 people", "8,200 people", False),
])
def test_bounds_compare_their_figures(a: str, b: str, ok: bool) -> None:
    assert compatible(extract_values(a)[0], extract_values(b)[0]) is ok


@pytest.mark.parametrize(("text", "expected"), [
    ("the 47th president", [("47th", 47, "#president")]),
    ("Glass Harbour was the third studio album by Nella Brandt.", [("third", 3, "#album")]),
    ("She became the second woman to chair the harbour board.", [("second", 2, "#woman")]),
    ("for the second time", []),
    ("the second-largest city", []),
    ("it came after the second album", []),  # relative: says where, not which
    ("He was first elected in 2010.", [("2010", 733773, "year")]),
])
def test_ordinals_rank_the_noun_they_modify(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [(v.text, v.low, v.unit) for v in extract_values(text)] == expected


def test_ranks_are_exact() -> None:
    assert compatible(only("the 6th round"), only("the sixth round"))
    assert not compatible(only("the third album"), only("the second album"))


@pytest.mark.parametrize(("a", "b", "ok"), [
    ("it was made after 1999", "a 2000 film", True),
    ("it was made after 1999", "a 1998 film", False),
    ("released before 2005", "released in 2008", False),
    ("released before 2005", "released in 2001", True),
    ("after his death in 1996", "in 1997", False),  # "after" dates the death, not this
])
def test_after_and_before_a_date_are_open_ended(a: str, b: str, ok: bool) -> None:
    x = next(v for v in extract_values(a) if v.kind is DATE)
    y = next(v for v in extract_values(b) if v.kind is DATE)
    assert compatible(x, y) is ok


def test_parts_and_wholes_count_their_own_sets() -> None:
    values = extract_values("Long and four other players won; it spread to 49 of the 50 states, with 34 new cases.")
    assert [(v.text, v.unit) for v in values] == [
        ("four", "part:athlete"), ("49", ""), ("50", "whole:state"), ("34", "part:case")]
    assert compatible(extract_values("four other players")[0], extract_values("five players")[0])


@pytest.mark.parametrize(("text", "expected"), [
    ("They won the final with a 6-4 win.", [("6-4", 6.004)]),
    ("Graz won by a score of 2-4.", [("2-4", 4.002)]),  # the winner's goals first
    ("defeating HC Varde 5-2 in the semi-final", [("5-2", 5.002)]),
    ("Children aged 3-5 years attend.", []),  # a range, not a result
])
def test_match_results_are_one_figure(text: str, expected: list[tuple[str, float]]) -> None:
    assert [(v.text, v.low) for v in extract_values(text) if v.unit == "score"] == expected


def test_a_rank_relative_to_a_named_thing_is_skipped() -> None:
    assert extract_values("Driftwood came after Copper Lantern's third album.") == []
    assert [v.text for v in extract_values("It stood from 1745 through the nineteenth century.")] == ["1745"]
    assert [v.unit for v in extract_values("It is the band's third studio album.")] == ["#album"]


@pytest.mark.parametrize(("text", "month"), [
    ("She was born in May.", 5), ("It was released on August.", 8), ("He left in early June and returned.", 6),
    # "last", "next" and "this" name a month of a year the text leaves to the reader.
    ("The audit took place last November.", 11), ("The vote is next April.", 4), ("It shut this March.", 3),
])
def test_a_month_alone_is_a_month_of_no_year(text: str, month: int) -> None:
    assert [(v.unit, v.low) for v in extract_values(text)] == [("month-of-year", month)]


@pytest.mark.parametrize(("text", "other", "ok"), [
    ("born in May", "born 26 December 1970", False),
    ("born in May", "born 26 May 1970", True),
    ("born in May", "born in 1970", True),  # a year holds every month
])
def test_a_month_of_no_year_compares_with_the_month_of_a_date(text: str, other: str, ok: bool) -> None:
    assert compatible(extract_values(text)[0], extract_values(other)[0]) is ok


def test_a_month_beside_a_day_or_in_a_name_is_no_month_alone() -> None:
    assert [(v.text, v.unit) for v in extract_values("It opened on May 5.")] == [("May 5", "day-of-year")]
    assert [v.unit for v in extract_values("It happened in May's first week.")] == ["#week"]


def test_a_capitalised_number_word_after_a_name_is_part_of_it() -> None:
    assert [v.text for v in extract_values("Fantastic Four was released in 2005 by the Big Three.")] == ["2005"]
    assert [v.text for v in extract_values("In March Three soldiers died.")] == ["March", "Three"]


@pytest.mark.parametrize(("text", "day"), [
    ("The ferry sails on 14 August.", 814.0), ("Polls close on October 3rd.", 1003.0),
    ("a party on the 4th of July", 704.0), ("On 29 February the dam failed.", 229.0),
    ("Judges sit from Sept 9.", 909.0),
])
def test_a_day_without_a_year_is_a_day_of_some_year(text: str, day: float) -> None:
    [value] = extract_values(text)
    assert (value.kind, value.low, value.high, value.unit) == (ValueKind.DATE, day, day, "day-of-year")


def test_no_such_day_is_no_date_and_never_a_bare_number() -> None:
    assert extract_values("on 31 February") == []
    assert extract_values("on April 31") == []


@pytest.mark.parametrize(("a", "b", "agree"), [
    ("on 14 August", "on 14 August 2011", True),
    ("on 14 August", "on August 14", True),
    ("on 14 August", "on 15 August", False),
    ("on 14 August", "on 15 August 2011", False),
    ("on 14 August", "in August 2011", True),
    ("on 14 August", "in September 2011", False),
    ("on 14 August", "in August", True),
    ("on 14 August", "in July", False),
    ("on 14 August", "in 2011", True),
    ("on 14 August", "in the 1990s", True),
])
def test_a_day_of_no_year_agrees_with_dates_of_its_month_and_day(a: str, b: str, agree: bool) -> None:
    [x], [y] = extract_values(a), extract_values(b)
    assert compatible(x, y) is agree and compatible(y, x) is agree


def test_decades_and_centuries_count_years() -> None:
    assert [(v.low, v.unit) for v in extract_values("for three decades, then two centuries")] == \
        [(30.0, "year"), (200.0, "year")]


def test_a_rank_and_final_ranks_its_noun() -> None:
    assert [(v.text, v.unit) for v in extract_values("It started its ninth and final season.")] == \
        [("ninth", "#season")]


def test_zero_is_a_count() -> None:
    assert [(v.text, v.low, v.unit) for v in extract_values("It produced zero training films.")] == \
        [("zero", 0.0, "film")]
    assert not compatible(extract_values("zero films")[0], extract_values("400 films")[0])


def test_money_with_a_space_after_the_symbol() -> None:
    assert [(v.text, v.low, v.unit) for v in extract_values("It made more than $ 30 million.")] == \
        [("more than $ 30 million", 30e6, "usd")]


def test_nouns_that_count_the_same_things_share_a_unit() -> None:
    assert [v.unit for v in extract_values("62 judokas, 47 athletes, 53 countries, 47 nations, 300 troops")] == \
        ["athlete", "athlete", "country", "country", "soldier"]



@pytest.mark.parametrize(("text", "expected"), [
    ("Spiess Tuning built a Formula 4 engine.", []),
    ("The Apollo 11 mission landed in 1969.", ["1969"]),
    ("He played FIFA 09 and Pro Evolution Soccer 6.", []),
    ("About 3,000 troops left.", ["About 3,000"]),  # a capital that starts the sentence
    ("Russia annexed Crimea in March 2014.", ["March 2014"]),  # a month
])
def test_numbers_of_names_are_no_figures(text: str, expected: list[str]) -> None:
    assert [v.text for v in extract_values(text)] == expected


@pytest.mark.parametrize(("text", "unit"), [
    ("the 14-year-old was fined", "age"),
    ("he was 15 years old", "age"),
    ("she served 15 years", "year"),
    ("a 30-year mortgage", "year"),
])
def test_an_n_year_old_is_an_age_not_a_span_of_years(text: str, unit: str) -> None:
    assert [v.unit for v in extract_values(text)] == [unit]


def test_a_decade_and_a_dozen_are_figures() -> None:
    assert [(v.text, v.low, v.high, v.unit) for v in extract_values(
        "Answers may come within a decade; half a century on, two dozen divers and a dozen boats remain.")] == [
        ("a decade", 10.0, 10.0, "year"), ("half a century", 50.0, 50.0, "year"),
        ("two dozen", 24.0, 24.0, "diver"), ("a dozen", 12.0, 12.0, "boat")]
    assert not compatible(extract_values("within a decade")[0], extract_values("within three years")[0])
    assert compatible(extract_values("within a decade")[0], extract_values("within 10 years")[0])
    assert extract_values("It reopened a year later and a week after that.") == []


def test_coordinated_figures_share_the_unit_written_last() -> None:
    assert [(v.text, v.unit) for v in extract_values(
        "The 50 and 500 florin notes last for six or seven years; classes run 4 to 9 hours for 5 or 8% of staff.")] == [
        ("50", "note"), ("500", "note"), ("six", "year"), ("seven", "year"), ("4 to 9", "hour"),
        ("5", "percent"), ("8%", "percent")]


def test_a_range_is_one_value_holding_its_figures() -> None:
    assert [(v.text, v.low, v.high, v.unit, v.bound) for v in extract_values(
        "Shifts last 3 to 7 hours, between 40 and 70 nurses apply, and some teach for more than 5 to 6 hours.")] == [
        ("3 to 7", 3.0, 7.0, "hour", None), ("40 and 70", 40.0, 70.0, "nurse", None),
        ("more than 5 to 6", 5.0, 9.0, "hour", Bound.MORE)]
    inside, outside = extract_values("Shifts last 5 hours and 11 hours.")
    shifts = extract_values("Shifts last 3 to 7 hours.")[0]
    assert compatible(shifts, inside) and not compatible(shifts, outside)
    # The start and end of a change stay two figures; so do figures merely listed with "and".
    assert [v.text for v in extract_values("Fares rose from 12% to 19%; 40 and 70 nurses applied.")] == \
        ["12%", "19%", "40", "70"]


def test_the_whole_of_a_share_in_words_counts_its_own_set() -> None:
    assert [(v.text, v.unit) for v in extract_values("Three out of four nurses in Ostrava agreed.")] == \
        [("Three", ""), ("four", "whole:nurse")]


def test_added_up_to_is_a_total_not_a_bound() -> None:
    assert [(v.text, v.low, v.high, v.bound) for v in extract_values("The debts added up to £190,000.")] == \
        [("£190,000", 190000.0, 190000.0, None)]
    assert [(v.text, v.low, v.high) for v in extract_values("The hall holds up to 300 people.")] == \
        [("up to 300", 150.0, 300.0)]


def test_a_figure_after_a_noun_of_classes_names_a_class() -> None:
    assert [(v.text, v.unit) for v in extract_values(
        "Some level four qualifications and a category 3 storm hit 40 homes at the par-three twelfth.")] == \
        [("40", "home")]


def test_approaching_hedges_and_extra_marks_a_part() -> None:
    assert [(v.text, v.low, v.high, v.unit) for v in extract_values(
        "A budget approaching £80m paid for two million extra meals.")] == [
        ("approaching £80m", 72e6, 80e6, "gbp"), ("two million", 2e6, 2e6, "part:meal")]


@pytest.mark.parametrize(("text", "unit"), [
    ("Mr Okafor is a father of three.", "child"),
    ("The mother-of-two was on duty.", "child"),
    ("She has four children.", "child"),
    ("The grandfather of six spoke.", ""),  # grandchildren are no children
    ("The father of the bride made 3 speeches.", "speech"),
])
def test_a_parent_of_n_counts_children(text: str, unit: str) -> None:
    assert [v.unit for v in extract_values(text)] == [unit]
