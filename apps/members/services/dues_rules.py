"""Dues rules as pure functions: no database, table-tested (tests/members/test_dues_rules.py).

* The fee year runs 1 July – 30 June and is named by the year it starts in.
* A lawyer pays the scale's amount for their category; in the fee year of their first
  licence nothing (year one), in the next fee year half (year two).
* A firm pays its size band's amount; in the fee year it was founded it pays for the
  quarters left, counting the quarter it was founded in (July–September: 4/4,
  October–December: 3/4, January–March: 2/4, April–June: 1/4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


def fee_year_of(day: dt.date) -> int:
    """The fee year ``day`` falls in (30 June 2027 → 2026; 1 July 2027 → 2027)."""
    return day.year if day.month >= 7 else day.year - 1


def fee_year_bounds(fee_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(fee_year, 7, 1), dt.date(fee_year + 1, 6, 30)


def fee_year_label(fee_year: int) -> str:
    return f"{fee_year}–{fee_year + 1}"


@dataclass(frozen=True)
class DuesAmount:
    amount: Decimal
    basis: str


def lawyer_dues(*, base: Decimal, fee_year: int, first_licensed: dt.date) -> DuesAmount:
    """A lawyer's dues for ``fee_year`` from the scale's ``base`` for their category."""
    licence_year = fee_year_of(first_licensed)
    if licence_year >= fee_year:
        # First licensed in this fee year (or, for data typed ahead, later): year one.
        return DuesAmount(Decimal("0.00"), _("首次执业第一年免缴"))
    if licence_year == fee_year - 1:
        return DuesAmount((base / 2).quantize(CENT, ROUND_HALF_UP), _("首次执业第二年减半"))
    return DuesAmount(base.quantize(CENT), _("全额"))


def quarters_left(*, fee_year: int, founded: dt.date) -> int:
    """Quarters of ``fee_year`` from the one ``founded`` falls in to the end (1–4); 4 if
    the firm existed before the fee year, 0 if it was founded after it."""
    start, end = fee_year_bounds(fee_year)
    if founded < start:
        return 4
    if founded > end:
        return 0
    months_in = (founded.year - start.year) * 12 + founded.month - start.month  # 0..11
    return 4 - months_in // 3


def firm_dues(*, base: Decimal, fee_year: int, founded: dt.date) -> DuesAmount:
    """A firm's dues for ``fee_year`` from its size band's ``base``, pro-rated by quarter."""
    quarters = quarters_left(fee_year=fee_year, founded=founded)
    if quarters == 4:
        return DuesAmount(base.quantize(CENT), _("全额"))
    amount = (base * quarters / 4).quantize(CENT, ROUND_HALF_UP)
    return DuesAmount(amount, _("新设律所按季度折算：%(quarters)s/4") % {"quarters": quarters})


def firm_band_amount(*, bands: list[tuple[int, Decimal]], lawyers: int) -> Decimal | None:
    """The amount of the band a firm with ``lawyers`` practising lawyers falls in:
    the band with the highest lower bound not above ``lawyers``; None if none applies."""
    chosen: Decimal | None = None
    best = -1
    for minimum, amount in bands:
        if best < minimum <= lawyers:
            best, chosen = minimum, amount
    return chosen
