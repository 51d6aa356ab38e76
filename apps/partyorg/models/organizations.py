"""The organization tree: kinds, the firms each covers, terms, committees and elections."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from simple_history.models import HistoricalRecords


class OrgKind(models.TextChoices):
    SECTOR_COMMITTEE = "sector_committee", _("律师行业党委")
    DISTRICT = "district", _("区律师行业党组织")
    FIRM_COMMITTEE = "firm_committee", _("律所党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    JOINT_BRANCH = "joint_branch", _("联合党支部")
    GROUP = "group", _("党小组")


# Kinds that lead other organizations (the sector and its district bodies).
LEADING_KINDS = (OrgKind.SECTOR_COMMITTEE, OrgKind.DISTRICT)
# Kinds a single firm sets up for itself; they cover exactly one firm.
FIRM_KINDS = (OrgKind.FIRM_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)
# Kinds whose members elect a committee for a term.
TERM_YEARS: dict[str, int] = {
    OrgKind.FIRM_COMMITTEE: 5,
    OrgKind.GENERAL_BRANCH: 3,
    OrgKind.BRANCH: 3,
    OrgKind.JOINT_BRANCH: 3,
}
# A term may be prolonged by at most this much (延期换届不超过一年).
MAX_TERM_DELAY = dt.timedelta(days=366)


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    MERGED = "merged", _("已合并")
    DISSOLVED = "dissolved", _("已撤销")


class PartyOrganizationQuerySet(models.QuerySet["PartyOrganization"]):
    def active(self) -> PartyOrganizationQuerySet:
        return self.filter(status=OrgStatus.ACTIVE)

    def top_level(self) -> PartyOrganizationQuerySet:
        """Each firm's top-level organization and each joint branch (statistics unit)."""
        return self.active().filter(
            Q(kind=OrgKind.JOINT_BRANCH) | Q(kind__in=FIRM_KINDS, parent__kind__in=LEADING_KINDS)
        )


class PartyOrganization(MPTTModel):
    """One node of the party-organization tree kept by the sector party committee."""

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类别"), max_length=20, choices=OrgKind.choices)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("上级组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    firms = models.ManyToManyField(
        "members.LawFirm",
        through="partyorg.OrgFirm",
        verbose_name=_("覆盖律所"),
        related_name="party_organizations",
        blank=True,
    )
    founded = models.DateField(_("成立日期"))
    term_start = models.DateField(_("本届任期开始"), null=True, blank=True)
    term_planned_end = models.DateField(_("本届计划届满"), null=True, blank=True)
    # The planned end a term reminder was last sent for (each term is announced once).
    term_notified_for = models.DateField(_("已提醒换届的届满日"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=OrgStatus.choices, default=OrgStatus.ACTIVE
    )
    status_date = models.DateField(_("合并/撤销日期"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("承继组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # The tree columns change on every move elsewhere in the tree; history keeps `parent`.
    history = HistoricalRecords(
        verbose_name=_("党组织历史"), excluded_fields=["lft", "rght", "tree_id", "level"]
    )
    objects = PartyOrganizationQuerySet.as_manager()

    class MPTTMeta:
        order_insertion_by = ["name"]

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        permissions = [
            ("export_registry", _("可导出党组织名册与党员名单")),
            ("view_registry_health", _("可查看党组织规范化检查")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="partyorg_org_name_in_parent"),
            models.CheckConstraint(
                condition=Q(status="active") | Q(status_date__isnull=False),
                name="partyorg_org_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(term_start__isnull=True)
                | Q(term_planned_end__isnull=False, term_planned_end__gt=models.F("term_start")),
                name="partyorg_org_term_order",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="partyorg_org_status_kind"),
            models.Index(fields=["status", "term_planned_end"], name="partyorg_org_term_end"),
            models.Index(fields=["name"], name="partyorg_org_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE


class OrgFirm(models.Model):
    """A firm covered by an organization: its own (one firm) or a joint branch (several)."""

    organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="firm_links",
    )
    firm = models.ForeignKey(
        "members.LawFirm",
        verbose_name=_("律师事务所"),
        on_delete=models.PROTECT,
        related_name="party_org_links",
    )
    since = models.DateField(_("纳入日期"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("覆盖律所历史"))

    class Meta:
        verbose_name = _("覆盖律所")
        verbose_name_plural = _("覆盖律所")
        constraints = [
            models.UniqueConstraint(fields=["organization", "firm"], name="partyorg_orgfirm_unique")
        ]
        indexes = [models.Index(fields=["firm", "organization"], name="partyorg_orgfirm_firm")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.firm}"


class LiaisonRole(models.TextChoices):
    INSTRUCTOR = "instructor", _("党建指导员")
    LIAISON = "liaison", _("党建联络员")


class FirmLiaison(models.Model):
    """A party-building instructor or liaison for a firm without an organization of its own."""

    firm = models.ForeignKey(
        "members.LawFirm",
        verbose_name=_("律师事务所"),
        on_delete=models.PROTECT,
        related_name="party_liaisons",
    )
    role = models.CharField(_("身份"), max_length=12, choices=LiaisonRole.choices)
    name = models.CharField(_("姓名"), max_length=50)
    appointed_on = models.DateField(_("选派日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("党建指导员/联络员历史"))

    class Meta:
        verbose_name = _("党建指导员/联络员")
        verbose_name_plural = _("党建指导员/联络员")
        indexes = [models.Index(fields=["firm", "ended_on"], name="partyorg_liaison_firm")]

    def __str__(self) -> str:
        return f"{self.firm} · {self.get_role_display()} {self.name}"


class PositionRole(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")
    ORGANIZATION = "organization", _("组织委员")
    PROPAGANDA = "propaganda", _("宣传委员")
    DISCIPLINE = "discipline", _("纪检委员")
    MEMBER = "member", _("委员")


class CommitteePosition(models.Model):
    """A dated seat on an organization's committee (支委会/总支委员会/党委)."""

    organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    member = models.ForeignKey(
        "partyorg.PartyMember",
        verbose_name=_("党员"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    role = models.CharField(_("职务"), max_length=14, choices=PositionRole.choices)
    started_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("委员会职务历史"))

    class Meta:
        verbose_name = _("委员会职务")
        verbose_name_plural = _("委员会职务")
        ordering = ["organization", "role", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(role="secretary", ended_on__isnull=True),
                name="partyorg_one_current_secretary",
            ),
            models.UniqueConstraint(
                fields=["organization", "member"],
                condition=Q(ended_on__isnull=True),
                name="partyorg_one_current_seat_per_member",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="partyorg_position_dates",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "ended_on"], name="partyorg_position_org"),
            models.Index(fields=["role", "ended_on"], name="partyorg_position_role"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()}"


class Election(models.Model):
    """A committee election (换届选举): seats, candidates, electorate and turnout."""

    organization = models.ForeignKey(
        PartyOrganization,
        verbose_name=_("党组织"),
        on_delete=models.CASCADE,
        related_name="elections",
    )
    held_on = models.DateField(_("选举日期"))
    seats = models.PositiveSmallIntegerField(_("应选人数"))
    candidates = models.PositiveSmallIntegerField(_("候选人数"))
    electorate = models.PositiveIntegerField(_("应到党员"))
    voters = models.PositiveIntegerField(_("实到党员"))
    term_start = models.DateField(_("新一届任期开始"))
    term_planned_end = models.DateField(_("新一届计划届满"))

    history = HistoricalRecords(verbose_name=_("换届选举历史"))

    class Meta:
        verbose_name = _("换届选举")
        verbose_name_plural = _("换届选举")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["organization", "held_on"], name="partyorg_election_org")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.held_on:%Y-%m-%d}"
