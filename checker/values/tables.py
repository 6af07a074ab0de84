"""The words, units and patterns values are read with: months, scales, units of measure, qualifiers."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

# ---------------------------------------------------------------- tables

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|November|December"
                "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")

SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
           "k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "tn": 10**12}


def words(spaced: str) -> list[str]:
    return spaced.split()


SMALL_WORDS = {w: i for i, w in enumerate(words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"))}
SMALL_WORDS.update({w: 20 + 10 * i for i, w in enumerate(words(
    "twenty thirty forty fifty sixty seventy eighty ninety"))})
CURRENCY_SYMBOLS = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp"}

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
}
_CURRENCY_GROUPS: dict[str, tuple[str, ...]] = {
    "usd": ("us dollars", "dollars", "dollar", "usd"), "eur": ("euros", "euro", "eur"),
    "gbp": ("pounds sterling", "pounds", "pound", "gbp"), "rub": ("rubles", "roubles", "ruble", "rouble"),
    "uah": ("hryvnias", "hryvnia", "uah"), "jpy": ("yen",), "cny": ("yuan",),
}
_UNIT_GROUPS.update(_CURRENCY_GROUPS)
CURRENCIES = frozenset(_CURRENCY_GROUPS)  # the units of sums of money, as Value.unit holds them
UNITS = {alias: unit for unit, aliases in _UNIT_GROUPS.items() for alias in aliases}
MEASURE_UNITS = frozenset(_UNIT_GROUPS)  # units of measure and currencies, as Value.unit holds them
IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman", "police": "police",
              "personnel": "personnel", "staff": "staff", "aircraft": "aircraft", "cattle": "cattle"}
# Nouns that make a 4-digit number a count rather than a year ("2014 people").
COUNTED = set(IRREGULAR) | set(words("""soldiers troops civilians refugees casualties deaths votes times
    members cases residents inhabitants workers employees tanks missiles drones prisoners migrants fighters
    households homes buildings villages jobs units"""))
STOP = set(words("""a an the of in on at to for from by with and or nor but as than that which who whom
    whose this these those it its is are was were be been being has have had will would could should may might
    must can do does did not no per each into over under after before since during while when where if so
    then there also only just about around between against out up down off his her their our we they he
    she you i us always perhaps whereas towards afterwards besides"""))
QUALIFIERS = {"about": "about", "around": "about", "roughly": "about", "approximately": "about",
               "approx.": "about", "some": "about", "nearly": "nearly", "almost": "nearly", "approaching": "nearly",
               "over": "more", "more than": "more", "at least": "more", "less than": "less",
               "fewer than": "less", "under": "less", "up to": "less", "at most": "less",
               "below": "less", "above": "more", "younger than": "less", "older than": "more",
               "greater than": "more", "larger than": "more", "bigger than": "more", "higher than": "more",
               "smaller than": "less", "lower than": "less"}
YEAR_QUALIFIERS = {"some", "nearly", "almost", "approximately", "roughly", "more than", "at least",
                    "less than", "fewer than", "up to", "at most"}

# ---------------------------------------------------------------- patterns

START = r"(?<![\w$€£.,:/#'’\-–−])"  # not glued to a word, number, currency or separator
END = r"(?![\w%]|[.,:/\-–]\d)"
MONTH = rf"\b(?P<mon>{_MONTH_NAMES})\b\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"  # the last day of a range: "23 to 27 September"


def year(name: str = "y") -> str:
    return rf"(?P<{name}>1\d{{3}}|20\d{{2}})"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_U = "one|two|three|four|five|six|seven|eight|nine"
_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SMALL = rf"(?:(?:{_TENS})(?:[-\s](?:{_U}))?|{_TEEN}|{_U})"
_HUNDREDS = rf"(?:(?:{_SMALL}|a)\s+hundred(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})"
WORD_NUMBER = re.compile(
    rf"\b(?:half\s+a|{_HUNDREDS}|a|zero)(?:\s+(?:thousand|million|billion|trillion|dozen))?(?![\w-])", re.I)
DIGIT_NUMBER = re.compile(
    r"(?<![\w.,/:#\-–−$€£])(?P<neg>[-−])?(?:(?P<cur>US\$|\$|€|£)[ \u00a0]?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<scale>\s*(?i:thousand|million|billion|trillion)\b|\s?(?:bn|tn|mn)\b|[kKmM]\b)?"
    r"(?![.,]\d|[-–/:]\d)")
LITERAL = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*((?i:thousand|million|billion|trillion|bn|tn|mn|k|m)\b)?")
PERCENT = re.compile(r"\s*(?:%|(?i:per\s?cent)\b)")
MEASURE = re.compile(rf"(?:[ \t\u00a0]+|-)?(?P<u>{_alternation(UNITS)})(?![\w/²])", re.I)
NEXT_WORD = re.compile(r"(?:[ \t\u00a0]+|-)([A-Za-z]+(?:-[A-Za-z]+)*)(?![\w'’])")
QUALIFIER = re.compile(r"\b(" + _alternation(QUALIFIERS).replace(r"\ ", r"\s+") + r")\s+$", re.I)
PART = re.compile(r"\s+(?:other|more|additional|extra|further|new)\b", re.I)
# The whole of a part: the 50 of "49 of the 50 states", the five of "four out of five children"
# (in words only with "out of": the three of "one of three venues" counts them all).
WHOLE = re.compile(rf"(?:\d\s+(?:[a-z]+\s+)?(?:out\s+)?|\b{_SMALL}\s+out\s+)of\s+(?:the\s+|all\s+|every\s+)?$",
                   re.I)
IN_YEARS = {"decade": 10, "century": 100}
IN_NAME = re.compile(r"\b([A-Z][\w'’]*)\s+$")  # a capitalised word right before: the number is part of a name
YEAR_QUANTITY = re.compile(r"\s*(?i:thousand|million|billion|trillion|bn|per\s?cent)\b")

BLOCKED = [re.compile(p) for p in (
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+",  # URLs, e-mail addresses
    r"\[\d+\]",  # footnote markers
    r"(?m)^[ \t]*(?:#+[ \t]*)?\d{1,3}[.)](?=\s)",  # list markers, numbered headings
    r"\b\d{1,2}:\d{2}(?::\d{2})?|\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\b\.?",  # times
    r"\b\d+(?:\.\d+){2,}\b|(?i:\bv(?:ersion\s+)?\d+(?:\.\d+)*\b)",  # version numbers, IP addresses
    r"(?i)(?<![\w-])(?!(?:mid|pre|post|early|late)-)[a-z]+-?\d\w*(?:-\w+)*",  # identifiers: MH17, COVID-19
    r"(?i)\b(?:article|resolution|section|chapter|clause|paragraph|page|vol\.|volume)\s*\d+[\w.]*",
    # A figure after a noun of classes names a class, it counts nothing: "level four qualifications",
    # "a category 4 storm", "the par-three twelfth", "Key Stage 2", "platform 9", "Division One".
    rf"(?i)\b(?:level|grade|stage|tier|category|division|phase|band|zone|platform|gate|junction|exit|room|par)"
    rf"[ \t-]+(?:\d+[a-z]?|{_TEEN}|{_U})\b",
)]
# A month with no day or year, after a preposition: "born in May", "released on August". Its
# value is the month's number; it compares only with dates that give a month.
MONTH_OF_YEAR = "month-of-year"
MONTH_ALONE = re.compile(
    r"\b(?:[Ii]n|[Oo]n|[Dd]uring|[Ll]ast|[Nn]ext|[Tt]his)\s+(?:(?:early|late|mid)[- ])?"
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!['’]s)(?!\s*,?\s*(?:of\s+)?\d)")
MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH_NAMES})\b\.?,?\s+(?:of\s+)?$")
# A day of a month with no year: "on 23 January", "until May 12", "the 4th of July". Its value is
# month * 100 + day; it compares with another such day and with the month and day of a dated one.
DAY_OF_YEAR = "day-of-year"
DAY_WITHOUT_YEAR = re.compile(rf"\b(?P<mon>{_MONTH_NAMES})\b\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
                               rf"|\b(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH_NAMES})\b")
NO_YEAR = frozenset({MONTH_OF_YEAR, DAY_OF_YEAR})  # dates of some year the text does not say
