"""Reads for the stats pages: the snapshot dressed in words, and staff report runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.dateparse import parse_datetime

from apps.accounts.models import User

from .figures import FIGURES, FIGURES_BY_KEY, OPEN_DATA_COLUMNS, SECTIONS, FigureSpec
from .models import ReportRun
from .services.snapshot import stats_snapshot

VIEW_PERMISSION = "stats.view_reportrun"
ADD_PERMISSION = "stats.add_reportrun"


@dataclass(frozen=True)
class FigureRow:
    key: Any
    label: str
    values: list[Any]


@dataclass(frozen=True)
class Figure:
    spec: FigureSpec
    rows: list[FigureRow]
    as_of: dt.datetime

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def dom_id(self) -> str:
        return f"fig-{self.spec.key}"

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.spec.columns]

    @property
    def chart_columns(self) -> str:
        """Comma-separated value-column indexes the chart draws."""
        indexes = self.spec.chart_columns or tuple(range(len(self.spec.columns) - 1))
        return ",".join(str(i) for i in indexes)

    @property
    def open_columns(self) -> tuple[str, ...]:
        return OPEN_DATA_COLUMNS[self.spec.key]


def _figure(spec: FigureSpec, data: dict, as_of: dt.datetime) -> Figure:
    rows = [
        FigureRow(key=row[0], label=spec.row_label(row[0], data), values=list(row[1:]))
        for row in data.get("rows", [])
    ]
    return Figure(spec=spec, rows=rows, as_of=as_of)


@dataclass(frozen=True)
class StatsPage:
    as_of: dt.datetime
    cle_available: bool
    cle_pending: bool
    sections: list[tuple[str, str, list[Figure]]]

    @property
    def figures(self) -> list[Figure]:
        return [figure for _key, _title, figures in self.sections for figure in figures]


def stats_page() -> StatsPage:
    snapshot = stats_snapshot()
    as_of = parse_datetime(snapshot["as_of"])
    assert as_of is not None
    data = snapshot["figures"]
    sections = []
    for section_key, title in SECTIONS:
        figures = [
            _figure(spec, data[spec.key], as_of)
            for spec in FIGURES
            if spec.section == section_key and spec.key in data
        ]
        if figures or section_key == "cle":
            sections.append((section_key, str(title), figures))
    return StatsPage(
        as_of=as_of,
        cle_available=snapshot["cle_available"],
        cle_pending=snapshot.get("cle_pending", False),
        sections=sections,
    )


def figure_public_get(*, key: str) -> Figure:
    spec = FIGURES_BY_KEY.get(key)
    snapshot = stats_snapshot()
    if spec is None or key not in snapshot["figures"]:
        raise Http404("No such figure")
    as_of = parse_datetime(snapshot["as_of"])
    assert as_of is not None
    return _figure(spec, snapshot["figures"][key], as_of)


# --- report runs (staff) -------------------------------------------------------------------


def _require(user: User, perm: str) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff and user.has_perm(perm)):
        raise PermissionDenied


def report_run_list_for_user(*, user: User, limit: int = 50) -> QuerySet[ReportRun]:
    """Report runs for the reports role (every run: reports are aggregates, shared)."""
    _require(user, VIEW_PERMISSION)
    return ReportRun.objects.select_related("requested_by").order_by("-created_at", "-pk")[:limit]


def report_run_get_for_user(*, user: User, pk: int) -> ReportRun:
    _require(user, VIEW_PERMISSION)
    try:
        return ReportRun.objects.select_related("requested_by").get(pk=pk)
    except ReportRun.DoesNotExist:
        raise Http404("No such report run") from None
