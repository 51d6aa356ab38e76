"""The CLE rules as pure functions (no database): hours conversion, the yearly requirement,
the windows in which on-site and online hours count.

* **45 minutes = 1 credited hour.** Hours are computed from the *total* minutes of a set of
  credits (not summed per entry), as a Decimal with two places, rounded half up.
* **Requirement for year Y** (``requirement_for``), the smallest that applies:

  ========================================  =====
  practising 6 months or more in Y            40
  practising 2 to 6 months in Y               20
  practising under 2 months in Y               0
  aged 60 to 65 (age reached in Y)             20
  aged 65 or more                               0
  part-time lawyer (兼职律师)                    24
  ========================================  =====

  "Months practising in Y" are whole months from the later of the first licensed date and
  1 January of Y to 31 December of Y. The age is the one reached on 31 December of Y
  (birth date from the 18-digit ID number; unknown birth date → the age rules do not
  apply).
* **Windows for year Y**: on-site hours count by calendar year (1 January – 31 December
  of Y); online hours from 1 April of Y to 31 March of Y+1. So the last day to complete
  year Y is 31 March of Y+1 (online only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MINUTES_PER_HOUR = 45
TWO_PLACES = Decimal("0.01")

FULL = Decimal(40)
REDUCED = Decimal(20)
PART_TIME = Decimal(24)
NONE = Decimal(0)


def minutes_to_hours(minutes: int) -> Decimal:
    """Credited hours for ``minutes`` of study: 45 minutes are one hour."""
    return (Decimal(minutes) / MINUTES_PER_HOUR).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def hours_to_minutes(hours: Decimal) -> int:
    """Minutes that make ``hours`` credited hours (staff credit hours by hand)."""
    return int((Decimal(hours) * MINUTES_PER_HOUR).to_integral_value(rounding=ROUND_HALF_UP))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (0 if end is before start)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class Requirement:
    hours: Decimal
    reason: str  # a key: "full", "new_short", "new_none", "age_60", "age_65", "part_time"


def requirement_for(
    *,
    year: int,
    first_licensed: dt.date,
    birth_date: dt.date | None = None,
    part_time: bool = False,
) -> Requirement:
    """The hours a lawyer must earn for ``year`` (see the module docstring's table)."""
    year_end = dt.date(year, 12, 31)
    start = max(first_licensed, dt.date(year, 1, 1))
    # Practising to the end of 31 December counts that day: measure to 1 January of Y+1.
    months = months_between(start, year_end + dt.timedelta(days=1))
    options: list[Requirement] = []
    if months >= 6:
        options.append(Requirement(FULL, "full"))
    elif months >= 2:
        options.append(Requirement(REDUCED, "new_short"))
    else:
        options.append(Requirement(NONE, "new_none"))
    if birth_date is not None:
        age = age_on(birth_date, year_end)
        if age >= 65:
            options.append(Requirement(NONE, "age_65"))
        elif age >= 60:
            options.append(Requirement(REDUCED, "age_60"))
    if part_time:
        options.append(Requirement(PART_TIME, "part_time"))
    # The smallest applies; on a tie the first (the practising-time rule) names the reason.
    return min(options, key=lambda r: r.hours)


def onsite_window(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def online_window(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def year_deadline(year: int) -> dt.date:
    """The last day on which hours for ``year`` can still be earned (online)."""
    return online_window(year)[1]


def open_year(today: dt.date) -> int:
    """The CLE year still open on ``today`` whose deadline is nearest: from January to
    March that is last year (online hours still count), otherwise this year."""
    return today.year - 1 if today.month <= 3 else today.year


def birth_date_from_id_number(id_number: str) -> dt.date | None:
    """Birth date from an 18-digit resident ID number (digits 7–14), if it parses."""
    if len(id_number or "") != 18:
        return None
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None
