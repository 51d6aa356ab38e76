"""Working days for reply deadlines (chinese_calendar knows holidays and make-up days;
beyond the years it knows, weekends alone decide). Sibling apps keep their own copy of
this helper: apps at one level of the dependency graph do not import each other."""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the day of filing does not count)."""
    day, remaining = start, days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day
