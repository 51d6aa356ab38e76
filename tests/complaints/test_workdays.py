"""Working days: holidays and make-up days from chinese-calendar, the staff table after."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.complaints import workdays
from apps.complaints.models import HolidayOverride

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # National Day 2026: 1–7 October off; Saturday 10 October is a make-up working day.
        (D(2026, 9, 29), 1, D(2026, 9, 30)),
        (D(2026, 9, 29), 2, D(2026, 10, 8)),  # the whole Golden Week is skipped
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # 8, 9 and the make-up Saturday the 10th
        (D(2026, 9, 30), 4, D(2026, 10, 12)),  # Sunday the 11th is off
        (D(2026, 9, 28), 7, D(2026, 10, 13)),  # acceptance limit across the holiday
        (D(2026, 9, 25), 10, D(2026, 10, 15)),  # respondent-notice limit across it
        (D(2026, 6, 5), 0, D(2026, 6, 5)),
    ],
)
def test_add_working_days_across_national_day_2026(start, days, expected):
    assert workdays.add_working_days(start, days) == expected


def test_make_up_saturday_is_a_working_day_and_holiday_monday_is_not():
    assert workdays.is_workday(D(2026, 10, 10)) is True
    assert workdays.is_workday(D(2026, 10, 5)) is False


def test_year_without_calendar_falls_back_to_weekdays_without_error():
    # 2027 is not in the library: Friday 1 Oct 2027 + 1 working day is Monday 4 Oct.
    assert not workdays.library_knows(2027)
    assert workdays.add_working_days(D(2027, 10, 1), 1) == D(2027, 10, 4)


def test_staff_entered_holidays_and_make_up_days_count_in_fallback_years():
    for day in range(1, 8):
        HolidayOverride.objects.create(date=D(2027, 10, day), is_workday=False, name="国庆节")
    HolidayOverride.objects.create(date=D(2027, 10, 9), is_workday=True, name="国庆调休上班")
    # Thursday 30 Sep 2027 + 1 → Friday 8 Oct; + 2 → the make-up Saturday 9 Oct.
    assert workdays.add_working_days(D(2027, 9, 30), 1) == D(2027, 10, 8)
    assert workdays.add_working_days(D(2027, 9, 30), 2) == D(2027, 10, 9)


def test_staff_override_corrects_a_known_year():
    HolidayOverride.objects.create(date=D(2026, 6, 1), is_workday=False, name="临时调整")
    assert workdays.add_working_days(D(2026, 5, 29), 1) == D(2026, 6, 2)


def test_uncovered_years_are_reported_until_staff_enter_one():
    assert workdays.uncovered_years(today=D(2026, 11, 1)) == [2027]
    HolidayOverride.objects.create(date=D(2027, 1, 1), is_workday=False, name="元旦")
    assert workdays.uncovered_years(today=D(2026, 11, 1)) == []


def test_working_days_between_counts_after_start_up_to_end():
    assert workdays.working_days_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert workdays.working_days_between(D(2026, 10, 12), D(2026, 10, 12)) == 0
