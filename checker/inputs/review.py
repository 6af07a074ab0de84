"""When a reference fact is due for review: its `review_by` date has passed.

Facts about the present (who holds an office, what a treaty's status is) go stale. A curator
writes `review_by: 2026-06` on such a fact; from the day after that period ends (1 July 2026),
`checker refs validate` lists it, and a finding that rests on it alone is shown one severity
level lower and says so: the checker cannot vouch for a fact its curators have not looked at
since it was due.

`review_by` may be a day (YYYY-MM-DD), a month (YYYY-MM, due after its last day) or a year
(YYYY, due after 31 December).
"""

from __future__ import annotations

import calendar
import datetime as dt

from checker.model import ReferenceFact


def deadline(review_by: str) -> dt.date:
    """The last day a fact with this `review_by` is still current: "2026-06" -> 2026-06-30."""
    parts = [int(p) for p in review_by.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return dt.date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, parts[2])


def overdue(fact: ReferenceFact, today: dt.date) -> bool:
    """Whether the fact's `review_by` has passed on `today`; a fact without one never is."""
    return fact.review_by is not None and today > deadline(fact.review_by)


def today_of(iso: str | None) -> dt.date:
    """`iso` (YYYY-MM-DD) as a date, or the system's date for None."""
    return dt.date.fromisoformat(iso) if iso else dt.date.today()
