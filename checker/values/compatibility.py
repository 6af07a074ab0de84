"""When two values can both be true: intervals, rounding, bounds, ranges and months of no year."""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal

from checker.model import Bound, Value, ValueKind
from checker.values.numbers import words_value
from checker.values.tables import DAY_OF_YEAR, LITERAL, MONTH_OF_YEAR, NO_YEAR, SCALES, WORD_NUMBER


def _rounding(literal: str, scale: int) -> float:
    """Half a unit of the last significant digit; trailing zeros count as rounding from 1,000 up."""
    digits = literal.replace(",", "")
    if "." in digits:
        place = -len(digits.partition(".")[2])
    else:
        significant = digits.rstrip("0")
        place = len(digits) - len(significant) if significant and int(digits) >= 1000 else 0
    return float(Decimal(5) * Decimal(10) ** (place - 1) * scale)


def _month_and_day(value: Value) -> tuple[int, int | None] | None:
    """The month (and day, where given) a date names; None for a year, a decade or a span."""
    if value.unit == MONTH_OF_YEAR:
        return int(value.low), None
    if value.unit == DAY_OF_YEAR:
        return int(value.low) // 100, int(value.low) % 100
    if value.unit in {"day", "month"} and math.isfinite(value.low):
        named = date.fromordinal(int(value.low))
        return named.month, (named.day if value.unit == "day" else None)
    return None


def _same_day_of_year(a: Value, b: Value) -> bool:
    """A month or day of no year against a date: compatible unless they name another month or
    another day of it (a year, a decade or a span holds every day)."""
    x, y = _month_and_day(a), _month_and_day(b)
    if x is None or y is None:
        return True
    return x[0] == y[0] and (x[1] is None or y[1] is None or x[1] == y[1])


def _tolerance(value: Value) -> float:
    if value.unit.startswith("#"):
        return 0.0  # a rank is exact: "6th" is "sixth", never "fifth"
    literal = LITERAL.search(value.text)
    if literal:
        # Rounding never stretches past a tenth of the value: "20,000" is not "25,000".
        magnitude = abs(value.low) if not math.isinf(value.low) else abs(value.high)
        return min(_rounding(literal[1], SCALES.get((literal[2] or "").lower(), 1)), 0.1 * magnitude or math.inf)
    words = WORD_NUMBER.search(value.text)
    if words and re.search(r"(?i)hundred|thousand|million|billion|trillion", words[0]):
        return _rounding(str(int(words_value(words[0]))), 1)
    return 0.5 if words else 0.0


def compatible(a: Value, b: Value) -> bool:
    """Whether both values can be true of the same thing (different kinds or units always can)."""
    if a.kind != b.kind:
        return True
    if a.kind is ValueKind.DATE:
        if a.unit in NO_YEAR or b.unit in NO_YEAR:
            return _same_day_of_year(a, b)
        return a.low <= b.high and b.low <= a.high
    if a.unit and b.unit and a.unit != b.unit:
        return True
    # Two bounds in the same direction state the writers' figures: "over 800 papers" and
    # "over 700 papers", or "up to 20,000" and "up to 25,000" spectators, disagree.
    if a.bound is not None and b.bound is not None:
        if a.bound is not b.bound:
            # "less than 140,000" and "more than 141,000" cannot both hold; "more than 100" and
            # "fewer than 150" can.
            more, less = (a, b) if a.bound is Bound.MORE else (b, a)
            return more.figure < less.figure
        return compatible(_exactly(a), _exactly(b))
    if (a.bound is None) != (b.bound is None):
        # "over 79%" excludes 79%, where "at least 79%" does not.
        bound, exact = (a, b) if a.bound is not None else (b, a)
        # A figure in millions is rounded ("reached $3 billion" may be 3.2): only a plain one is exact.
        if exact.low == exact.high == bound.figure and not exact.approximate and _STRICT.match(bound.text) \
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


def _exactly(value: Value) -> Value:
    """The figure a bound names, as an exact value."""
    return Value(value.kind, value.span, value.text, value.figure, value.figure, value.unit)


def values_differ(a: Value, b: Value) -> bool:
    """Same kind, comparable units, and no value could satisfy both."""
    if a.kind != b.kind or (a.unit and b.unit and a.unit != b.unit and a.kind is ValueKind.NUMBER):
        return False
    return not compatible(a, b)


def same_dates(a: Value, b: Value) -> bool:
    """Overlapping dates agree, except two ranges, which must share both ends ("1883 to 1941")."""
    if a.unit == b.unit == "range":
        return a.low == b.low and a.high == b.high
    return compatible(a, b)
