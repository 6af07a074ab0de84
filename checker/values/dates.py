"""Dates: the patterns that recognise them and the interval of days each stands for (see checker.values)."""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from checker.model import Value
from checker.values.tables import (
    COUNTED,
    DAY,
    DAY2,
    END,
    MEASURE,
    MONTH,
    MONTH_BEFORE,
    MONTHS,
    NEXT_WORD,
    QUALIFIER,
    START,
    YEAR_QUALIFIERS,
    YEAR_QUANTITY,
    year,
)

# ---------------------------------------------------------------- dates

_Bounds = tuple[int, int, str]


def _bounds(year: int, month: int | None = None, day: int | None = None) -> _Bounds | None:
    try:
        if month is None:
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal(), "year"
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).toordinal(), date(year, month, last).toordinal(), "month"
        ordinal = date(year, month, day).toordinal()
    except ValueError:
        return None
    return ordinal, ordinal, "day"


def _span_years(first: int, last: int, unit: str) -> _Bounds | None:
    if not 1000 <= first <= last <= 2099:
        return None
    return date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal(), unit


def _range(m: re.Match[str], text: str) -> _Bounds | None:
    if MONTH_BEFORE.search(text, max(0, m.start() - 16), m.start()):
        return None  # "March 2014 to 2022": a month, then a year
    first, second = int(m["y"]), m["y2"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return _span_years(first, last, "range") if last > first else None


def _days(m: re.Match[str], text: str) -> _Bounds | None:
    """Days of one month: "from 23 to 27 September 2022", "September 23-27, 2022" (unit "days")."""
    in_year, month = int(m["y"]), MONTHS[m["mon"].lower()]
    first, last = _bounds(in_year, month, int(m["day"])), _bounds(in_year, month, int(m["day2"]))
    if first is None or last is None or last[0] <= first[0]:
        return None
    return first[0], last[1], "days"


def _dated(m: re.Match[str], text: str) -> _Bounds | None:
    month, day = m.groupdict().get("mon"), m.groupdict().get("day")
    number = None if month is None else int(month) if month.isdigit() else MONTHS[month.lower()]
    return _bounds(int(m["y"]), number, int(day) if day else None)


def _decade(m: re.Match[str], text: str) -> _Bounds | None:
    if m["dec"]:
        start = int(m["dec"])
    else:
        tens = int(m["dec2"]) * 10
        start = (2000 if tens < 20 else 1900) + tens
    return _span_years(start, start + 9, "decade")


# "the fifties" is the 1950s ("in his fifties", an age, has no "the").
_DECADE_WORDS = {w: 1900 + 10 * i for i, w in enumerate(
    ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"], start=2)}


def _word_decade(m: re.Match[str], text: str) -> _Bounds | None:
    start = _DECADE_WORDS[m["decw"].lower()]
    return _span_years(start, start + 9, "decade")


def _bare_year(m: re.Match[str], text: str) -> _Bounds | None:
    if _quantity_after_year(text, m.end()):
        return None
    qualifier = QUALIFIER.search(text, max(0, m.start() - 24), m.start())
    if qualifier and " ".join(qualifier[1].lower().split()) in YEAR_QUALIFIERS:
        return None
    return _bounds(int(m["y"]))


def _quantity_after_year(text: str, end: int) -> bool:
    if MEASURE.match(text, end) or YEAR_QUANTITY.match(text, end):
        return True
    word = NEXT_WORD.match(text, end)
    return bool(word and word[1].lower() in COUNTED)


_DateBuilder = Callable[[re.Match[str], str], _Bounds | None]
DATE_RULES: list[tuple[re.Pattern[str], _DateBuilder]] = [(re.compile(p), b) for p, b in (
    (rf"(?i:\b(?:from|between)\s+){year()}(?:\s+(?:to|until|till|through|and)\s+|\s*[-–—]\s*){year('y2')}"
     rf"{END}", _range),
    (rf"{START}{year()}-(?P<mon>0[1-9]|1[0-2])-{DAY}{END}", _dated),
    (rf"{START}{year()}-(?P<mon>0[1-9]|1[0-2]){END}", _dated),
    (rf"{START}{year()}(?:\s+(?:to|until|through)\s+|[-–—]|\s[-–—]\s)(?P<y2>\d{{4}}|\d{{2}}){END}",
     _range),
    (rf"{START}{DAY}(?:\s*[-–—]\s*|\s+(?:to|until|till|through|and)\s+){DAY2}\s+(?:of\s+)?{MONTH},?\s+{year()}{END}",
     _days),
    (rf"{MONTH}\s+{DAY}(?:\s*[-–—]\s*|\s+(?:to|until|till|through|and)\s+){DAY2},?\s+{year()}{END}", _days),
    (rf"{START}{DAY}\s+(?:of\s+)?{MONTH},?\s+{year()}{END}", _dated),
    (rf"{MONTH}\s+{DAY},?\s+{year()}{END}", _dated),
    (rf"{MONTH},?\s+(?:of\s+)?{year()}{END}", _dated),
    (rf"{START}(?:(?P<dec>1\d{{2}}0|20\d0)|['’](?P<dec2>\d)0)s\b", _decade),
    (r"(?i)\bthe\s+(?:(?:early|mid|late)[-\s]+)?(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
     _word_decade),
    (rf"(?i:\b(?:mid|early|late)(?:-|\s+)){year()}{END}", _dated),
    (rf"{START}{year()}{END}", _bare_year),
)]


_AFTER = re.compile(r"(?i)\b(?:after|later than)\s+(?:the\s+year\s+)?$")
_BEFORE = re.compile(r"(?i)\b(?:before|prior to|earlier than)\s+(?:the\s+year\s+)?$")


def open_ended(value: Value, text: str) -> Value:
    """"after 1999" is any time after 1999, "before 2005" any time before: both agree with "2000".
    ("since 2014" and "by 2014" stay dates: they usually date a start or a deadline.)"""
    before = text[max(0, value.span.start - 20):value.span.start]
    if _AFTER.search(before):
        return replace(value, low=value.high + 1, high=math.inf, approximate=True)
    if _BEFORE.search(before):
        return replace(value, low=-math.inf, high=value.low - 1, approximate=True)
    return value
