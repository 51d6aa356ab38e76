"""Chinese working days (chinese_calendar knows the State Council's holiday and make-up
working-day schedule): the booking window. Beyond the years the library knows, weekends
alone decide. (A copy of legalservices' helper: sibling apps do not import each other.)"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the library has no schedule for
        return day.weekday() < 5


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the day of receipt does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def booking_window(today: dt.date, days: int) -> list[dt.date]:
    """The next ``days`` working days after ``today`` (today itself is not bookable)."""
    out: list[dt.date] = []
    day = today
    while len(out) < days:
        day += dt.timedelta(days=1)
        if is_workday(day):
            out.append(day)
    return out
