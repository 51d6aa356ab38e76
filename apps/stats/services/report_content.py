"""What each staff report contains: tables and one chart, read through the other apps'
selectors. Renderers (xlsx, PDF) turn a ``ReportContent`` into files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import figures as fig
from ..models import ReportKind

Progress = Callable[[int], None]


@dataclass
class ReportTable:
    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class ReportChart:
    title: str
    labels: list[str]
    values: list[float]


@dataclass
class ReportContent:
    title: str
    subtitle: str
    generated_at: dt.datetime
    tables: list[ReportTable] = field(default_factory=list)
    chart: ReportChart | None = None


def _figure_table(key: str, data: dict[str, dict]) -> ReportTable | None:
    spec = fig.FIGURES_BY_KEY[key]
    if key not in data:
        return None
    figure = data[key]
    return ReportTable(
        title=str(spec.title),
        columns=[str(c) for c in spec.columns],
        rows=[[spec.row_label(row[0], figure), *row[1:]] for row in figure["rows"]],
    )


def _headline_table(year: int, trends: list[list[Any]]) -> ReportTable:
    row = next((r for r in trends if r[0] == year), None)
    labels = fig.FIGURES_BY_KEY["trends"].columns[1:]
    return ReportTable(
        title=_("%(year)s年主要数字") % {"year": year},
        columns=[_("指标"), _("数值")],
        rows=[
            [str(label), "—" if row is None or row[i + 1] is None else row[i + 1]]
            for i, label in enumerate(labels)
        ],
    )


def _annual(params: dict, progress: Progress) -> ReportContent:
    """The current year: every public figure as of now. A closed year: its headline
    numbers as recorded in the yearly snapshot, and the pro-bono and complaints figures
    of that year (the register's structure then is not kept, so it is not shown)."""
    from .snapshot import stats_snapshot_compute

    year = params["year"]
    progress(10)
    snapshot = stats_snapshot_compute()
    progress(60)
    data = snapshot["figures"]
    trends = data["trends"]["rows"]
    if year >= snapshot["year"]:
        tables = [t for spec in fig.FIGURES if (t := _figure_table(spec.key, data)) is not None]
        subtitle = _(
            "会员、党建、公益法律服务、投诉处理、继续教育与涉外服务主要数字（截至生成时间）"
        )
    else:
        tables = [_headline_table(year, trends)]
        for table in (
            _figure_table("probono-by-year", data),
            _figure_table("complaints-summary", data),
        ):
            if table is None:
                continue
            table.rows = [r for r in table.rows if str(r[0]) == str(year)]
            if table.rows:
                tables.append(table)
        subtitle = _("往年主要数字取自年度快照，按当年发布时的数字列出")
    chart = ReportChart(
        title=_("历年个人会员（名）"),
        labels=[str(row[0]) for row in trends if row[0] <= year],
        values=[float(row[1] or 0) for row in trends if row[0] <= year],
    )
    return ReportContent(
        title=_("上海市律师协会%(year)s年度统计报告") % {"year": year},
        subtitle=subtitle,
        generated_at=timezone.now(),
        tables=tables,
        chart=chart,
    )


def _complaints_monthly(params: dict, progress: Progress) -> ReportContent:
    from apps.complaints.models import Category, Track
    from apps.complaints.selectors import counts_by, counts_by_month, decision_times

    year, month = params["year"], params["month"]
    progress(10)
    by_month = {d.month: n for d, n in counts_by_month(year=year)}
    months = list(range(1, month + 1))
    progress(30)
    categories = counts_by("category", year=year)
    tracks = counts_by("track", year=year)
    outcomes = counts_by("outcome", year=year)
    progress(60)
    times = decision_times(year=year)
    outcome_label = fig.FIGURES_BY_KEY["complaints-by-outcome"].row_label
    tables = [
        ReportTable(
            title=_("每月收到的投诉"),
            columns=[_("月份"), _("收到（件）")],
            rows=[[_("%(m)s月") % {"m": m}, by_month.get(m, 0)] for m in months],
        ),
        ReportTable(
            title=_("本年投诉按类别"),
            columns=[_("类别"), _("件数")],
            rows=[[str(label), categories.get(value, 0)] for value, label in Category.choices],
        ),
        ReportTable(
            title=_("本年投诉按程序"),
            columns=[_("程序"), _("件数")],
            rows=[[str(label), tracks.get(value, 0)] for value, label in Track.choices],
        ),
        ReportTable(
            title=_("本年处理结果"),
            columns=[_("结果"), _("件数")],
            rows=[[outcome_label(k, {}), n] for k, n in sorted(outcomes.items())],
        ),
        ReportTable(
            title=_("办理用时"),
            columns=[_("指标"), _("数值")],
            rows=[
                [_("已作出首次决定（件）"), times.decided],
                [
                    _("用时中位数（天）"),
                    times.median_days if times.median_days is not None else "—",
                ],
                [_("用时90百分位（天）"), times.p90_days if times.p90_days is not None else "—"],
                [
                    _("按期办结（%）"),
                    round(times.within_limit_share * 100, 1)
                    if times.within_limit_share is not None
                    else "—",
                ],
            ],
        ),
    ]
    return ReportContent(
        title=_("投诉处理月报（%(year)s年%(month)s月）") % {"year": year, "month": month},
        subtitle=_("本年1月至报告月的投诉受理、分流、处理结果和用时"),
        generated_at=timezone.now(),
        tables=tables,
        chart=ReportChart(
            title=_("每月收到的投诉（件）"),
            labels=[_("%(m)s月") % {"m": m} for m in months],
            values=[float(by_month.get(m, 0)) for m in months],
        ),
    )


def _party(params: dict, progress: Progress) -> ReportContent:
    progress(10)
    data = fig.compute_party(timezone.localdate())
    progress(70)
    tables = [
        t
        for key in ("party-organizations", "party-rates", "party-honours")
        if (t := _figure_table(key, data)) is not None
    ]
    kinds = tables[0]
    return ReportContent(
        title=_("律师行业党组织登记统计报告（%(year)s年）") % {"year": params["year"]},
        subtitle=_("党组织构成、党员律师占比、覆盖率、书记轮训率和表彰"),
        generated_at=timezone.now(),
        tables=tables,
        chart=ReportChart(
            title=_("党组织构成（个）"),
            labels=[str(r[0]) for r in kinds.rows],
            values=[float(r[1]) for r in kinds.rows],
        ),
    )


def _cle(params: dict, progress: Progress) -> ReportContent:
    from apps.learning.selectors import compliance_rows

    year = params["year"]
    progress(10)
    rows = compliance_rows(year=year)
    progress(60)
    met = sum(1 for row in rows if row.short <= 0)
    by_firm: dict[str, list[int]] = {}
    for row in rows:
        name = row.firm_name or _("（无执业机构）")
        entry = by_firm.setdefault(name, [0, 0])
        entry[0] += 1
        entry[1] += row.short > 0
    worst = sorted(by_firm.items(), key=lambda kv: (-kv[1][1], kv[0]))[:30]
    return ReportContent(
        title=_("继续教育学时达标报告（%(year)s年度）") % {"year": year},
        subtitle=_("执业律师学时达标人数，以及未达标人数最多的律师事务所"),
        generated_at=timezone.now(),
        tables=[
            ReportTable(
                title=_("达标概况"),
                columns=[_("指标"), _("人数")],
                rows=[
                    [_("执业律师"), len(rows)],
                    [_("已达标"), met],
                    [_("未达标"), len(rows) - met],
                ],
            ),
            ReportTable(
                title=_("未达标人数最多的律师事务所"),
                columns=[_("律师事务所"), _("执业律师（名）"), _("未达标（名）")],
                rows=[[name, total, short] for name, (total, short) in worst],
            ),
        ],
        chart=ReportChart(
            title=_("学时达标情况（名）"),
            labels=[_("已达标"), _("未达标")],
            values=[float(met), float(len(rows) - met)],
        ),
    )


def _probono(params: dict, progress: Progress) -> ReportContent:
    from apps.legalservices.models import ProBonoKind
    from apps.legalservices.selectors.probono import probono_hours_by_lawyer, probono_totals

    year = params["year"]
    progress(10)
    totals = probono_totals(year=year)
    progress(40)
    below = probono_hours_by_lawyer(year=year, below_only=True).count()
    progress(70)
    kinds: list[list[Any]] = [
        [str(label), totals.by_kind.get(value, 0)] for value, label in ProBonoKind.choices
    ]
    return ReportContent(
        title=_("公益法律服务报告（%(year)s年）") % {"year": year},
        subtitle=_("经核实的公益法律服务按类型统计，公益活动服务人次和服务时长"),
        generated_at=timezone.now(),
        tables=[
            ReportTable(title=_("按类型统计"), columns=[_("类型"), _("件次")], rows=kinds),
            ReportTable(
                title=_("合计"),
                columns=[_("指标"), _("数值")],
                rows=[
                    [_("公益活动服务人次"), totals.event_people],
                    [_("公益法律服务合计（件次）"), totals.total],
                    [_("服务时长（小时）"), Decimal(totals.hours)],
                    [_("未达到建议服务量的执业律师（名）"), below],
                ],
            ),
        ],
        chart=ReportChart(
            title=_("公益法律服务按类型（件次）"),
            labels=[k[0] for k in kinds],
            values=[float(k[1]) for k in kinds],
        ),
    )


def _dues(params: dict, progress: Progress) -> ReportContent:
    from apps.members.selectors.statistics import dues_summary

    year = params["year"]
    progress(10)
    summary = dues_summary(year=year)
    progress(60)
    labels = {"lawyer": _("个人会员"), "firm": _("团体会员")}
    rows: list[list[Any]] = []
    for payer in ("lawyer", "firm"):
        s = summary[payer]
        rate = round(s["paid"] * 100 / s["issued"], 1) if s["issued"] else 0.0
        rows.append([labels[payer], s["issued"], s["paid"], rate, s["amount"], s["paid_amount"]])
    return ReportContent(
        title=_("会费收缴报告（%(year)s年度）") % {"year": year},
        subtitle=_("个人会员和团体会员会费开具与缴纳情况"),
        generated_at=timezone.now(),
        tables=[
            ReportTable(
                title=_("会费收缴"),
                columns=[
                    _("会员类别"),
                    _("开具（张）"),
                    _("已缴（张）"),
                    _("缴费率（%）"),
                    _("应收金额（元）"),
                    _("实收金额（元）"),
                ],
                rows=rows,
            )
        ],
        chart=ReportChart(
            title=_("缴费率（%）"),
            labels=[r[0] for r in rows],
            values=[float(r[3]) for r in rows],
        ),
    )


BUILDERS: dict[str, Callable[[dict, Progress], ReportContent]] = {
    ReportKind.ANNUAL: _annual,
    ReportKind.COMPLAINTS_MONTHLY: _complaints_monthly,
    ReportKind.PARTY: _party,
    ReportKind.CLE: _cle,
    ReportKind.PROBONO: _probono,
    ReportKind.DUES: _dues,
}


def report_content_build(kind: str, params: dict, progress: Progress) -> ReportContent:
    return BUILDERS[kind](params, progress)
