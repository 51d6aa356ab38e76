"""Chinese working days for complaint deadlines.

Which days are working days:

1. a HolidayOverride row for the date, if there is one (staff corrections and the
   holidays of years the library does not know yet);
2. otherwise the ``chinese_calendar`` library (holidays and make-up working days
   (调休) as announced by the State Council, for the years it ships);
3. otherwise — a year nobody has entered yet — Monday to Friday, and the year is
   reported by :func:`uncovered_years` so the dashboard can warn staff. A complainant
   never sees an error because of a missing calendar.

``add_working_days(start, n)`` counts n working days *after* ``start`` (the day the
clock starts does not count, as in the procedural rules), so the deadline is the n-th
working day following it.
"""

from __future__ import annotations

import datetime as dt
import logging

import chinese_calendar

logger = logging.getLogger(__name__)

# Never loop forever on a calendar someone filled with holidays.
MAX_SCAN_DAYS = 3 * 366


def library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    from .models import HolidayOverride

    return dict(
        HolidayOverride.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "is_workday"
        )
    )


def _default_is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def is_workday(day: dt.date) -> bool:
    override = _overrides(day, day).get(day)
    return _default_is_workday(day) if override is None else override


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (one query for the overrides)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    if days == 0:
        return start
    # Enough room for any holiday season: 2 weeks per 5 working days plus a month.
    window_end = start + dt.timedelta(days=days * 2 + 40)
    overrides = _overrides(start, window_end)
    day = start
    counted = 0
    for _ in range(MAX_SCAN_DAYS):
        day += dt.timedelta(days=1)
        if day > window_end:
            window_end = day + dt.timedelta(days=60)
            overrides.update(_overrides(day, window_end))
        workday = overrides.get(day)
        if workday is None:
            workday = _default_is_workday(day)
        if workday:
            counted += 1
            if counted == days:
                return day
    logger.error("No working day found within %s days of %s", MAX_SCAN_DAYS, start)
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        workday = overrides.get(day)
        if workday is None:
            workday = _default_is_workday(day)
        count += bool(workday)
    return count


def uncovered_years(*, today: dt.date, ahead_days: int = 180) -> list[int]:
    """Years within the deadline horizon that neither the library nor staff have covered.

    A year counts as covered by staff once it has at least one HolidayOverride row.
    """
    from .models import HolidayOverride

    years = range(today.year, (today + dt.timedelta(days=ahead_days)).year + 1)
    missing = [y for y in years if not library_knows(y)]
    if not missing:
        return []
    entered = set(
        HolidayOverride.objects.filter(date__year__in=missing)
        .values_list("date__year", flat=True)
        .distinct()
    )
    return [y for y in missing if y not in entered]
