"""The dues rules, table by table (pure functions: no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.members.services.dues_rules import (
    fee_year_bounds,
    fee_year_of,
    firm_band_amount,
    firm_dues,
    lawyer_dues,
    quarters_left,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "fee_year"),
    [
        (D(2026, 6, 30), 2025),
        (D(2026, 7, 1), 2026),
        (D(2026, 12, 31), 2026),
        (D(2027, 1, 1), 2026),
        (D(2027, 6, 30), 2026),
    ],
)
def test_fee_year_runs_from_first_of_july(day, fee_year):
    assert fee_year_of(day) == fee_year
    start, end = fee_year_bounds(fee_year)
    assert start <= day <= end


@pytest.mark.parametrize(
    ("first_licensed", "amount"),
    [
        (D(2026, 7, 1), "0.00"),  # licensed on the first day of the fee year: year one
        (D(2027, 6, 30), "0.00"),  # last day of the fee year: still year one
        (D(2026, 6, 30), "1000.00"),  # the day before: year two, half
        (D(2025, 7, 1), "1000.00"),  # first day of the previous fee year: year two
        (D(2025, 6, 30), "2000.00"),  # two fee years back: full
        (D(2001, 3, 1), "2000.00"),
        (D(2028, 1, 1), "0.00"),  # typed ahead of time: never charged in advance
    ],
)
def test_first_licence_year_one_free_year_two_half(first_licensed, amount):
    result = lawyer_dues(base=Decimal("2000"), fee_year=2026, first_licensed=first_licensed)
    assert result.amount == Decimal(amount)
    assert result.basis


def test_half_rounds_to_the_cent():
    result = lawyer_dues(base=Decimal("1999.99"), fee_year=2026, first_licensed=D(2026, 1, 5))
    assert result.amount == Decimal("1000.00")


@pytest.mark.parametrize(
    ("founded", "quarters", "amount"),
    [
        (D(2020, 1, 1), 4, "8000.00"),  # existed before the fee year
        (D(2026, 6, 30), 4, "8000.00"),
        (D(2026, 7, 1), 4, "8000.00"),  # Q1 of the fee year (Jul–Sep): whole year
        (D(2026, 9, 30), 4, "8000.00"),
        (D(2026, 10, 1), 3, "6000.00"),  # Q2 (Oct–Dec)
        (D(2026, 12, 31), 3, "6000.00"),
        (D(2027, 1, 1), 2, "4000.00"),  # Q3 (Jan–Mar)
        (D(2027, 3, 31), 2, "4000.00"),
        (D(2027, 4, 1), 1, "2000.00"),  # Q4 (Apr–Jun)
        (D(2027, 6, 30), 1, "2000.00"),
        (D(2027, 7, 1), 0, "0.00"),  # after the fee year
    ],
)
def test_new_firms_pay_by_quarter(founded, quarters, amount):
    assert quarters_left(fee_year=2026, founded=founded) == quarters
    assert firm_dues(base=Decimal("8000"), fee_year=2026, founded=founded).amount == Decimal(amount)


@pytest.mark.parametrize(
    ("lawyers", "amount"),
    [
        (0, None),  # no band starts at 0 in this scale
        (1, "3000"),
        (10, "3000"),
        (11, "6000"),
        (50, "6000"),
        (51, "12000"),
        (900, "12000"),
    ],
)
def test_firm_size_bands(lawyers, amount):
    bands = [(51, Decimal("12000")), (1, Decimal("3000")), (11, Decimal("6000"))]
    expected = Decimal(amount) if amount else None
    assert firm_band_amount(bands=bands, lawyers=lawyers) == expected
