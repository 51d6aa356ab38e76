"""The CLE rules, table by table: conversion, requirement, windows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.learning import rules

D = dt.date


@pytest.mark.parametrize(
    ("minutes", "hours"),
    [
        (45, "1.00"),
        (90, "2.00"),
        (60, "1.33"),
        (30, "0.67"),
        (135, "3.00"),
        (1800, "40.00"),
        (1, "0.02"),
        (0, "0.00"),
    ],
)
def test_45_minutes_make_one_hour(minutes, hours):
    assert rules.minutes_to_hours(minutes) == Decimal(hours)


@pytest.mark.parametrize(("hours", "minutes"), [("1", 45), ("2.5", 113), ("0.5", 23), ("40", 1800)])
def test_hours_back_to_minutes(hours, minutes):
    assert rules.hours_to_minutes(Decimal(hours)) == minutes


# year 2026; (first licensed, birth date, part-time) -> (hours, reason)
REQUIREMENT_TABLE = [
    ("veteran", D(2010, 5, 1), D(1980, 1, 1), False, 40, "full"),
    ("licensed mid-year, 6 months", D(2026, 7, 1), D(1995, 1, 1), False, 40, "full"),
    ("licensed 2 Jul: under 6 months", D(2026, 7, 2), D(1995, 1, 1), False, 20, "new_short"),
    ("licensed 1 Nov: exactly 2 months", D(2026, 11, 1), D(1995, 1, 1), False, 20, "new_short"),
    ("licensed 2 Nov: under 2 months", D(2026, 11, 2), D(1995, 1, 1), False, 0, "new_none"),
    ("licensed in December", D(2026, 12, 15), None, False, 0, "new_none"),
    ("licensed next year", D(2027, 1, 10), None, False, 0, "new_none"),
    ("turns 60 this year", D(2000, 1, 1), D(1966, 12, 31), False, 20, "age_60"),
    ("59 at year end", D(2000, 1, 1), D(1967, 1, 1), False, 40, "full"),
    ("64", D(2000, 1, 1), D(1962, 3, 3), False, 20, "age_60"),
    ("turns 65 this year", D(2000, 1, 1), D(1961, 6, 30), False, 0, "age_65"),
    ("70", D(1990, 1, 1), D(1956, 1, 1), False, 0, "age_65"),
    ("part-time", D(2010, 1, 1), D(1980, 1, 1), True, 24, "part_time"),
    ("part-time and 62: the smaller", D(2010, 1, 1), D(1964, 1, 1), True, 20, "age_60"),
    ("part-time, new (3 months)", D(2026, 10, 1), D(1990, 1, 1), True, 20, "new_short"),
    ("part-time and 66", D(2010, 1, 1), D(1960, 1, 1), True, 0, "age_65"),
    ("unknown birth date", D(2010, 1, 1), None, False, 40, "full"),
]


@pytest.mark.parametrize(
    ("case", "first_licensed", "birth", "part_time", "hours", "reason"),
    REQUIREMENT_TABLE,
    ids=[row[0] for row in REQUIREMENT_TABLE],
)
def test_requirement_for_2026(case, first_licensed, birth, part_time, hours, reason):
    requirement = rules.requirement_for(
        year=2026, first_licensed=first_licensed, birth_date=birth, part_time=part_time
    )
    assert (requirement.hours, requirement.reason) == (Decimal(hours), reason)


@pytest.mark.parametrize(
    ("year", "onsite", "online"),
    [
        (2026, (D(2026, 1, 1), D(2026, 12, 31)), (D(2026, 4, 1), D(2027, 3, 31))),
        (2024, (D(2024, 1, 1), D(2024, 12, 31)), (D(2024, 4, 1), D(2025, 3, 31))),
    ],
)
def test_onsite_counts_by_calendar_year_online_april_to_march(year, onsite, online):
    assert rules.onsite_window(year) == onsite
    assert rules.online_window(year) == online
    assert rules.year_deadline(year) == online[1]


@pytest.mark.parametrize(
    ("today", "year"),
    [(D(2027, 1, 15), 2026), (D(2027, 3, 31), 2026), (D(2027, 4, 1), 2027), (D(2026, 12, 1), 2026)],
)
def test_open_year_is_last_year_until_the_end_of_march(today, year):
    assert rules.open_year(today) == year


@pytest.mark.parametrize(
    ("id_number", "birth"),
    [
        ("310101198001011234", D(1980, 1, 1)),
        ("31010119661231123X", D(1966, 12, 31)),
        ("310101198013011234", None),  # month 13
        ("", None),
        ("3101011980", None),
    ],
)
def test_birth_date_from_id_number(id_number, birth):
    assert rules.birth_date_from_id_number(id_number) == birth
