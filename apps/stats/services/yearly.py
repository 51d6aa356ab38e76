"""Yearly snapshots: the headline numbers of each year, kept as they were reported.

The open (current) year's rows are updated by the beat job; once a year has ended, its
rows are final: ``yearly_snapshot_record`` refuses to change them (DomainError). The first
run after New Year records the closed year's last values if they were never taken.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.exceptions import DomainError

from ..figures import TREND_METRICS
from ..models import YearlySnapshot


def year_is_closed(year: int, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return year < today.year


def yearly_snapshot_record(
    *, year: int, metric: str, value: int | Decimal, today: dt.date | None = None
) -> YearlySnapshot:
    """Record ``metric`` for ``year``. A closed year's existing value is never overwritten."""
    if metric not in TREND_METRICS:
        raise DomainError(_("未知的统计指标：%(metric)s") % {"metric": metric})
    value = Decimal(value)
    with transaction.atomic():
        existing = (
            YearlySnapshot.objects.select_for_update().filter(year=year, metric=metric).first()
        )
        if existing is not None and year_is_closed(year, today=today):
            if existing.value == value:
                return existing
            raise DomainError(_("%(year)s 年度已结束，其快照已发布，不能修改。") % {"year": year})
        if existing is None:
            return YearlySnapshot.objects.create(
                year=year, metric=metric, value=value, taken_at=timezone.now()
            )
        existing.value = value
        existing.taken_at = timezone.now()
        existing.save(update_fields=["value", "taken_at"])
        return existing


def yearly_snapshots_take(
    *, current: dict[str, int], today: dt.date | None = None
) -> list[YearlySnapshot]:
    """The beat job: update the open year; close the previous year if it was never taken
    (values as of now, the first days of January). Closed years already taken are kept."""
    today = today or timezone.localdate()
    taken = []
    previous = today.year - 1
    have_previous = set(
        YearlySnapshot.objects.filter(year=previous).values_list("metric", flat=True)
    )
    for metric in TREND_METRICS:
        if metric not in current:
            continue
        if metric not in have_previous and today.timetuple().tm_yday <= 31:
            taken.append(
                yearly_snapshot_record(
                    year=previous, metric=metric, value=current[metric], today=today
                )
            )
        taken.append(
            yearly_snapshot_record(
                year=today.year, metric=metric, value=current[metric], today=today
            )
        )
    return taken


def trend_rows(*, current_year: int, current: dict[str, int]) -> list[list[int | None]]:
    """[year, members, firms, party_members, probono] for every closed year that has
    snapshots, then the current year's live values (one query)."""
    table: dict[int, dict[str, int]] = {}
    for year, metric, value in YearlySnapshot.objects.filter(year__lt=current_year).values_list(
        "year", "metric", "value"
    ):
        table.setdefault(year, {})[metric] = int(value)
    rows: list[list[int | None]] = [
        [year, *[table[year].get(m) for m in TREND_METRICS]] for year in sorted(table)
    ]
    rows.append([current_year, *[current.get(m) for m in TREND_METRICS]])
    return rows
