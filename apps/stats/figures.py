"""The public figures of /stats/: what each one is (title, definition, columns, chart) and
how its rows are computed from the other apps' selectors.

A figure's *data* (``compute_*``) is language-independent and JSON-able — row keys and
numbers — so one cached snapshot serves every language; its *words* (titles, headers,
row labels) are resolved at render time from the specs here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

Rows = list[list[Any]]

TREND_METRICS: tuple[str, ...] = ("members", "firms", "party_members", "probono")


def _num(value: Any) -> int | float:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _pct(numerator: int, denominator: int) -> float:
    return round(numerator * 100 / denominator, 1) if denominator else 0.0


# --- labels --------------------------------------------------------------------------------


def _choices_label(choices: dict[str, Any]) -> Callable[[Any, dict], str]:
    def label(key: Any, data: dict) -> str:
        return str(choices.get(key, key))

    return label


def _data_label(key: Any, data: dict) -> str:
    """Labels stored with the data as [Chinese, English] (district names)."""
    pair = data.get("labels", {}).get(str(key))
    if not pair:
        return str(key)
    return pair[1] if (get_language() or "").startswith("en") and pair[1] else pair[0]


def _year_label(key: Any, data: dict) -> str:
    return str(key)


def _country_label(key: Any, data: dict) -> str:
    from apps.legalservices.countries import country_name

    return country_name(str(key))


# --- specs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureSpec:
    key: str
    section: str
    title: Any
    definition: Any
    columns: tuple[Any, ...]  # header of the row-label column, then one per value
    chart: str  # bar | hbar | pie | stack | line | group
    row_label: Callable[[Any, dict], str]
    chart_columns: tuple[int, ...] = field(
        default=()
    )  # value columns drawn (0-based); all if empty
    unit: str = ""


SECTIONS: tuple[tuple[str, Any], ...] = (
    ("members", _("会员")),
    ("party", _("党建")),
    ("probono", _("公益法律服务")),
    ("complaints", _("投诉处理")),
    ("cle", _("继续教育")),
    ("international", _("涉外与营商环境")),
    ("trends", _("历年趋势")),
)


def _member_overview_labels() -> dict[str, Any]:
    return {
        "individual": _("个人会员"),
        "practising": _("执业律师"),
        "suspended": _("停止执业律师"),
        "group": _("团体会员（律师事务所）"),
    }


def _years_labels() -> dict[str, Any]:
    return {
        "0-2": _("2年及以下"),
        "3-5": _("3至5年"),
        "6-10": _("6至10年"),
        "11-20": _("11至20年"),
        "21+": _("21年及以上"),
    }


def _size_labels() -> dict[str, Any]:
    return {
        "1-9": _("9人及以下"),
        "10-29": _("10至29人"),
        "30-99": _("30至99人"),
        "100-299": _("100至299人"),
        "300+": _("300人及以上"),
    }


def _party_rate_labels() -> dict[str, Any]:
    return {
        "member_share": _("党员律师占比"),
        "org_coverage": _("党的组织覆盖率"),
        "work_coverage": _("党的工作覆盖率"),
        "charter_coverage": _("章程写入党建"),
        "training_rate": _("书记轮训率"),
    }


def _lazy_choices(import_path: str) -> Callable[[Any, dict], str]:
    def label(key: Any, data: dict) -> str:
        module_name, _sep, attr = import_path.rpartition(".")
        import importlib

        choices = getattr(importlib.import_module(module_name), attr)
        return str(dict(choices.choices).get(key, key))

    return label


def _outcome_label(key: Any, data: dict) -> str:
    from apps.complaints.models import Outcome, Sanction

    labels = dict(Outcome.choices) | dict(Sanction.choices)
    return str(labels.get(key, key))


def _party_kind_label(key: Any, data: dict) -> str:
    from apps.partyorg.selectors.statistics import UNIT_KINDS

    return str(dict(UNIT_KINDS).get(key, key))


def _trend_metric_header() -> tuple[Any, ...]:
    return (
        _("年度"),
        _("个人会员（名）"),
        _("团体会员（家）"),
        _("党员律师（名）"),
        _("公益法律服务（件次）"),
    )


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        key="members-overview",
        section="members",
        title=_("会员概况"),
        definition=_(
            "个人会员：持有有效会籍的执业律师；执业、停止执业：律师名册中的执业状态；"
            "团体会员：持有有效会籍且正常执业的律师事务所。"
        ),
        columns=(_("指标"), _("数量")),
        chart="hbar",
        row_label=lambda k, d: str(_member_overview_labels().get(k, k)),
    ),
    FigureSpec(
        key="members-by-district",
        section="members",
        title=_("会员按区分布"),
        definition=_("个人会员按其执业机构所在区计数，团体会员按律师事务所所在区计数。"),
        columns=(_("区"), _("个人会员（名）"), _("团体会员（家）")),
        chart="group",
        row_label=_data_label,
    ),
    FigureSpec(
        key="members-by-years",
        section="members",
        title=_("个人会员按执业年限分布"),
        definition=_("执业年限：自首次取得律师执业证之日起至统计日已满的整年数。"),
        columns=(_("执业年限"), _("个人会员（名）")),
        chart="bar",
        row_label=lambda k, d: str(_years_labels().get(k, k)),
    ),
    FigureSpec(
        key="firms-by-type",
        section="members",
        title=_("律师事务所按组织形式分布"),
        definition=_("团体会员律师事务所按登记的组织形式计数。"),
        columns=(_("组织形式"), _("律师事务所（家）")),
        chart="pie",
        row_label=_lazy_choices("apps.members.models.FirmType"),
    ),
    FigureSpec(
        key="firms-by-size",
        section="members",
        title=_("律师事务所按规模分布"),
        definition=_("规模：律师事务所在册执业律师人数；统计范围为团体会员律师事务所。"),
        columns=(_("规模"), _("律师事务所（家）")),
        chart="bar",
        row_label=lambda k, d: str(_size_labels().get(k, k)),
    ),
    FigureSpec(
        key="party-organizations",
        section="party",
        title=_("律师行业党组织构成"),
        definition=_("正常状态的律所党组织数：每家律所只计其最高一级党组织，另计每个联合党支部。"),
        columns=(_("类别"), _("党组织（个）")),
        chart="pie",
        row_label=_party_kind_label,
    ),
    FigureSpec(
        key="party-rates",
        section="party",
        title=_("党员占比、覆盖率与轮训率"),
        definition=_(
            "党员律师占执业个人会员的比例；组织覆盖、工作覆盖和章程写入党建的律所比例；"
            "近三年完成轮训的现任书记比例。"
        ),
        columns=(_("指标"), _("分子"), _("分母"), _("比例（%）")),
        chart="hbar",
        row_label=lambda k, d: str(_party_rate_labels().get(k, k)),
        chart_columns=(2,),
        unit="%",
    ),
    FigureSpec(
        key="party-honours",
        section="party",
        title=_("党建表彰"),
        definition=_("近五年律师行业党组织和党员获得的表彰，按年度和级别计数。"),
        columns=(_("年度"), _("全国"), _("市级"), _("区级")),
        chart="stack",
        row_label=_year_label,
    ),
    FigureSpec(
        key="probono-by-year",
        section="probono",
        title=_("公益法律服务（按年度和类型）"),
        definition=_(
            "经核实的公益法律服务记录按服务日期所在年度和类型计数；公益活动按现场服务人次计。"
        ),
        columns=(
            _("年度"),
            _("法律援助"),
            _("信访接待"),
            _("律师调解"),
            _("公益法律咨询"),
            _("三所联动"),
            _("社区值班"),
            _("公益活动服务人次"),
            _("合计"),
        ),
        chart="stack",
        row_label=_year_label,
        chart_columns=(0, 1, 2, 3, 4, 5, 6),
    ),
    FigureSpec(
        key="complaints-summary",
        section="complaints",
        title=_("投诉受理与办结"),
        definition=_(
            "收到：当年提交的投诉；已受理：其中已进入受理及之后程序的件数；"
            "已决定：当年作出的首次处理决定；用时：自提交至首次决定的日历天数中位数；"
            "按期：自受理起在规定工作日内作出决定的比例。"
        ),
        columns=(
            _("年度"),
            _("收到（件）"),
            _("已受理（件）"),
            _("已决定（件）"),
            _("用时中位数（天）"),
            _("按期办结（%）"),
        ),
        chart="group",
        row_label=_year_label,
        chart_columns=(0, 1, 2),
    ),
    FigureSpec(
        key="complaints-by-outcome",
        section="complaints",
        title=_("投诉处理结果"),
        definition=_("当年及上年作出的现行有效决定，按结果计数；给予处分的按处分种类计数。"),
        columns=(_("结果"), _("上年（件）"), _("本年（件）")),
        chart="group",
        row_label=_outcome_label,
    ),
    FigureSpec(
        key="complaints-by-track",
        section="complaints",
        title=_("投诉繁简分流"),
        definition=_("当年及上年提交并已分流的投诉，按适用的简易程序或普通程序计数。"),
        columns=(_("程序"), _("上年（件）"), _("本年（件）")),
        chart="group",
        row_label=_lazy_choices("apps.complaints.models.Track"),
    ),
    FigureSpec(
        key="cle-compliance",
        section="cle",
        title=_("继续教育学时达标情况"),
        definition=_(
            "执业律师在该年度取得的继续教育学时达到本人应修学时的人数和比例"
            "（本年度为截至统计日的进度）。"
        ),
        columns=(
            _("年度"),
            _("执业律师（名）"),
            _("已达标（名）"),
            _("未达标（名）"),
            _("达标率（%）"),
        ),
        chart="group",
        row_label=_year_label,
        chart_columns=(1, 2),
    ),
    FigureSpec(
        key="overseas-by-country",
        section="international",
        title=_("会员律所境外分支机构（按国家和地区）"),
        definition=_("会员律师事务所公开登记的境外分支机构和代表处，按所在国家或地区计数。"),
        columns=(_("国家或地区"), _("机构（家）")),
        chart="hbar",
        row_label=_country_label,
    ),
    FigureSpec(
        key="feedback-by-theme",
        section="international",
        title=_("营商环境意见反馈（按主题）"),
        definition=_("律师通过平台提交的营商环境意见和建议，按主题累计计数。"),
        columns=(_("主题"), _("反馈（条）")),
        chart="hbar",
        row_label=_lazy_choices("apps.legalservices.models.FeedbackTheme"),
    ),
    FigureSpec(
        key="trends",
        section="trends",
        title=_("历年主要数字"),
        definition=_("往年数字为年度快照：每年结束时记录并不再改动；本年为截至统计日的实时数字。"),
        columns=_trend_metric_header(),
        chart="line",
        row_label=_year_label,
    ),
)

FIGURES_BY_KEY: dict[str, FigureSpec] = {spec.key: spec for spec in FIGURES}

# The ASCII labels open-data consumers see as JSON keys (stable, not translated).
OPEN_DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "members-overview": ("metric", "count"),
    "members-by-district": ("district", "individual_members", "member_firms"),
    "members-by-years": ("years_band", "individual_members"),
    "firms-by-type": ("firm_type", "firms"),
    "firms-by-size": ("size_band", "firms"),
    "party-organizations": ("kind", "organizations"),
    "party-rates": ("metric", "numerator", "denominator", "percent"),
    "party-honours": ("year", "national", "municipal", "district"),
    "probono-by-year": (
        "year",
        "legal_aid",
        "petition",
        "mediation",
        "consultation",
        "three_offices",
        "community_duty",
        "event_people",
        "total",
    ),
    "complaints-summary": (
        "year",
        "received",
        "accepted",
        "decided",
        "median_days_to_decision",
        "on_time_percent",
    ),
    "complaints-by-outcome": ("outcome", "previous_year", "this_year"),
    "complaints-by-track": ("track", "previous_year", "this_year"),
    "cle-compliance": ("year", "practising_lawyers", "met", "short", "percent_met"),
    "overseas-by-country": ("country", "offices"),
    "feedback-by-theme": ("theme", "feedback"),
    "trends": ("year", *TREND_METRICS),
}


# --- computation (each reads another app through its selectors) ----------------------------


def compute_members(today: dt.date) -> dict[str, dict]:
    from apps.members.selectors import member_counts
    from apps.members.selectors import statistics as members_stats

    counts = member_counts()
    status = members_stats.lawyers_by_status()
    overview = [
        ["individual", counts["lawyers"]],
        ["practising", status.get("practising", 0)],
        ["suspended", status.get("suspended", 0)],
        ["group", counts["firms"]],
    ]
    by_district = members_stats.members_by_district()
    district_rows, labels = [], {}
    for code, name, name_en in members_stats.districts():
        row = by_district.get(code, {"lawyers": 0, "firms": 0})
        district_rows.append([code, row["lawyers"], row["firms"]])
        labels[code] = [name, name_en]
    years = members_stats.members_by_years_of_practice(today=today)
    from apps.members.models import FirmType

    by_type = members_stats.member_firms_by_type()
    sizes = members_stats.member_firms_by_size()
    return {
        "members-overview": {"rows": overview},
        "members-by-district": {"rows": district_rows, "labels": labels},
        "members-by-years": {"rows": [[k, n] for k, n in years.items()]},
        "firms-by-type": {"rows": [[k, by_type.get(k, 0)] for k in FirmType.values]},
        "firms-by-size": {"rows": [[k, n] for k, n in sizes.items()]},
    }


def compute_party(today: dt.date) -> dict[str, dict]:
    from apps.partyorg.models import HonorLevel
    from apps.partyorg.selectors.statistics import party_statistics_compute

    stats = party_statistics_compute(today=today)
    rates = []
    for key in (
        "member_share",
        "org_coverage",
        "work_coverage",
        "charter_coverage",
        "training_rate",
    ):
        rate = getattr(stats, key)
        rates.append([key, rate.numerator, rate.denominator, float(rate.percent)])
    levels = [level.value for level in HonorLevel]
    honours = [
        [year, *[stats.honours[year].get(level, 0) for level in levels]]
        for year in sorted(stats.honours)
    ]
    return {
        "party-organizations": {"rows": [[k, n] for k, _label, n in stats.kind_rows]},
        "party-rates": {"rows": rates},
        "party-honours": {"rows": honours},
        "_party": {
            "organizations": stats.organizations_total,
            "member_lawyers": stats.member_lawyers,
        },
    }


PROBONO_YEARS = 5


def compute_probono(today: dt.date) -> dict[str, dict]:
    from apps.legalservices.models import ProBonoKind
    from apps.legalservices.selectors.probono import probono_totals

    rows = []
    for year in range(today.year - PROBONO_YEARS + 1, today.year + 1):
        totals = probono_totals(year=year)
        rows.append(
            [
                year,
                *[totals.by_kind.get(kind, 0) for kind in ProBonoKind.values],
                totals.event_people,
                totals.total,
            ]
        )
    return {"probono-by-year": {"rows": rows}}


ACCEPTED_STATES = ("accepted", "investigation", "defence", "hearing", "decided", "closed")


def compute_complaints(today: dt.date) -> dict[str, dict]:
    from apps.complaints.selectors import counts_by, decision_times

    years = (today.year - 1, today.year)
    summary = []
    outcomes: dict[str, list[int]] = {}
    tracks: dict[str, list[int]] = {"simple": [0, 0], "complex": [0, 0]}
    for i, year in enumerate(years):
        states = counts_by("state", year=year)
        times = decision_times(year=year)
        summary.append(
            [
                year,
                sum(states.values()),
                sum(states.get(s, 0) for s in ACCEPTED_STATES),
                times.decided,
                times.median_days,
                round(times.within_limit_share * 100, 1)
                if times.within_limit_share is not None
                else None,
            ]
        )
        for key, n in counts_by("outcome", year=year).items():
            outcomes.setdefault(key, [0, 0])[i] = n
        for key, n in counts_by("track", year=year).items():
            tracks.setdefault(key, [0, 0])[i] = n
    from apps.complaints.models import Outcome, Sanction

    order = [Outcome.NO_VIOLATION.value, *Sanction.values]
    outcome_rows = [[k, *outcomes[k]] for k in order if k in outcomes]
    outcome_rows += [[k, *v] for k, v in outcomes.items() if k not in order]
    return {
        "complaints-summary": {"rows": summary},
        "complaints-by-outcome": {"rows": outcome_rows},
        "complaints-by-track": {"rows": [[k, *v] for k, v in tracks.items()]},
    }


def cle_available() -> bool:
    """CLE compliance appears once the learning app and its compliance selector exist."""
    from django.apps import apps

    if not apps.is_installed("apps.learning"):
        return False
    try:
        from apps.learning.selectors import compliance_rows  # noqa: F401
    except ImportError:
        return False
    return True


def compute_cle(today: dt.date) -> dict[str, dict]:
    if not cle_available():
        return {}
    from apps.learning.selectors import compliance_rows

    rows = []
    for year in (today.year - 1, today.year):
        entries = compliance_rows(year=year)
        met = sum(1 for row in entries if row.short <= 0)
        rows.append([year, len(entries), met, len(entries) - met, _pct(met, len(entries))])
    return {"cle-compliance": {"rows": rows}}


def compute_international(today: dt.date) -> dict[str, dict]:
    from django.db.models import Count

    from apps.legalservices.models import FeedbackTheme
    from apps.legalservices.selectors.overseas import OfficeFilters, office_list
    from apps.legalservices.selectors.probono import feedback_counts_by_theme

    offices = (
        office_list(OfficeFilters())
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk", distinct=True))
    )
    country_rows = sorted(([c, n] for c, n in offices), key=lambda r: (-r[1], r[0]))
    feedback = feedback_counts_by_theme()
    return {
        "overseas-by-country": {"rows": country_rows},
        "feedback-by-theme": {"rows": [[k, feedback.get(k, 0)] for k in FeedbackTheme.values]},
    }


def compute_all(today: dt.date) -> dict[str, dict]:
    """Every figure but CLE compliance (slow at city scale: see services.snapshot)."""
    figures: dict[str, dict] = {}
    for compute in (
        compute_members,
        compute_party,
        compute_probono,
        compute_complaints,
        compute_international,
    ):
        figures.update(compute(today))
    return figures


def current_metrics(figures: dict[str, dict]) -> dict[str, int]:
    """This year's trend metrics, read from a computed snapshot's figures."""
    overview = dict(figures["members-overview"]["rows"])
    probono = figures["probono-by-year"]["rows"][-1]
    return {
        "members": overview["individual"],
        "firms": overview["group"],
        "party_members": figures["_party"]["member_lawyers"],
        "probono": probono[-1],
    }
