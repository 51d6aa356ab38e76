"""Party members, their (single) current organization over time, transfers and dues."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MemberCategory(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class PartyMemberQuerySet(models.QuerySet["PartyMember"]):
    def current(self) -> PartyMemberQuerySet:
        """Members who belong to an organization today (not transferred out of the sector)."""
        return self.filter(affiliations__ended_on__isnull=True)


class PartyMember(models.Model):
    """A party member working in the sector: a lawyer, or a member of a firm's staff.

    The organization they belong to lives in :class:`Affiliation`, one dated row per
    stay, so that the roster on any past date can be reconstructed.
    """

    lawyer = models.ForeignKey(
        "members.Lawyer",
        verbose_name=_("律师"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_records",
    )
    name = models.CharField(_("姓名"), max_length=50)
    # Staff who are not lawyers are recorded with the firm they work in.
    staff_firm = models.ForeignKey(
        "members.LawFirm",
        verbose_name=_("所在律所（非律师人员）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_staff",
    )
    category = models.CharField(
        _("党员类别"), max_length=14, choices=MemberCategory.choices, default=MemberCategory.FULL
    )
    joined_party_on = models.DateField(_("入党日期"))
    # Probation is one year; it may be extended once by 6–12 months.
    probation_due = models.DateField(_("预备期满日期"), null=True, blank=True)
    probation_extended = models.BooleanField(_("已延长预备期"), default=False)
    full_member_on = models.DateField(_("转正日期"), null=True, blank=True)
    monthly_income = models.DecimalField(
        _("月税后收入（元）"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("党员本人申报，用于计算每月应交党费。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("党员历史"))
    objects = PartyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lawyer"],
                condition=Q(lawyer__isnull=False),
                name="partyorg_member_one_record_per_lawyer",
            ),
            models.CheckConstraint(
                condition=Q(lawyer__isnull=False) | Q(staff_firm__isnull=False),
                name="partyorg_member_lawyer_or_staff",
            ),
            models.CheckConstraint(
                condition=~Q(category="probationary") | Q(probation_due__isnull=False),
                name="partyorg_member_probation_due",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "probation_due"], name="partyorg_member_probation"),
            models.Index(fields=["name"], name="partyorg_member_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_full(self) -> bool:
        return self.category == MemberCategory.FULL


class Affiliation(models.Model):
    """One stay of a member in an organization, [started_on, ended_on)."""

    member = models.ForeignKey(
        PartyMember, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    started_on = models.DateField(_("转入日期"))
    ended_on = models.DateField(_("转出日期"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("组织关系历史"))

    class Meta:
        verbose_name = _("组织关系")
        verbose_name_plural = _("组织关系")
        ordering = ["-started_on"]
        constraints = [
            # A person belongs to exactly one organization at a time.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="partyorg_one_current_organization",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="partyorg_affiliation_dates",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "started_on", "ended_on"], name="partyorg_aff_org_dates"
            ),
            models.Index(fields=["member", "started_on"], name="partyorg_aff_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.organization}"


class TransferKind(models.TextChoices):
    IN = "in", _("从行业外转入")
    OUT = "out", _("转出行业")
    WITHIN = "within", _("行业内转移")


class MembershipTransfer(models.Model):
    """A transfer of a member's organizational relationship (组织关系转接)."""

    member = models.ForeignKey(
        PartyMember, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="transfers"
    )
    kind = models.CharField(_("类型"), max_length=8, choices=TransferKind.choices)
    transferred_on = models.DateField(_("转接日期"))
    from_organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("转出组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_out",
    )
    to_organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("转入组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
    )
    outside_party = models.CharField(
        _("行业外组织"), max_length=120, blank=True, help_text=_("转入来源或转出去向。")
    )
    letter_no = models.CharField(_("介绍信编号"), max_length=40, blank=True)

    history = HistoricalRecords(verbose_name=_("组织关系转接历史"))

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-transferred_on", "-pk"]
        indexes = [
            models.Index(fields=["member", "transferred_on"], name="partyorg_transfer_member"),
            models.Index(fields=["transferred_on"], name="partyorg_transfer_date"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_kind_display()} · {self.transferred_on}"


class DuesPayment(models.Model):
    """Party dues (党费) paid for one month."""

    member = models.ForeignKey(
        PartyMember, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="dues"
    )
    month = models.DateField(_("所属月份"), help_text=_("该月的第一天。"))
    amount = models.DecimalField(_("金额（元）"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("交纳日期"))

    history = HistoricalRecords(verbose_name=_("党费历史"))

    class Meta:
        verbose_name = _("党费")
        verbose_name_plural = _("党费")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="partyorg_dues_once_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="partyorg_dues_month_first"),
        ]
        indexes = [models.Index(fields=["month"], name="partyorg_dues_month")]

    def __str__(self) -> str:
        return f"{self.member} · {self.month:%Y-%m}"
