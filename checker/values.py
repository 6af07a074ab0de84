"""Dates and numbers a contradiction can hinge on: regex extraction and interval normalisation.

Recognised dates (ValueKind.DATE; low/high are date ordinals of the first and last day, unit is the
precision "day" | "month" | "year" | "decade" | "range"):
  years 1000-2099 ("in 2014", "2014's", "mid-2014", "early/late 2014"); "March 2014", "Mar. 2014",
  "March of 2014"; "18 March 2014", "18th of March 2014", "March 18(th), 2014"; ISO "2014-03-18" and
  "2014-03"; decades "1990s", "'90s", "the fifties" (the 1900s' decades); ranges "2014-2022", "2014–22", "2014 to 2022",
  "from 2014 to 2022", "between 2014 and 2022"; a month alone after a preposition ("born in May"),
  unit "month-of-year", low = high = the month's number, compared only with the month of a date.
Recognised numbers (ValueKind.NUMBER; low = high = the value unless approximate):
  "3,000", "1.5", "-3", "5k", "1.5 million", "2 bn", "$1.5bn", "€3 billion", "$3m"; words "twenty-five",
  "three thousand", "a million", "half a million", "zero"; percentages ("10%", "10 per cent"); currencies
  ($ € £, "dollars", "euros", "pounds", "rubles", "hryvnia"); units of measure ("km", "square kilometres",
  "tonnes", ...); otherwise the singular of the counted noun ("3,000 troops" -> unit "troop").
  Qualifiers widen the interval and set `approximate`: about/around/roughly/approximately/some ±10%,
  nearly/almost [0.9x, x], more/greater/larger/higher/older than, over, above, at least [x, 1.5x];
  less/fewer/smaller/lower/younger than, under, below, up to, at most [x/2, x]; the strict ones
  exclude x itself ("over 79%" is not "79%"). "$ 90 million" is money too. Parts and wholes get their own units:
  "four other players" -> "part:athlete", the 50 of "49 of the 50 states" -> "whole:state". Match
  results ("a 6-4 win", "defeating Graz 4-3") are one figure, unit "score", winner's goals first.
Never extracted: ordinals ("47th"), bare "one"/"a", number words in names ("Fantastic Four"), times
("10:30", "5 pm"), footnote markers ("[1]"), list markers at line start ("1."), identifiers ("MH17",
"COVID-19"), version numbers, URLs and e-mail addresses, day numbers of a date without a year
("March 18"), "Article 5"-style references.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

from checker.model import Span, Value, ValueKind

__all__ = ["compatible", "extract_values", "values_differ"]

# ---------------------------------------------------------------- tables

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|November|December"
                "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")

_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
           "k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "tn": 10**12}


def _words(spaced: str) -> list[str]:
    return spaced.split()


_SMALL_WORDS = {w: i for i, w in enumerate(_words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"))}
_SMALL_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_words(
    "twenty thirty forty fifty sixty seventy eighty ninety"))})
_CURRENCY_SYMBOLS = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp"}

_UNIT_GROUPS: dict[str, tuple[str, ...]] = {
    "km": ("km", "kms", "kilometres", "kilometers", "kilometre", "kilometer"),
    "km2": ("km2", "km²", "sq km", "sq. km", "square kilometres", "square kilometers", "square kilometre",
            "square kilometer"),
    "mi2": ("sq mi", "square miles", "square mile"),
    "mile": ("mi", "miles", "mile"),
    "m": ("m", "metres", "meters", "metre", "meter"),
    "cm": ("cm", "centimetres", "centimeters"),
    "kg": ("kg", "kilograms", "kilogrammes", "kilogram", "kilos"),
    "tonne": ("tonnes", "tonne", "tons", "ton"),
    "hectare": ("hectares", "hectare", "ha"),
    "acre": ("acres", "acre"),
    "litre": ("litres", "liters", "litre", "liter"),
    "barrel": ("barrels", "barrel", "bbl"),
    "km/h": ("km/h", "kph"), "mph": ("mph",), "mw": ("mw", "megawatts"), "gw": ("gw", "gigawatts"),
    "pp": ("percentage points", "percentage point"),
    "year": ("years", "year", "yrs"), "month": ("months", "month"), "week": ("weeks", "week"),
    "day": ("days", "day"), "hour": ("hours", "hour"),
    "usd": ("us dollars", "dollars", "dollar", "usd"), "eur": ("euros", "euro", "eur"),
    "gbp": ("pounds sterling", "pounds", "pound", "gbp"), "rub": ("rubles", "roubles", "ruble", "rouble"),
    "uah": ("hryvnias", "hryvnia", "uah"), "jpy": ("yen",), "cny": ("yuan",),
}
_UNITS = {alias: unit for unit, aliases in _UNIT_GROUPS.items() for alias in aliases}
MEASURE_UNITS = frozenset(_UNIT_GROUPS)  # units of measure and currencies, as Value.unit holds them
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman", "police": "police",
              "personnel": "personnel", "staff": "staff", "aircraft": "aircraft", "cattle": "cattle"}
# Nouns that make a 4-digit number a count rather than a year ("2014 people").
_COUNTED = set(_IRREGULAR) | set(_words("""soldiers troops civilians refugees casualties deaths votes times
    members cases residents inhabitants workers employees tanks missiles drones prisoners migrants fighters
    households homes buildings villages jobs units"""))
_STOP = set(_words("""a an the of in on at to for from by with and or nor but as than that which who whom
    whose this these those it its is are was were be been being has have had will would could should may might
    must can do does did not no per each into over under after before since during while when where if so
    then there also only just about around between against out up down off his her their our we they he
    she you i us always perhaps whereas towards afterwards besides"""))
_QUALIFIERS = {"about": "about", "around": "about", "roughly": "about", "approximately": "about",
               "approx.": "about", "some": "about", "nearly": "nearly", "almost": "nearly",
               "over": "more", "more than": "more", "at least": "more", "less than": "less",
               "fewer than": "less", "under": "less", "up to": "less", "at most": "less",
               "below": "less", "above": "more", "younger than": "less", "older than": "more",
               "greater than": "more", "larger than": "more", "bigger than": "more", "higher than": "more",
               "smaller than": "less", "lower than": "less"}
_YEAR_QUALIFIERS = {"some", "nearly", "almost", "approximately", "roughly", "more than", "at least",
                    "less than", "fewer than", "up to", "at most"}

# ---------------------------------------------------------------- patterns

_START = r"(?<![\w$€£.,:/#'’\-–−])"  # not glued to a word, number, currency or separator
_END = r"(?![\w%]|[.,:/\-–]\d)"
_MONTH = rf"\b(?P<mon>{_MONTH_NAMES})\b\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"


def _year(name: str = "y") -> str:
    return rf"(?P<{name}>1\d{{3}}|20\d{{2}})"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_U = "one|two|three|four|five|six|seven|eight|nine"
_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SMALL = rf"(?:(?:{_TENS})(?:[-\s](?:{_U}))?|{_TEEN}|{_U})"
_HUNDREDS = rf"(?:(?:{_SMALL}|a)\s+hundred(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})"
_WORD_NUMBER = re.compile(
    rf"\b(?:half\s+a|{_HUNDREDS}|a|zero)(?:\s+(?:thousand|million|billion|trillion))?(?![\w-])", re.I)
_DIGIT_NUMBER = re.compile(
    r"(?<![\w.,/:#\-–−$€£])(?P<neg>[-−])?(?:(?P<cur>US\$|\$|€|£)[ \u00a0]?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s*(?i:thousand|million|billion|trillion)\b|\s?(?:bn|tn|mn)\b|[kKmM]\b)?"
    r"(?![.,]\d|[-–/:]\d)")
_LITERAL = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*((?i:thousand|million|billion|trillion|bn|tn|mn|k|m)\b)?")
_PERCENT = re.compile(r"\s*(?:%|(?i:per\s?cent)\b)")
_MEASURE = re.compile(rf"(?:[ \t\u00a0]+|-)?(?P<u>{_alternation(_UNITS)})(?![\w/²])", re.I)
_NEXT_WORD = re.compile(r"(?:[ \t\u00a0]+|-)([A-Za-z]+(?:-[A-Za-z]+)*)(?![\w'’])")
_QUALIFIER = re.compile(r"\b(" + _alternation(_QUALIFIERS).replace(r"\ ", r"\s+") + r")\s+$", re.I)
_PART = re.compile(r"\s+(?:other|more|additional|further|new)\b", re.I)
_WHOLE = re.compile(r"\d\s+(?:[a-z]+\s+)?(?:out\s+)?of\s+(?:the\s+|all\s+)?$", re.I)
_IN_YEARS = {"decade": 10, "century": 100}
_IN_NAME = re.compile(r"\b([A-Z][\w'’]*)\s+$")  # a capitalised word right before: the number is part of a name
_YEAR_QUANTITY = re.compile(r"\s*(?i:thousand|million|billion|trillion|bn|per\s?cent)\b")

_BLOCKED = [re.compile(p) for p in (
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+",  # URLs, e-mail addresses
    r"\[\d+\]",  # footnote markers
    r"(?m)^[ \t]*(?:#+[ \t]*)?\d{1,3}[.)](?=\s)",  # list markers, numbered headings
    r"\b\d{1,2}:\d{2}(?::\d{2})?|\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\b\.?",  # times
    r"\b\d+(?:\.\d+){2,}\b|(?i:\bv(?:ersion\s+)?\d+(?:\.\d+)*\b)",  # version numbers, IP addresses
    r"(?i)(?<![\w-])(?!(?:mid|pre|post|early|late)-)[a-z]+-?\d\w*(?:-\w+)*",  # identifiers: MH17, COVID-19
    r"(?i)\b(?:article|resolution|section|chapter|clause|paragraph|page|vol\.|volume)\s*\d+[\w.]*",
)]
# A month with no day or year, after a preposition: "born in May", "released on August". Its
# value is the month's number; it compares only with dates that give a month.
MONTH_OF_YEAR = "month-of-year"
_MONTH_ALONE = re.compile(
    r"\b(?:in|on|during)\s+(?:(?:early|late|mid)[- ])?(?P<mon>January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b(?!['’]s)(?!\s*,?\s*(?:of\s+)?\d)")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH_NAMES})\b\.?,?\s+(?:of\s+)?$")
_DAY_WITHOUT_YEAR = re.compile(rf"\b(?:{_MONTH_NAMES})\b\.?\s+[0-3]?\d(?:st|nd|rd|th)?\b"
                               rf"|\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_NAMES})\b")

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
    if _MONTH_BEFORE.search(text, max(0, m.start() - 16), m.start()):
        return None  # "March 2014 to 2022": a month, then a year
    first, second = int(m["y"]), m["y2"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return _span_years(first, last, "range") if last > first else None


def _dated(m: re.Match[str], text: str) -> _Bounds | None:
    month, day = m.groupdict().get("mon"), m.groupdict().get("day")
    number = None if month is None else int(month) if month.isdigit() else _MONTHS[month.lower()]
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
    qualifier = _QUALIFIER.search(text, max(0, m.start() - 24), m.start())
    if qualifier and " ".join(qualifier[1].lower().split()) in _YEAR_QUALIFIERS:
        return None
    return _bounds(int(m["y"]))


def _quantity_after_year(text: str, end: int) -> bool:
    if _MEASURE.match(text, end) or _YEAR_QUANTITY.match(text, end):
        return True
    word = _NEXT_WORD.match(text, end)
    return bool(word and word[1].lower() in _COUNTED)


_DateBuilder = Callable[[re.Match[str], str], _Bounds | None]
_DATE_RULES: list[tuple[re.Pattern[str], _DateBuilder]] = [(re.compile(p), b) for p, b in (
    (rf"(?i:\b(?:from|between)\s+){_year()}(?:\s+(?:to|until|till|through|and)\s+|\s*[-–—]\s*){_year('y2')}"
     rf"{_END}", _range),
    (rf"{_START}{_year()}-(?P<mon>0[1-9]|1[0-2])-{_DAY}{_END}", _dated),
    (rf"{_START}{_year()}-(?P<mon>0[1-9]|1[0-2]){_END}", _dated),
    (rf"{_START}{_year()}(?:\s+(?:to|until|through)\s+|[-–—]|\s[-–—]\s)(?P<y2>\d{{4}}|\d{{2}}){_END}",
     _range),
    (rf"{_START}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_year()}{_END}", _dated),
    (rf"{_MONTH}\s+{_DAY},?\s+{_year()}{_END}", _dated),
    (rf"{_MONTH},?\s+(?:of\s+)?{_year()}{_END}", _dated),
    (rf"{_START}(?:(?P<dec>1\d{{2}}0|20\d0)|['’](?P<dec2>\d)0)s\b", _decade),
    (r"(?i)\bthe\s+(?:(?:early|mid|late)[-\s]+)?(?P<decw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
     _word_decade),
    (rf"(?i:\b(?:mid|early|late)(?:-|\s+)){_year()}{_END}", _dated),
    (rf"{_START}{_year()}{_END}", _bare_year),
)]

# ---------------------------------------------------------------- numbers


def _words_value(phrase: str) -> float:
    total, current = 0.0, 0.0
    for word in re.findall(r"[a-z]+", phrase.lower()):
        if word == "half":
            current = 0.5
        elif word == "a":
            current = current or 1.0
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in _SCALES:
            total, current = total + (current or 1.0) * _SCALES[word], 0.0
        elif word in _SMALL_WORDS:
            current += _SMALL_WORDS[word]
    return total + current


def _singular(word: str) -> str | None:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return None


# Counted nouns that count the same things, so "62 judokas" and "47 athletes" compare.
_SAME_COUNT = {word: group[0] for group in (
    _words("athlete competitor participant contestant entrant player judoka swimmer skater cyclist runner "
           "fencer boxer wrestler gymnast"),
    _words("soldier troop serviceman"), _words("country nation"), _words("paper article publication"),
    _words("film movie"), _words("death fatality"), _words("title championship"), _words("game match"),
    _words("resident inhabitant"), _words("employee worker"),
) for word in group}


def _unit_after(text: str, pos: int) -> str:
    """A unit of measure or currency word right after `pos`, else the singular of the counted noun."""
    unit = _unit_word_after(text, pos)
    return _SAME_COUNT.get(unit, unit)


def _unit_word_after(text: str, pos: int) -> str:
    measure = _MEASURE.match(text, pos)
    if measure:
        return _UNITS[" ".join(measure["u"].lower().split())]
    for _ in range(3):  # skip up to two modifiers: "3,000 Russian troops"
        word = _NEXT_WORD.match(text, pos)
        if not word or word[1].lower() in _STOP:
            return ""
        lemma = _singular(word[1].lower().rsplit("-", 1)[-1])
        if lemma:
            return lemma
        pos = word.end()
    return ""


def _number(text: str, start: int, end: int, value: float, unit: str) -> Value | None:
    if text[end:end + 1].isalnum() and not _MEASURE.match(text, end):
        return None  # "47th", "3D"
    percent = _PERCENT.match(text, end)
    if percent:
        end, unit = percent.end(), "percent"
    elif not unit:
        unit = _unit_after(text, end)
    # A part and a whole count different sets: "four other players" (the subject makes five),
    # "34 new cases", and the 50 of "49 of the 50 states". Their units say so, so that they
    # compare only with counts of the same kind.
    if _PART.match(text, end):
        unit = f"part:{unit}"
    elif _WHOLE.search(text, max(0, start - 30), start):
        unit = f"whole:{unit}"
    if unit in _IN_YEARS:  # "three decades" is thirty years
        value, unit = value * _IN_YEARS[unit], "year"
    low, high, approximate = value, value, False
    qualifier = _QUALIFIER.search(text, max(0, start - 24), start)
    if qualifier:
        start, approximate = qualifier.start(), True
        kind = _QUALIFIERS[" ".join(qualifier[1].lower().split())]
        if kind == "about":
            low, high = sorted((value - value / 10, value + value / 10))
        elif kind == "nearly":
            low, high = sorted((value - value / 10, value))
        # Writers use a bound as an estimate: "more than 800 papers" is not "2,000 papers",
        # and "up to 20,000 spectators" states the capacity. Read bounds as X..1.5X and X/2..X.
        elif kind == "more":
            low, high = sorted((value, value * 1.5))
        else:
            low, high = sorted((value / 2, value))
    return Value(ValueKind.NUMBER, Span(start, end), text[start:end], low, high, unit, approximate)


def _numbers(text: str) -> list[Value]:
    found: list[Value] = []
    for m in _DIGIT_NUMBER.finditer(text):
        end, scale = m.end(), (m["scale"] or "").strip().lower()
        if scale == "m" and not m["cur"]:
            end, scale = m.end("num"), ""  # "10m" is ten metres unless it is money
        value = float(Decimal(m["num"].replace(",", "")) * _SCALES.get(scale, 1) * (-1 if m["neg"] else 1))
        number = _number(text, m.start(), end, value, _CURRENCY_SYMBOLS.get((m["cur"] or "").lower(), ""))
        if number:
            found.append(number)
    for m in _WORD_NUMBER.finditer(text):
        words = set(re.findall(r"[a-z]+", m[0].lower()))
        if words <= {"one", "a", "half"}:
            continue  # a determiner, not a quantity
        name = _IN_NAME.search(text, max(0, m.start() - 40), m.start()) if m[0][:1].isupper() else None
        if name and name[1].lower() not in _NOT_NAMES:
            continue  # "Fantastic Four", "the Big Three": a name
        number = _number(text, m.start(), m.end(), _words_value(m[0]), "")
        if number:
            found.append(number)
    return found


# ---------------------------------------------------------------- public API


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
    for pattern in _BLOCKED:
        for m in pattern.finditer(text):
            occupied.claim(Span(m.start(), m.end()))
    values: list[Value] = []
    for score in _scores(text):  # before names: "defeating EC KAC 4-3" is a score, not "KAC 4"
        if occupied.free(score.span):
            values.append(score)
            occupied.claim(score.span)
    for span in _named_numbers(text):
        occupied.claim(span)
    for pattern, build in _DATE_RULES:
        for m in pattern.finditer(text):
            span = Span(m.start(), m.end())
            bounds = build(m, text) if occupied.free(span) else None
            if bounds:
                values.append(_open_ended(Value(ValueKind.DATE, span, m[0], bounds[0], bounds[1], bounds[2]), text))
                occupied.claim(span)
    for m in _DAY_WITHOUT_YEAR.finditer(text):
        occupied.claim(Span(m.start(), m.end()))
    for m in _MONTH_ALONE.finditer(text):
        span = Span(m.start("mon"), m.end("mon"))
        if occupied.free(span):
            month = _MONTHS[m["mon"].lower().rstrip(".")]
            values.append(Value(ValueKind.DATE, span, m["mon"], month, month, MONTH_OF_YEAR))
            occupied.claim(span)
    # Glued counts first: "3-story" is three stories, not a bare 3.
    for number in [*_hyphen_counts(text), *_ordinals(text),
                   *sorted(_numbers(text), key=lambda v: (v.span.start, -v.span.end))]:
        if occupied.free(number.span):
            values.append(number)
            occupied.claim(number.span)
    return sorted(values, key=lambda v: v.span.start)


# A match result: "a 6-4 win", "won by a score of 4-2", "defeating Graz 4-3". Only where a
# word of winning or losing says so, since "3-5 years" is a range.
_SCORE = re.compile(r"(?<![\w.,/-])(?P<x>\d{1,2})[-–](?P<y>\d{1,2})(?![\w/-]|[.,]\d|[-–]\d)")
_SCORE_BEFORE = re.compile(r"(?i)\b(?:score of|won|win|wins|winning|beat|beats|beating|defeat(?:s|ed|ing)?|lost|"
                           r"losing|lose|loses|drew|draw)\b(?:\s+\S+){0,3}?\s+(?:by\s+)?(?:a\s+)?$")
_SCORE_AFTER = re.compile(r"(?i)\s+(?:win|victory|defeat|loss|draw|triumph|scoreline)\b")


def _scores(text: str) -> Iterator[Value]:
    """Match results as one figure: the winner's goals, then the loser's ("6-4" is 6.004)."""
    for m in _SCORE.finditer(text):
        if not (_SCORE_BEFORE.search(text, max(0, m.start() - 40), m.start()) or _SCORE_AFTER.match(text, m.end())):
            continue
        high, low = sorted((int(m["x"]), int(m["y"])), reverse=True)
        value = high + low / 1000
        yield Value(ValueKind.NUMBER, Span(m.start(), m.end()), m[0], value, value, "score")


_AFTER = re.compile(r"(?i)\b(?:after|later than)\s+(?:the\s+year\s+)?$")
_BEFORE = re.compile(r"(?i)\b(?:before|prior to|earlier than)\s+(?:the\s+year\s+)?$")


def _open_ended(value: Value, text: str) -> Value:
    """"after 1999" is any time after 1999, "before 2005" any time before: both agree with "2000".
    ("since 2014" and "by 2014" stay dates: they usually date a start or a deadline.)"""
    before = text[max(0, value.span.start - 20):value.span.start]
    if _AFTER.search(before):
        return replace(value, low=value.high + 1, high=math.inf, approximate=True)
    if _BEFORE.search(before):
        return replace(value, low=-math.inf, high=value.low - 1, approximate=True)
    return value


_NAMED_NUMBER = re.compile(r"\b([A-Z][A-Za-z]+)[ \t]+(\d{1,4})\b(?![.,]\d|[ \t]*%)")
# Capitalised words a figure may follow without being part of a name.
_NOT_NAMES = frozenset(_words("""about some over nearly almost around more less fewer up only just all approximately
roughly under below above between in on at by from to since until after before during for with of and or but the
a an its their his her our this that these those each every no nearly circa exactly""")) | set(_MONTHS)


def _named_numbers(text: str) -> Iterator[Span]:
    """The numbers of names: "Formula 4", "Windows 10", "Apollo 11", "Euro 2016". A figure
    after a capitalised word that starts the sentence or is a month or function word is kept."""
    for m in _NAMED_NUMBER.finditer(text):
        word = m[1]
        if word.lower() in _NOT_NAMES or not text[:m.start()].strip() or \
                text[:m.start()].rstrip()[-1:] in ".!?:;\"“(":
            continue
        yield Span(m.start(2), m.end(2))


# "a two-time Olympic champion", "a three-story house": the count is glued to its unit.
_HYPHEN_COUNT = re.compile(r"(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})-"
                           r"(time|story|storey|member|seat|game|match|episode|volume|part|round)\b")


def _hyphen_counts(text: str) -> list[Value]:
    found = []
    for m in _HYPHEN_COUNT.finditer(text):
        word = m[1].lower()
        number = float(word) if word.isdigit() else float(_SMALL_WORDS.get(word, 1 if word == "one" else 0))
        if number:
            unit = "story" if m[2].lower() == "storey" else m[2].lower()
            found.append(Value(ValueKind.NUMBER, Span(m.start(), m.start(1) + len(m[1])), m[1], number, number,
                               unit))
    return found


_ORDINAL_WORDS = {word: i + 1 for i, word in enumerate(_words(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth
    fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"""))}
_ORDINAL = re.compile(r"(?i)\b(?:(" + "|".join(_ORDINAL_WORDS) + r")|(\d{1,3})(?:st|nd|rd|th))\b(?![-\w])")
_AND_LAST = re.compile(r"(?i)\s+and\s+(?:final|last)\b")
_ORDINAL_NOUN = re.compile(r"\s+([A-Za-z]+)")


def _ordinals(text: str) -> list[Value]:
    """"the fourth studio album", "her 3rd term": a rank, unit "#" plus the noun it ranks.

    The noun is the last word before a function word or punctuation, within three words, so
    "the third studio album by" ranks albums; an ordinal with no noun after it ("first
    elected in") yields nothing.
    """
    found = []
    for m in _ORDINAL.finditer(text):
        if _RELATIVE.search(text, max(0, m.start() - 48), m.start()):
            continue  # "after the second album" says where, not which
        rank = int(m[2]) if m[2] else _ORDINAL_WORDS[m[1].lower()]
        pos, noun = m.end(), ""
        for _ in range(3):
            last = _AND_LAST.match(text, pos)  # "its seventh and final season"
            pos = last.end() if last else pos
            word = _ORDINAL_NOUN.match(text, pos)
            if not word or word[1].lower() in _STOP or word[1].lower() in _NOT_RANKED:
                break
            noun, pos = word[1].lower(), word.end()
        if noun and not noun.endswith(("ed", "ly")):
            found.append(Value(ValueKind.NUMBER, Span(m.start(), m.end()), m[0], rank, rank, "#" + noun))
    return found


_RELATIVE = re.compile(r"(?i)\b(?:after|before|since|than|following|preceding|until|through|behind)\s+"
                       r"(?:(?:the|its|their|his|her|a)\s+|(?:\S+\s+){0,3}?\S+['’]s\s+)?$")
# Words after an ordinal that do not name what is ranked ("the first of", "second only to").
_NOT_RANKED = frozenset({"time", "place", "half", "quarter", "hand", "only", "ever", "and", "or"})


def _rounding(literal: str, scale: int) -> float:
    """Half a unit of the last significant digit; trailing zeros count as rounding from 1,000 up."""
    digits = literal.replace(",", "")
    if "." in digits:
        place = -len(digits.partition(".")[2])
    else:
        significant = digits.rstrip("0")
        place = len(digits) - len(significant) if significant and int(digits) >= 1000 else 0
    return float(Decimal(5) * Decimal(10) ** (place - 1) * scale)


def _same_month(a: Value, b: Value) -> bool:
    """A month of no year against a date: compatible unless the date names another month."""
    months = []
    for value in (a, b):
        if value.unit == MONTH_OF_YEAR:
            months.append(int(value.low))
        elif value.unit in {"day", "month"} and math.isfinite(value.low):
            months.append(date.fromordinal(int(value.low)).month)
        else:
            return True  # a year, a decade or a span holds every month
    return months[0] == months[1]


def _tolerance(value: Value) -> float:
    if value.unit.startswith("#"):
        return 0.0  # a rank is exact: "6th" is "sixth", never "fifth"
    literal = _LITERAL.search(value.text)
    if literal:
        # Rounding never stretches past a tenth of the value: "20,000" is not "25,000".
        magnitude = abs(value.low) if not math.isinf(value.low) else abs(value.high)
        return min(_rounding(literal[1], _SCALES.get((literal[2] or "").lower(), 1)), 0.1 * magnitude or math.inf)
    words = _WORD_NUMBER.search(value.text)
    if words and re.search(r"(?i)hundred|thousand|million|billion|trillion", words[0]):
        return _rounding(str(int(_words_value(words[0]))), 1)
    return 0.5 if words else 0.0


def compatible(a: Value, b: Value) -> bool:
    """Whether both values can be true of the same thing (different kinds or units always can)."""
    if a.kind != b.kind:
        return True
    if a.kind is ValueKind.DATE:
        if MONTH_OF_YEAR in (a.unit, b.unit):
            return _same_month(a, b)
        return a.low <= b.high and b.low <= a.high
    if a.unit and b.unit and a.unit != b.unit:
        return True
    # Two bounds in the same direction state the writers' figures: "over 800 papers" and
    # "over 700 papers", or "up to 20,000" and "up to 25,000" spectators, disagree.
    direction_a, direction_b = _bound(a), _bound(b)
    if direction_a is not None and direction_b is not None and direction_a[0] != direction_b[0]:
        # "less than 140,000" and "more than 141,000" cannot both hold; "more than 100" and
        # "fewer than 150" can.
        more, less = (direction_a, direction_b) if direction_a[0] == "more" else (direction_b, direction_a)
        return more[1] < less[1]
    if direction_a is not None and direction_a[0] == (direction_b or ("", 0.0))[0]:
        assert direction_b is not None
        exact_a = Value(a.kind, a.span, a.text, direction_a[1], direction_a[1], a.unit)
        exact_b = Value(b.kind, b.span, b.text, direction_b[1], direction_b[1], b.unit)
        return compatible(exact_a, exact_b)
    if (direction_a is None) != (direction_b is None):
        # "over 79%" excludes 79%, where "at least 79%" does not.
        bound, exact = (a, b) if direction_a is not None else (b, a)
        figure = (direction_a or direction_b or ("", 0.0))[1]
        # A figure in millions is rounded ("reached $3 billion" may be 3.2): only a plain one is exact.
        if exact.low == exact.high == figure and not exact.approximate and _STRICT.match(bound.text) \
                and not _SCALED.search(exact.text):
            return False
    if a.low <= b.high and b.low <= a.high:
        return True  # overlapping as written, whatever the rounding
    tolerance_a, tolerance_b = _tolerance(a), _tolerance(b)
    low = max(a.low - tolerance_a, b.low - tolerance_b)
    high = min(a.high + tolerance_a, b.high + tolerance_b)
    if tolerance_a == tolerance_b == 0 or math.isinf(low) or math.isinf(high):
        return low <= high
    # Rounding ranges that merely touch ("3,000" ~ [2500, 3500] and "4,000" ~ [3500, 4500]) do not overlap.
    return high - low > 1e-9 * max(1.0, abs(low), abs(high))


_SCALED = re.compile(r"(?i)thousand|million|billion|trillion|\d\s?(?:bn|tn|mn|k|m)\b")
_STRICT = re.compile(r"(?i)(?:more|less|fewer|greater|younger|older|larger|bigger|higher|smaller|lower)\s+than\b"
                     r"|over\b|under\b|above\b|below\b")


def _bound(value: Value) -> tuple[str, float] | None:
    """("more", X) for "more than X", ("less", X) for "up to X", else None (see _number)."""
    if not value.approximate or value.low <= 0:
        return None
    if math.isclose(value.high, value.low * 1.5):
        return "more", value.low
    if math.isclose(value.low, value.high / 2):
        return "less", value.high
    return None


def values_differ(a: Value, b: Value) -> bool:
    """Same kind, comparable units, and no value could satisfy both."""
    if a.kind != b.kind or (a.unit and b.unit and a.unit != b.unit and a.kind is ValueKind.NUMBER):
        return False
    return not compatible(a, b)
