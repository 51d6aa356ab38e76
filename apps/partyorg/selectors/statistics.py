"""Public aggregate figures of the registry, each with its exact definition.

These are the only reads of the registry the public sees: counts and rates, never a
person. The definitions (DEFINITIONS) are shown beside each figure on /party/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.members.models import LawFirm, Lawyer
from apps.members.selectors import member_counts

from ..models import (
    FIRM_KINDS,
    LEADING_KINDS,
    CaseStatus,
    CommitteePosition,
    Honor,
    HonorLevel,
    InnovativeCase,
    OrgKind,
    OrgStatus,
    PartyMember,
    PartyOrganization,
    PositionRole,
    TrainingAttendance,
)
from ..services.rules import firms_with_liaison, firms_with_organization, firms_with_party_members

STATS_CACHE_KEY = "partyorg:statistics:v1"
STATS_TTL = 10 * 60
TRAINING_WINDOW_YEARS = 3  # rotation training: every secretary once in three years
HONOUR_YEARS = 5

# Statistics units: a firm's top-level organization counted by its kind; a branch at the
# top of a firm is an "independent branch" (独立党支部).
UNIT_KINDS: tuple[tuple[str, object], ...] = (
    ("firm_committee", _("律所党委")),
    ("general_branch", _("党总支")),
    ("independent_branch", _("独立党支部")),
    ("joint_branch", _("联合党支部")),
)

DEFINITIONS = {
    "organizations": _(
        "正常状态的律所党组织数：每家律所只计其最高一级党组织（党委、党总支或独立党支部），"
        "另计每个联合党支部；律所党委、党总支下设的党支部和党小组不另计。"
    ),
    "member_lawyers": _(
        "党员律师：组织关系在行业党组织内的执业律师中持有有效个人会员资格者。"
        "占比的分母为全部执业个人会员。"
    ),
    "org_coverage": _(
        "党的组织覆盖率：有党员的会员律所中，已建立本所党组织或纳入联合党支部的律所所占比例。"
    ),
    "work_coverage": _(
        "党的工作覆盖率：全部会员律所中，已被党组织覆盖或选派了党建指导员、联络员的律所所占比例。"
    ),
    "charter_coverage": _("章程写入党建内容的会员律所占全部会员律所的比例。"),
    "training_rate": _(
        "书记轮训率：现任党组织书记中，近三个自然年（含本年）内完成过书记轮训的人数所占比例。"
    ),
    "honours": _("近五年律师行业党组织和党员获得的全国、市级、区级表彰，按年度和级别计数。"),
}


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal:
        if not self.denominator:
            return Decimal("0.0")
        return (Decimal(self.numerator) * 100 / self.denominator).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class PartyStatistics:
    as_of: dt.datetime
    by_kind: dict[str, int]
    member_lawyers: int
    member_share: Rate
    org_coverage: Rate
    work_coverage: Rate
    charter_coverage: Rate
    training_rate: Rate
    honours: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> level -> n

    @property
    def organizations_total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def kind_rows(self) -> list[tuple[str, object, int]]:
        return [(key, label, self.by_kind.get(key, 0)) for key, label in UNIT_KINDS]

    @property
    def honour_rows(self) -> list[tuple[int, list[int], int]]:
        levels = [level.value for level in HonorLevel]
        return [
            (
                year,
                [self.honours[year].get(lv, 0) for lv in levels],
                sum(self.honours[year].values()),
            )
            for year in sorted(self.honours)
        ]


def organizations_by_kind() -> dict[str, int]:
    counts = {key: 0 for key, _label in UNIT_KINDS}
    rows = (
        PartyOrganization.objects.top_level()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    for kind, n in rows:
        key = "independent_branch" if kind == OrgKind.BRANCH else kind
        counts[key] = counts.get(key, 0) + n
    return counts


def party_member_lawyers() -> int:
    return (
        PartyMember.objects.filter(
            affiliations__ended_on__isnull=True,
            lawyer__in=Lawyer.objects.individual_members(),
        )
        .distinct()
        .count()
    )


def organizational_coverage() -> Rate:
    with_members = LawFirm.objects.member_firms().filter(pk__in=firms_with_party_members())
    return Rate(
        numerator=with_members.filter(pk__in=firms_with_organization()).count(),
        denominator=with_members.count(),
    )


def work_coverage(*, today: dt.date) -> Rate:
    firms = LawFirm.objects.member_firms()
    covered = firms.filter(
        Q(pk__in=firms_with_organization()) | Q(pk__in=firms_with_liaison(today=today))
    )
    return Rate(numerator=covered.count(), denominator=member_counts()["firms"])


def charter_coverage() -> Rate:
    firms = LawFirm.objects.member_firms()
    return Rate(
        numerator=firms.filter(charter_includes_party_building=True).count(),
        denominator=member_counts()["firms"],
    )


def secretary_training_rate(*, today: dt.date) -> Rate:
    secretaries = CommitteePosition.objects.filter(
        role=PositionRole.SECRETARY,
        ended_on__isnull=True,
        organization__status=OrgStatus.ACTIVE,
        organization__kind__in=[*FIRM_KINDS, OrgKind.JOINT_BRANCH],
    ).values("member_id")
    since = dt.date(today.year - TRAINING_WINDOW_YEARS + 1, 1, 1)
    trained = TrainingAttendance.objects.filter(
        completed=True, training__starts_on__gte=since, training__starts_on__lte=today
    ).values("member_id")
    total = secretaries.count()
    return Rate(numerator=secretaries.filter(member_id__in=trained).count(), denominator=total)


def honours_by_year_level(*, today: dt.date) -> dict[int, dict[str, int]]:
    rows = (
        Honor.objects.filter(year__gt=today.year - HONOUR_YEARS, year__lte=today.year)
        .values("year", "level")
        .annotate(n=Count("pk"))
        .values_list("year", "level", "n")
    )
    table: dict[int, dict[str, int]] = {}
    for year, level, n in rows:
        table.setdefault(year, {})[level] = n
    return table


def party_statistics_compute(*, today: dt.date | None = None) -> PartyStatistics:
    today = today or timezone.localdate()
    lawyers = party_member_lawyers()
    return PartyStatistics(
        as_of=timezone.now(),
        by_kind=organizations_by_kind(),
        member_lawyers=lawyers,
        member_share=Rate(numerator=lawyers, denominator=member_counts()["lawyers"]),
        org_coverage=organizational_coverage(),
        work_coverage=work_coverage(today=today),
        charter_coverage=charter_coverage(),
        training_rate=secretary_training_rate(today=today),
        honours=honours_by_year_level(today=today),
    )


def party_statistics() -> PartyStatistics:
    """The figures, cached for STATS_TTL (the page shows their "as of" time)."""
    stats = cache.get(STATS_CACHE_KEY)
    if stats is None:
        stats = party_statistics_compute()
        cache.set(STATS_CACHE_KEY, stats, STATS_TTL)
    return stats


def party_statistics_invalidate() -> None:
    cache.delete(STATS_CACHE_KEY)


def featured_cases_public(*, limit: int = 6) -> list[InnovativeCase]:
    """Featured innovative cases for the public page: an organization's work, no person."""
    return list(
        InnovativeCase.objects.filter(status=CaseStatus.FEATURED)
        .select_related("organization")
        .order_by("-year", "title", "pk")[:limit]
    )


LEVEL_RANK = Case(
    When(level=HonorLevel.NATIONAL, then=Value(0)),
    When(level=HonorLevel.MUNICIPAL, then=Value(1)),
    default=Value(2),
)


def organization_honours_public(*, limit: int = 10) -> list[Honor]:
    """Honours of organizations (never of individual members) for the public page,
    newest first, national before municipal before district."""
    return list(
        Honor.objects.filter(organization__isnull=False)
        .select_related("organization")
        .order_by("-year", LEVEL_RANK, "title", "pk")[:limit]
    )


__all__ = ["DEFINITIONS", "LEADING_KINDS", "PartyStatistics", "Rate", "party_statistics"]
