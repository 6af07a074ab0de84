"""Numbers: figures in digits and words, their units and qualifiers, match results, hyphenated counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from checker.model import Bound, Span, Value, ValueKind
from checker.values.tables import (
    CURRENCY_SYMBOLS,
    DIGIT_NUMBER,
    IN_NAME,
    IN_YEARS,
    IRREGULAR,
    MEASURE,
    MONTHS,
    NEXT_WORD,
    PART,
    PERCENT,
    QUALIFIER,
    QUALIFIERS,
    SCALES,
    SMALL_WORDS,
    STOP,
    UNITS,
    WHOLE,
    WORD_NUMBER,
    words,
)

# ---------------------------------------------------------------- numbers


def words_value(phrase: str) -> float:
    total, current = 0.0, 0.0
    for word in re.findall(r"[a-z]+", phrase.lower()):
        if word == "half":
            current = 0.5
        elif word == "a":
            current = current or 1.0
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word == "dozen":
            current = (current or 1.0) * 12
        elif word in SCALES:
            total, current = total + (current or 1.0) * SCALES[word], 0.0
        elif word in SMALL_WORDS:
            current += SMALL_WORDS[word]
    return total + current


def _singular(word: str) -> str | None:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return None


# Counted nouns that count the same things, so "62 judokas" and "47 athletes" compare.
_SAME_COUNT = {word: group[0] for group in (
    words("athlete competitor participant contestant entrant player judoka swimmer skater cyclist runner "
           "fencer boxer wrestler gymnast"),
    words("soldier troop serviceman"), words("country nation"), words("paper article publication"),
    words("film movie"), words("death fatality"), words("title championship"), words("game match"),
    words("resident inhabitant"), words("employee worker"),
) for word in group}


def _unit_after(text: str, pos: int) -> str:
    """A unit of measure or currency word right after `pos`, else the singular of the counted noun."""
    unit = _unit_word_after(text, pos)
    return _SAME_COUNT.get(unit, unit)


_ADDS_UP = re.compile(r"(?i)\badd(?:s|ed|ing)?\s+$")


# "a 15-year-old", "15 years old": an age, not a span of years.
_OLD = re.compile(r"(?i)(?:-|\s+)old\b")


def _unit_word_after(text: str, pos: int) -> str:
    measure = MEASURE.match(text, pos)
    if measure:
        unit = UNITS[" ".join(measure["u"].lower().split())]
        return "age" if unit == "year" and _OLD.match(text, measure.end()) else unit
    for _ in range(3):  # skip up to two modifiers: "3,000 Russian troops"
        word = NEXT_WORD.match(text, pos)
        if not word or word[1].lower() in STOP:
            return ""
        lemma = _singular(word[1].lower().rsplit("-", 1)[-1])
        if lemma:
            return lemma
        pos = word.end()
    return ""


def _number(text: str, start: int, end: int, value: float, unit: str) -> Value | None:
    if text[end:end + 1].isalnum() and not MEASURE.match(text, end):
        return None  # "47th", "3D"
    percent = PERCENT.match(text, end)
    if percent:
        end, unit = percent.end(), "percent"
    elif not unit:
        unit = _unit_after(text, end)
    # A part and a whole count different sets: "four other players" (the subject makes five),
    # "34 new cases", and the 50 of "49 of the 50 states". Their units say so, so that they
    # compare only with counts of the same kind.
    if PART.match(text, end):
        unit = f"part:{unit}"
    elif WHOLE.search(text, max(0, start - 30), start):
        unit = f"whole:{unit}"
    if unit in IN_YEARS:  # "three decades" is thirty years
        value, unit = value * IN_YEARS[unit], "year"
    low, high, approximate, bound = value, value, False, None
    qualifier = QUALIFIER.search(text, max(0, start - 24), start)
    if qualifier and _ADDS_UP.search(text, max(0, qualifier.start() - 12), qualifier.start()) \
            and qualifier[1].lower().startswith("up"):
        qualifier = None  # "added up to £96,000" is the total, no bound
    if qualifier:
        start, approximate = qualifier.start(), True
        kind = QUALIFIERS[" ".join(qualifier[1].lower().split())]
        if kind == "about":
            low, high = sorted((value - value / 10, value + value / 10))
        elif kind == "nearly":
            low, high = sorted((value - value / 10, value))
        # Writers use a bound as an estimate: "more than 800 papers" is not "2,000 papers",
        # and "up to 20,000 spectators" states the capacity. Read bounds as X..1.5X and X/2..X.
        elif kind == "more":
            low, high = sorted((value, value * 1.5))
            bound = Bound.MORE if value > 0 else None
        else:
            low, high = sorted((value / 2, value))
            bound = Bound.LESS if value > 0 else None
    return Value(ValueKind.NUMBER, Span(start, end), text[start:end], low, high, unit, approximate, bound)


def numbers(text: str) -> list[Value]:
    found: list[Value] = []
    for m in DIGIT_NUMBER.finditer(text):
        end, scale = m.end(), (m["scale"] or "").strip().lower()
        if scale == "m" and not m["cur"]:
            end, scale = m.end("num"), ""  # "10m" is ten metres unless it is money
        value = float(Decimal(m["num"].replace(",", "")) * SCALES.get(scale, 1) * (-1 if m["neg"] else 1))
        number = _number(text, m.start(), end, value, CURRENCY_SYMBOLS.get((m["cur"] or "").lower(), ""))
        if number:
            found.append(number)
    for m in WORD_NUMBER.finditer(text):
        words = set(re.findall(r"[a-z]+", m[0].lower()))
        if words <= {"one", "a", "half"}:
            span = _SPAN_OF_YEARS.match(text, m.end())
            if span:  # "within a decade" is ten years, "half a century" fifty
                years = words_value(m[0]) * IN_YEARS[span[1].lower()]
                number = _number(text, m.start(), span.end(), years, "year")
                found.extend([number] if number else [])
            continue  # otherwise a determiner, not a quantity
        name = IN_NAME.search(text, max(0, m.start() - 40), m.start()) if m[0][:1].isupper() else None
        if name and name[1].lower() not in _NOT_NAMES:
            continue  # "Fantastic Four", "the Big Three": a name
        number = _number(text, m.start(), m.end(), words_value(m[0]), "")
        if number:
            found.append(number)
    return found


_SPAN_OF_YEARS = re.compile(r"\s+(decade|century)\b", re.I)


_SCORE = re.compile(r"(?<![\w.,/-])(?P<x>\d{1,2})[-–](?P<y>\d{1,2})(?![\w/-]|[.,]\d|[-–]\d)")
_SCORE_BEFORE = re.compile(r"(?i)\b(?:score of|won|win|wins|winning|beat|beats|beating|defeat(?:s|ed|ing)?|lost|"
                           r"losing|lose|loses|drew|draw)\b(?:\s+\S+){0,3}?\s+(?:by\s+)?(?:a\s+)?$")
_SCORE_AFTER = re.compile(r"(?i)\s+(?:win|victory|defeat|loss|draw|triumph|scoreline)\b")


def scores(text: str) -> Iterator[Value]:
    """Match results as one figure: the winner's goals, then the loser's ("6-4" is 6.004)."""
    for m in _SCORE.finditer(text):
        if not (_SCORE_BEFORE.search(text, max(0, m.start() - 40), m.start()) or _SCORE_AFTER.match(text, m.end())):
            continue
        high, low = sorted((int(m["x"]), int(m["y"])), reverse=True)
        value = high + low / 1000
        yield Value(ValueKind.NUMBER, Span(m.start(), m.end()), m[0], value, value, "score")


_NAMED_NUMBER = re.compile(r"\b([A-Z][A-Za-z]+)[ \t]+(\d{1,4})\b(?![.,]\d|[ \t]*%)")
# Capitalised words a figure may follow without being part of a name.
_NOT_NAMES = frozenset(words("""about some over nearly almost around more less fewer up only just all approximately
roughly under below above between in on at by from to since until after before during for with of and or but the
a an its their his her our this that these those each every no nearly circa exactly""")) | set(MONTHS)


def named_numbers(text: str) -> Iterator[Span]:
    """The numbers of names: "Formula 4", "Windows 10", "Apollo 11", "Euro 2016". A figure
    after a capitalised word that starts the sentence or is a month or function word is kept."""
    for m in _NAMED_NUMBER.finditer(text):
        word = m[1]
        if word.lower() in _NOT_NAMES or not text[:m.start()].strip() or\
                text[:m.start()].rstrip()[-1:] in ".!?:;\"“(":
            continue
        yield Span(m.start(2), m.end(2))


# "a two-time Olympic champion", "a three-story house": the count is glued to its unit.
_HYPHEN_COUNT = re.compile(r"(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})-"
                           r"(time|story|storey|member|seat|game|match|episode|volume|part|round)\b")


def hyphen_counts(text: str) -> list[Value]:
    found = []
    for m in _HYPHEN_COUNT.finditer(text):
        word = m[1].lower()
        number = float(word) if word.isdigit() else float(SMALL_WORDS.get(word, 1 if word == "one" else 0))
        if number:
            unit = "story" if m[2].lower() == "storey" else m[2].lower()
            found.append(Value(ValueKind.NUMBER, Span(m.start(), m.start(1) + len(m[1])), m[1], number, number,
                               unit))
    return found
