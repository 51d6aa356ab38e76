"""The registry's rules, each either *hard* (the service refuses to save) or a *warning*
(saved, then listed on the registry-health report with a link to fix it).

The table :data:`RULES` is what staff read on the report and what the tests walk. Hard
rules are pure functions of the numbers involved (``check_*``: raise DomainError);
warnings are set-based queries over the whole registry (``find_*``: list of Finding).

Sources: 《中国共产党支部工作条例（试行）》, 《中国共产党基层组织选举工作条例》 and the
Central Organization Department's notice on party dues (2008), as applied to law firms.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import DomainError

from ..models import (
    FIRM_KINDS,
    LEADING_KINDS,
    MAX_TERM_DELAY,
    TERM_YEARS,
    ActivityAttendance,
    Affiliation,
    CommitteePosition,
    DuesPayment,
    FirmLiaison,
    MemberCategory,
    OrgFirm,
    OrgKind,
    PartyMember,
    PartyOrganization,
    PositionRole,
)


class Severity(models.TextChoices):
    HARD = "hard", _("强制（拒绝保存）")
    WARNING = "warning", _("提示（保存后列入检查报告）")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str | Promise


# --- numbers the rules use -------------------------------------------------------------

OWN_ORG_MIN_FULL_MEMBERS = 3
COMMITTEE_THRESHOLD = 7  # full members from which a branch elects a committee
BRANCH_COMMITTEE_SIZE = (3, 5)
MAX_COMMITTEE_SIZE = 7
JOINT_MAX_FIRMS = 5
BRANCH_MAX_MEMBERS = 50
GENERAL_BRANCH_FROM = 50
PARTY_COMMITTEE_FROM = 100
TERM_DUE_WITHIN = dt.timedelta(days=90)
INACTIVE_AFTER = relativedelta(months=6)
PROBATION = relativedelta(years=1)
PROBATION_EXTENSION = (relativedelta(months=6), relativedelta(months=12))
CANDIDATE_SURPLUS = Decimal("0.2")  # at least 20 % more candidates than seats
TURNOUT_OVER = Decimal("0.8")  # more than four fifths of the electorate voted
DUES_BANDS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("3000"), Decimal("0.005")),
    (Decimal("5000"), Decimal("0.01")),
    (Decimal("10000"), Decimal("0.015")),
    (None, Decimal("0.02")),
)
ARREARS_WINDOW_MONTHS = 12


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("single_organization", Severity.HARD, _("每名党员同一时间只属于一个党组织")),
        Rule(
            "firm_coverage", Severity.HARD, _("律所自建党组织覆盖一家律所，联合党支部覆盖两家以上")
        ),
        Rule("structure", Severity.HARD, _("上下级组织类别须符合组织体系")),
        Rule("own_org_min_members", Severity.HARD, _("单独建立党组织须有正式党员3名以上")),
        Rule(
            "committee_size",
            Severity.HARD,
            _("正式党员7人以上设支委会（3至5人，最多7人）；不足7人只设书记和至多1名副书记"),
        ),
        Rule("term_length", Severity.HARD, _("支部、总支每届3年，党委每届5年，延期不超过1年")),
        Rule(
            "election",
            Severity.HARD,
            _("差额选举候选人多于应选人数20%以上，到会党员超过应到人数五分之四"),
        ),
        Rule("probation_extension", Severity.HARD, _("预备期一年，只能延长一次，延长6至12个月")),
        Rule("joint_too_many_firms", Severity.WARNING, _("联合党支部覆盖律所超过5家")),
        Rule("branch_too_large", Severity.WARNING, _("党支部党员超过50人")),
        Rule("should_be_general_branch", Severity.WARNING, _("正式党员50至99人，宜设党总支")),
        Rule("should_be_committee", Severity.WARNING, _("正式党员100人以上，宜设党委")),
        Rule("committee_incomplete", Severity.WARNING, _("未配备书记，或应设支委会而委员不足3人")),
        Rule(
            "firm_uncovered",
            Severity.WARNING,
            _("律所有党员但未建党组织，也未选派党建指导员或联络员"),
        ),
        Rule("probation_overdue", Severity.WARNING, _("预备期已满未办理转正或延长")),
        Rule(
            "inactive_member",
            Severity.WARNING,
            _("党员6个月未交党费且未参加组织生活（仅提示，不自动处置）"),
        ),
        Rule("term_due", Severity.WARNING, _("90天内任期届满，需换届")),
        Rule("term_overdue", Severity.WARNING, _("任期已届满未换届")),
        Rule("term_missing", Severity.WARNING, _("未登记本届任期")),
        Rule("dues_arrears", Severity.WARNING, _("近12个月有未交党费的月份")),
        Rule("report_overdue", Severity.WARNING, _("重大事项请示报告超过答复期限未答复")),
    )
}


# --- hard rules: pure checks -----------------------------------------------------------

ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    OrgKind.SECTOR_COMMITTEE: (None,),
    OrgKind.DISTRICT: (OrgKind.SECTOR_COMMITTEE,),
    OrgKind.FIRM_COMMITTEE: LEADING_KINDS,
    OrgKind.GENERAL_BRANCH: (*LEADING_KINDS, OrgKind.FIRM_COMMITTEE),
    OrgKind.BRANCH: (*LEADING_KINDS, OrgKind.FIRM_COMMITTEE, OrgKind.GENERAL_BRANCH),
    OrgKind.JOINT_BRANCH: LEADING_KINDS,
    OrgKind.GROUP: (OrgKind.BRANCH, OrgKind.JOINT_BRANCH),
}


def is_firm_top_level(kind: str, parent_kind: str | None) -> bool:
    """A firm's own organization directly under the sector (or a district body)."""
    return kind in FIRM_KINDS and parent_kind in LEADING_KINDS


def check_structure(*, kind: str, parent_kind: str | None) -> None:
    if parent_kind not in ALLOWED_PARENTS[kind]:
        raise DomainError(
            gettext("“%(kind)s”不能设在“%(parent)s”之下。")
            % {
                "kind": OrgKind(kind).label,
                "parent": OrgKind(parent_kind).label if parent_kind else gettext("（无上级）"),
            }
        )


def check_firm_coverage(*, kind: str, parent_kind: str | None, firm_count: int) -> None:
    if kind == OrgKind.JOINT_BRANCH and firm_count < 2:
        raise DomainError(gettext("联合党支部须覆盖两家以上律所。"))
    if is_firm_top_level(kind, parent_kind) and firm_count != 1:
        raise DomainError(gettext("律所自建的党组织须覆盖且只覆盖一家律所。"))
    if kind != OrgKind.JOINT_BRANCH and not is_firm_top_level(kind, parent_kind) and firm_count:
        raise DomainError(gettext("只有律所的上级党组织和联合党支部登记覆盖律所。"))


def check_own_org_min_members(*, full_members: int) -> None:
    if full_members < OWN_ORG_MIN_FULL_MEMBERS:
        raise DomainError(
            gettext("该律所正式党员%(n)s名，不足3名，不能单独建立党组织，请纳入联合党支部。")
            % {"n": full_members}
        )


def max_committee_size(kind: str) -> int:
    if kind in (OrgKind.BRANCH, OrgKind.JOINT_BRANCH):
        return BRANCH_COMMITTEE_SIZE[1]
    return MAX_COMMITTEE_SIZE


def check_committee(*, kind: str, full_members: int, roles: Iterable[str]) -> None:
    """The committee the organization would have (current seats' roles) is allowed."""
    roles = Counter(roles)
    if kind in (OrgKind.GROUP, *LEADING_KINDS):
        if kind == OrgKind.GROUP and roles:
            raise DomainError(gettext("党小组不设委员会职务。"))
        return
    if roles[PositionRole.SECRETARY] > 1:
        raise DomainError(gettext("一个党组织只能有一名书记。"))
    seats = sum(roles.values())
    if full_members < COMMITTEE_THRESHOLD:
        others = seats - roles[PositionRole.SECRETARY] - roles[PositionRole.DEPUTY]
        if others or roles[PositionRole.DEPUTY] > 1:
            raise DomainError(gettext("正式党员不足7人，不设委员会，只设书记和至多1名副书记。"))
        return
    limit = max_committee_size(kind)
    if seats > limit:
        raise DomainError(
            gettext("委员会最多%(limit)s人（现有正式党员%(n)s名）。")
            % {"limit": limit, "n": full_members}
        )


def term_end_limit(*, kind: str, start: dt.date) -> dt.date:
    return start + relativedelta(years=TERM_YEARS[kind]) + MAX_TERM_DELAY


def term_planned_end(*, kind: str, start: dt.date) -> dt.date:
    return start + relativedelta(years=TERM_YEARS[kind])


def check_term(*, kind: str, start: dt.date | None, planned_end: dt.date | None) -> None:
    if start is None and planned_end is None:
        return
    if kind not in TERM_YEARS:
        raise DomainError(gettext("该类组织不登记任期。"))
    if start is None or planned_end is None or planned_end <= start:
        raise DomainError(gettext("任期须有开始日期和晚于开始的届满日期。"))
    if planned_end > term_end_limit(kind=kind, start=start):
        raise DomainError(
            gettext("%(kind)s每届%(years)s年，延期换届不得超过一年。")
            % {"kind": OrgKind(kind).label, "years": TERM_YEARS[kind]}
        )


def check_election(*, seats: int, candidates: int, electorate: int, voters: int) -> None:
    if seats < 1 or electorate < 1:
        raise DomainError(gettext("应选人数和应到党员人数须大于零。"))
    if Decimal(candidates) < Decimal(seats) * (1 + CANDIDATE_SURPLUS):
        raise DomainError(
            gettext(
                "差额选举的候选人须多于应选人数20%%以上（应选%(seats)s人，至少%(min)s名候选人）。"
            )
            % {"seats": seats, "min": -(-seats * 6 // 5)}
        )
    if voters > electorate:
        raise DomainError(gettext("实到党员不能多于应到党员。"))
    if Decimal(voters) <= Decimal(electorate) * TURNOUT_OVER:
        raise DomainError(gettext("到会党员须超过应到会人数的五分之四，选举方为有效。"))


def check_probation_extension(
    *, original_due: dt.date, new_due: dt.date, already_extended: bool
) -> None:
    if already_extended:
        raise DomainError(gettext("预备期只能延长一次。"))
    shortest, longest = PROBATION_EXTENSION
    if not original_due + shortest <= new_due <= original_due + longest:
        raise DomainError(gettext("预备期延长时间须为6至12个月。"))


def dues_monthly(income: Decimal) -> Decimal:
    """Monthly party dues for a declared after-tax monthly income (whole income × rate)."""
    income = max(Decimal(income), Decimal("0"))
    for ceiling, rate in DUES_BANDS:
        if ceiling is None or income <= ceiling:
            return (income * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    raise AssertionError("unreachable")  # pragma: no cover


# --- warnings: set-based queries --------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    rule: str
    label: str
    detail: str
    url: str


def _org_url(pk: int) -> str:
    return reverse("admin:partyorg_partyorganization_change", args=[pk])


def _member_url(pk: int) -> str:
    return reverse("admin:partyorg_partymember_change", args=[pk])


@dataclass(frozen=True)
class OrgSize:
    pk: int
    name: str
    kind: str
    members: int  # current members in the organization and everything below it
    full: int


def organization_sizes(*, on: dt.date | None = None) -> list[OrgSize]:
    """Every active organization with its current members counted over its subtree.

    One grouped query for the direct counts, then a roll-up through parent pointers.
    """
    orgs = list(
        PartyOrganization.objects.active()
        .order_by("-level")
        .values_list("pk", "parent_id", "name", "kind")
    )
    direct = {
        row["organization_id"]: row
        for row in Affiliation.objects.filter(ended_on__isnull=True)
        .values("organization_id")
        .annotate(
            total=Count("pk"),
            full=Count("pk", filter=Q(member__category=MemberCategory.FULL)),
        )
    }
    totals: dict[int, list[int]] = {}
    for pk, _parent, _name, _kind in orgs:
        row = direct.get(pk)
        totals[pk] = [row["total"], row["full"]] if row else [0, 0]
    for pk, parent_id, _name, _kind in orgs:  # deepest first
        if parent_id in totals:
            totals[parent_id][0] += totals[pk][0]
            totals[parent_id][1] += totals[pk][1]
    return [
        OrgSize(pk=pk, name=name, kind=kind, members=totals[pk][0], full=totals[pk][1])
        for pk, _parent, name, kind in orgs
    ]


def find_joint_too_many_firms(*, today: dt.date) -> list[Finding]:
    rows = (
        PartyOrganization.objects.active()
        .filter(kind=OrgKind.JOINT_BRANCH)
        .annotate(n=Count("firm_links"))
        .filter(n__gt=JOINT_MAX_FIRMS)
        .order_by("name")
        .values_list("pk", "name", "n")
    )
    return [
        Finding("joint_too_many_firms", name, gettext("覆盖%(n)s家律所") % {"n": n}, _org_url(pk))
        for pk, name, n in rows
    ]


def _size_findings(sizes: list[OrgSize]) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {
        "branch_too_large": [],
        "should_be_general_branch": [],
        "should_be_committee": [],
    }
    branchy = (OrgKind.BRANCH, OrgKind.JOINT_BRANCH)
    for size in sorted(sizes, key=lambda s: s.name):
        url = _org_url(size.pk)
        detail = gettext("党员%(n)s名，其中正式党员%(full)s名") % {
            "n": size.members,
            "full": size.full,
        }
        if size.kind in branchy and size.members > BRANCH_MAX_MEMBERS:
            found["branch_too_large"].append(Finding("branch_too_large", size.name, detail, url))
        if size.kind in branchy and GENERAL_BRANCH_FROM <= size.full < PARTY_COMMITTEE_FROM:
            found["should_be_general_branch"].append(
                Finding("should_be_general_branch", size.name, detail, url)
            )
        if size.kind in (*branchy, OrgKind.GENERAL_BRANCH) and size.full >= PARTY_COMMITTEE_FROM:
            found["should_be_committee"].append(
                Finding("should_be_committee", size.name, detail, url)
            )
    return found


def find_committee_incomplete(sizes: list[OrgSize]) -> list[Finding]:
    counts = {
        row["organization_id"]: row
        for row in CommitteePosition.objects.filter(
            ended_on__isnull=True, organization__status="active"
        )
        .values("organization_id")
        .annotate(seats=Count("pk"), secretaries=Count("pk", filter=Q(role=PositionRole.SECRETARY)))
    }
    found = []
    for size in sorted(sizes, key=lambda s: s.name):
        if size.kind in (OrgKind.GROUP, *LEADING_KINDS) or size.members == 0:
            continue
        row = counts.get(size.pk, {"seats": 0, "secretaries": 0})
        if not row["secretaries"]:
            found.append(
                Finding("committee_incomplete", size.name, gettext("未配备书记"), _org_url(size.pk))
            )
        elif size.full >= COMMITTEE_THRESHOLD and row["seats"] < BRANCH_COMMITTEE_SIZE[0]:
            found.append(
                Finding(
                    "committee_incomplete",
                    size.name,
                    gettext("正式党员%(n)s名，委员仅%(seats)s人")
                    % {"n": size.full, "seats": row["seats"]},
                    _org_url(size.pk),
                )
            )
    return found


def firms_with_party_members() -> models.QuerySet:
    """Ids of firms where at least one current party member works (lawyer or staff)."""
    return (
        PartyMember.objects.current()
        .annotate(firm_id=Coalesce("lawyer__firm_id", "staff_firm_id"))
        .filter(firm_id__isnull=False)
        .values("firm_id")
        .distinct()
    )


def firms_with_organization() -> models.QuerySet:
    """Ids of firms covered by an active organization (their own or a joint branch)."""
    return OrgFirm.objects.filter(organization__status="active").values("firm_id")


def firms_with_liaison(*, today: dt.date) -> models.QuerySet:
    return FirmLiaison.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today), appointed_on__lte=today
    ).values("firm_id")


def find_firm_uncovered(*, today: dt.date) -> list[Finding]:
    from apps.members.models import LawFirm

    rows = (
        LawFirm.objects.active()
        .filter(pk__in=firms_with_party_members())
        .exclude(pk__in=firms_with_organization())
        .exclude(pk__in=firms_with_liaison(today=today))
        .order_by("name")
        .values_list("pk", "name")
    )
    return [
        Finding(
            "firm_uncovered",
            name,
            gettext("建议纳入联合党支部或选派党建指导员"),
            reverse("admin:partyorg_firmliaison_add") + f"?firm={pk}",
        )
        for pk, name in rows
    ]


def find_probation_overdue(*, today: dt.date) -> list[Finding]:
    rows = (
        PartyMember.objects.current()
        .filter(category=MemberCategory.PROBATIONARY, probation_due__lt=today)
        .order_by("probation_due", "pk")
        .values_list("pk", "name", "probation_due")
    )
    return [
        Finding(
            "probation_overdue", name, gettext("预备期%(due)s已满") % {"due": due}, _member_url(pk)
        )
        for pk, name, due in rows
    ]


def find_inactive_members(*, today: dt.date) -> list[Finding]:
    since = today - INACTIVE_AFTER
    rows = (
        PartyMember.objects.filter(
            affiliations__ended_on__isnull=True, affiliations__started_on__lte=since
        )
        .exclude(Exists(DuesPayment.objects.filter(member=OuterRef("pk"), paid_on__gte=since)))
        .exclude(
            Exists(
                ActivityAttendance.objects.filter(
                    member=OuterRef("pk"), activity__held_on__gte=since
                )
            )
        )
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    return [
        Finding(
            "inactive_member",
            name,
            gettext("自%(since)s起无交费和活动记录") % {"since": since},
            _member_url(pk),
        )
        for pk, name in rows
    ]


def find_terms(*, today: dt.date) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {"term_due": [], "term_overdue": [], "term_missing": []}
    rows = (
        PartyOrganization.objects.active()
        .filter(kind__in=list(TERM_YEARS))
        .filter(Q(term_planned_end__isnull=True) | Q(term_planned_end__lte=today + TERM_DUE_WITHIN))
        .order_by("term_planned_end", "name")
        .values_list("pk", "name", "term_planned_end")
    )
    for pk, name, end in rows:
        if end is None:
            found["term_missing"].append(Finding("term_missing", name, "", _org_url(pk)))
        elif end < today:
            found["term_overdue"].append(
                Finding("term_overdue", name, gettext("%(end)s届满") % {"end": end}, _org_url(pk))
            )
        else:
            found["term_due"].append(
                Finding("term_due", name, gettext("%(end)s届满") % {"end": end}, _org_url(pk))
            )
    return found


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def dues_arrears(*, today: dt.date) -> list[tuple[int, str, int]]:
    """(member pk, name, unpaid months) over the last ARREARS_WINDOW_MONTHS full months.

    A month counts from the month the member joined the party or entered the sector,
    whichever is later, up to last month.
    """
    last = _month_index(today) - 1
    first_window = last - ARREARS_WINDOW_MONTHS + 1
    window_start = dt.date(first_window // 12, first_window % 12 + 1, 1)
    paid = (
        DuesPayment.objects.filter(
            member=OuterRef("member_id"),
            month__gte=window_start,
            month__lt=today.replace(day=1),
        )
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Affiliation.objects.filter(ended_on__isnull=True)
        .annotate(paid=Coalesce(Subquery(paid), 0))
        .values_list("member_id", "member__name", "member__joined_party_on", "started_on", "paid")
        .order_by("member__name", "member_id")
    )
    owing = []
    for pk, name, joined, entered, paid in rows:
        start = max(first_window, _month_index(joined), _month_index(entered))
        expected = max(0, last - start + 1)
        if expected > paid:
            owing.append((pk, name, expected - paid))
    return owing


def find_dues_arrears(*, today: dt.date) -> list[Finding]:
    return [
        Finding("dues_arrears", name, gettext("欠交%(n)s个月") % {"n": n}, _member_url(pk))
        for pk, name, n in dues_arrears(today=today)
    ]


def find_reports_overdue(*, today: dt.date) -> list[Finding]:
    from ..models import MajorMatterReport, ReportStatus

    rows = (
        MajorMatterReport.objects.exclude(status=ReportStatus.ANSWERED)
        .filter(reply_due__lt=today)
        .order_by("reply_due", "pk")
        .values_list("pk", "title", "organization__name", "reply_due")
    )
    return [
        Finding(
            "report_overdue",
            title,
            gettext("%(org)s，应于%(due)s前答复") % {"org": org, "due": due},
            reverse("admin:partyorg_majormatterreport_change", args=[pk]),
        )
        for pk, title, org, due in rows
    ]


def registry_findings(*, today: dt.date) -> dict[str, list[Finding]]:
    """Every warning rule's findings, keyed by rule code in RULES order."""
    sizes = organization_sizes()
    found: dict[str, list[Finding]] = {
        "joint_too_many_firms": find_joint_too_many_firms(today=today),
        **_size_findings(sizes),
        "committee_incomplete": find_committee_incomplete(sizes),
        "firm_uncovered": find_firm_uncovered(today=today),
        "probation_overdue": find_probation_overdue(today=today),
        "inactive_member": find_inactive_members(today=today),
        **find_terms(today=today),
        "dues_arrears": find_dues_arrears(today=today),
        "report_overdue": find_reports_overdue(today=today),
    }
    return {code: found[code] for code in RULES if code in found}


def stats_changed() -> None:
    """The public figures are recomputed after this transaction commits."""
    from ..selectors.statistics import party_statistics_invalidate

    transaction.on_commit(party_statistics_invalidate)
