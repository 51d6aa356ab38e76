"""Working days for the one-working-day acknowledgement deadline.

``chinese_calendar`` knows the State Council's holidays and make-up working days (调休)
for the years it ships; for a year it does not know yet, Monday to Friday.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def next_workday(day: dt.date) -> dt.date:
    """The first working day after ``day`` (the day itself does not count)."""
    candidate = day + dt.timedelta(days=1)
    for _ in range(60):
        if is_workday(candidate):
            return candidate
        candidate += dt.timedelta(days=1)
    return candidate
