"""Dates and numbers a contradiction can hinge on: regex extraction and interval normalisation.

Recognised dates (ValueKind.DATE; low/high are date ordinals of the first and last day, unit is the
precision "day" | "days" | "month" | "year" | "decade" | "range"):
  years 1000-2099 ("in 2014", "2014's", "mid-2014", "early/late 2014"); "March 2014", "Mar. 2014",
  "March of 2014"; "18 March 2014", "18th of March 2014", "March 18(th), 2014"; ISO "2014-03-18" and
  "2014-03"; decades "1990s", "'90s", "the fifties" (the 1900s' decades); ranges "2014-2022", "2014–22", "2014 to 2022",
  "from 2014 to 2022", "between 2014 and 2022"; days of one month ("23 to 27 September 2022",
  "23-27 September 2022", "September 23-27, 2022", unit "days"); a month alone after a preposition ("born in May"),
  unit "month-of-year", low = high = the month's number, compared only with the month of a date;
  a day of a month with no year ("on 23 January", "until May 12"), unit "day-of-year", low = high =
  month * 100 + day, compared with another such day and with the month and day of a date.
Recognised numbers (ValueKind.NUMBER; low = high = the value unless approximate):
  "3,000", "1.5", "-3", "5k", "1.5 million", "2 bn", "$1.5bn", "€3 billion", "$3m"; words "twenty-five",
  "three thousand", "a million", "half a million", "zero", "two dozen"; "a decade", "half a century"
  (years); percentages ("10%", "10 per cent"); currencies
  ($ € £, "dollars", "euros", "pounds", "rubles", "hryvnia"); units of measure ("km", "square kilometres",
  "tonnes", ...); ages ("a 15-year-old", "15 years old" -> unit "age"); otherwise the singular of the
  counted noun ("3,000 troops" -> unit "troop"); coordinated figures share the unit written after
  the last ("six or seven years", "the 200 and 2,000 dinar notes").
  Qualifiers widen the interval and set `approximate`: about/around/roughly/approximately/some ±10%,
  nearly/almost [0.9x, x], more/greater/larger/higher/older than, over, above, at least [x, 1.5x];
  less/fewer/smaller/lower/younger than, under, below, up to, at most [x/2, x]; the strict ones
  exclude x itself ("over 79%" is not "79%"). "$ 90 million" is money too. Parts and wholes get their own units:
  "four other players" -> "part:athlete", the 50 of "49 of the 50 states" and the five of "four
  out of five pupils" -> "whole:state", "whole:pupil". Match
  results ("a 6-4 win", "defeating Graz 4-3") are one figure, unit "score", winner's goals first.
Never extracted: ordinals ("47th"), bare "one"/"a", number words in names ("Fantastic Four"), times
("10:30", "5 pm"), footnote markers ("[1]"), list markers at line start ("1."), identifiers ("MH17",
"COVID-19"), version numbers, URLs and e-mail addresses, the day number of a date ("March 18" is a date),
"Article 5"-style references, figures naming a class ("level four", "a category 4 storm", "par-three").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace

from checker.model import Bound, Span, Value, ValueKind
from checker.values.dates import DATE_RULES, open_ended
from checker.values.numbers import hyphen_counts, named_numbers, numbers, scores
from checker.values.ranks import ordinals
from checker.values.tables import BLOCKED, DAY_OF_YEAR, DAY_WITHOUT_YEAR, MONTH_ALONE, MONTH_OF_YEAR, MONTHS

# ---------------------------------------------------------------- public API


def day_of_year(month_name: str, day: int) -> float | None:
    """month * 100 + day for a day that exists in some year (29 February does), else None."""
    month = MONTHS[month_name.lower().rstrip(".")]
    return float(month * 100 + day) if 1 <= day <= calendar.monthrange(2000, month)[1] else None


class _Occupied:
    """Characters already claimed by a value or by something that must not yield one."""

    def __init__(self, text: str) -> None:
        self._flags = bytearray(len(text))

    def free(self, span: Span) -> bool:
        return not any(self._flags[span.start:span.end])

    def claim(self, span: Span) -> None:
        self._flags[span.start:span.end] = b"\x01" * (span.end - span.start)


def extract_values(text: str) -> list[Value]:
    """All dates and numbers in `text`, sorted by position and never overlapping."""
    occupied = _Occupied(text)
    for pattern in BLOCKED:
        for m in pattern.finditer(text):
            occupied.claim(Span(m.start(), m.end()))
    values: list[Value] = []
    for score in scores(text):  # before names: "defeating EC KAC 4-3" is a score, not "KAC 4"
        if occupied.free(score.span):
            values.append(score)
            occupied.claim(score.span)
    for span in named_numbers(text):
        occupied.claim(span)
    for pattern, build in DATE_RULES:
        for m in pattern.finditer(text):
            span = Span(m.start(), m.end())
            bounds = build(m, text) if occupied.free(span) else None
            if bounds:
                values.append(open_ended(Value(ValueKind.DATE, span, m[0], bounds[0], bounds[1], bounds[2]), text))
                occupied.claim(span)
    for m in DAY_WITHOUT_YEAR.finditer(text):
        span = Span(m.start(), m.end())
        if occupied.free(span):
            day = day_of_year(m["mon"] or m["mon2"], int(m["day"] or m["day2"]))
            if day is not None:
                values.append(Value(ValueKind.DATE, span, m[0], day, day, DAY_OF_YEAR))
        occupied.claim(span)  # never a bare number: the 18 of "March 18"
    for m in MONTH_ALONE.finditer(text):
        span = Span(m.start("mon"), m.end("mon"))
        if occupied.free(span):
            month = MONTHS[m["mon"].lower().rstrip(".")]
            values.append(Value(ValueKind.DATE, span, m["mon"], month, month, MONTH_OF_YEAR))
            occupied.claim(span)
    # Glued counts first: "3-story" is three stories, not a bare 3.
    for number in [*hyphen_counts(text), *ordinals(text),
                   *sorted(numbers(text), key=lambda v: (v.span.start, -v.span.end))]:
        if occupied.free(number.span):
            values.append(number)
            occupied.claim(number.span)
    return _children(text, _ranges(text, _shared_units(text, sorted(values, key=lambda v: v.span.start))))


# "a father of three", "the mother-of-two": news English counts a parent's children this way.
_PARENT_OF = re.compile(r"(?i)\b(?:father|mother|parent|dad|mum|mom)[-\s]+of[-\s]+$")


def _children(text: str, values: list[Value]) -> list[Value]:
    """A bare figure after "father of", "mother-of" counts children: unit "child"."""
    return [replace(v, unit="child") if v.kind is ValueKind.NUMBER and not v.unit
            and _PARENT_OF.search(text, max(0, v.span.start - 16), v.span.start) else v for v in values]


# Figures joined by "and", "or", "to" or a dash: the first leaves its unit to the last.
_COORDINATED = re.compile(r"\s*(?:,?\s*(?:and|or|to)\s+|[-–]\s*)")


def _shared_units(text: str, values: list[Value]) -> list[Value]:
    """Coordinated figures count one unit, written once after the last ("4 to 9 hours", "the
    200 and 2,000 dinar notes", "three or four days"): the first takes the last one's unit."""
    shared = list(values)
    for i in range(len(shared) - 2, -1, -1):
        first, last = shared[i], shared[i + 1]
        if first.kind is last.kind is ValueKind.NUMBER and not first.unit and last.unit \
                and not last.unit.startswith(("#", "score")) \
                and _COORDINATED.fullmatch(text, first.span.end, last.span.start):
            shared[i] = replace(first, unit=last.unit)
    return shared


_RANGE_TO = re.compile(r"\s*(?:to|[-–])\s*")
_RANGE_AND = re.compile(r"\s+and\s+")
_BETWEEN = re.compile(r"(?i)\bbetween\s+$")
# "from 14% to 17%" after a verb of change is a change, two figures (checker/judge/measures.py).
_CHANGE_FROM = re.compile(r"(?i)\bfrom\s+$")


def _ranges(text: str, values: list[Value]) -> list[Value]:
    """A range is one value holding every figure between its ends: "4 to 9 hours", "between
    200 and 300 people", "more than 3 to 5 hours" (the bound widens the range's top as it widens
    a figure). "6 hours" lies in "4 to 9 hours"; taken one by one, the ends would each disagree
    with it. "from 14% to 17%" stays two figures: the start and end of a change."""
    merged: list[Value] = []
    i = 0
    while i < len(values):
        first = values[i]
        last = values[i + 1] if i + 1 < len(values) else None
        if last is not None and _is_range(text, first, last):
            high = last.high * 1.5 if first.bound is Bound.MORE else last.high
            span = Span(first.span.start, last.span.end)
            merged.append(Value(ValueKind.NUMBER, span, text[span.start:span.end], first.low, high, last.unit,
                                True, first.bound))
            i += 2
            continue
        merged.append(first)
        i += 1
    return merged


def _is_range(text: str, first: Value, last: Value) -> bool:
    if not (first.kind is last.kind is ValueKind.NUMBER) or first.unit != last.unit or last.bound is not None:
        return False
    if not last.unit or last.unit.startswith(("#", "score")) or first.low >= last.low:
        return False
    between = text[first.span.end:last.span.start]
    before = text[max(0, first.span.start - 12):first.span.start]
    if _RANGE_AND.fullmatch(between):
        return _BETWEEN.search(before) is not None
    return _RANGE_TO.fullmatch(between) is not None and _CHANGE_FROM.search(before) is None


# A match result: "a 6-4 win", "a final score of 5-2", "defeating Harwick 4-3". Only where a
