from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .firms import LawFirm
from .lawyers import Lawyer

_ONE_PAYER = (Q(lawyer__isnull=False) & Q(firm__isnull=True)) | (
    Q(lawyer__isnull=True) & Q(firm__isnull=False)
)


class Membership(models.Model):
    """Membership of the association: individual (a lawyer) or group (a firm), never both."""

    number = models.CharField(_("会员编号"), max_length=20, unique=True)
    member_since = models.DateField(_("入会日期"))
    ended_on = models.DateField(_("退会日期"), null=True, blank=True)
    lawyer = models.OneToOneField(
        Lawyer,
        verbose_name=_("个人会员"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="membership",
    )
    firm = models.OneToOneField(
        LawFirm,
        verbose_name=_("团体会员"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="membership",
    )

    # A disciplinary decision (complaints) that suspends member rights for a period, or
    # ends the membership, is applied here by ``services.membership_sanction_apply``;
    # ``sanction_source`` names the decision so a later review can lift exactly its effect.
    rights_suspended_from = models.DateField(_("会员权利中止起"), null=True, blank=True)
    rights_suspended_until = models.DateField(_("会员权利中止至"), null=True, blank=True)
    sanction_source = models.CharField(
        _("处分来源"),
        max_length=60,
        blank=True,
        help_text=_("施加中止或取消会籍的决定，如投诉编号。"),
    )

    history = HistoricalRecords(verbose_name=_("会籍历史"))

    class Meta:
        verbose_name = _("会籍")
        verbose_name_plural = _("会籍")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=_ONE_PAYER, name="members_membership_one_member"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("member_since")),
                name="members_membership_ended_after_start",
            ),
            models.CheckConstraint(
                condition=Q(rights_suspended_from__isnull=True, rights_suspended_until__isnull=True)
                | Q(rights_suspended_until__gte=models.F("rights_suspended_from")),
                name="members_membership_suspension_period",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def member(self) -> Lawyer | LawFirm | None:
        return self.lawyer or self.firm

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def rights_suspended_on(self, day: dt.date) -> bool:
        """Are this member's rights suspended by a disciplinary decision on ``day``?"""
        return (
            self.rights_suspended_from is not None
            and self.rights_suspended_until is not None
            and self.rights_suspended_from <= day <= self.rights_suspended_until
        )


class DuesInvoiceQuerySet(models.QuerySet["DuesInvoice"]):
    def paid(self) -> DuesInvoiceQuerySet:
        return self.filter(paid_at__isnull=False)

    def unpaid(self) -> DuesInvoiceQuerySet:
        return self.filter(paid_at__isnull=True)

    def for_year(self, year: int) -> DuesInvoiceQuerySet:
        return self.filter(year=year)


class DuesInvoice(models.Model):
    """One year's membership dues (会费) for exactly one payer: a lawyer or a firm."""

    number = models.CharField(_("缴费单号"), max_length=24, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("开具日期"))
    due_date = models.DateField(_("缴费截止日"))
    # Set when the payments (DuesPayment) add up to the amount: "paid in full at".
    paid_at = models.DateTimeField(_("缴清时间"), null=True, blank=True)
    basis = models.CharField(
        _("计费依据"),
        max_length=120,
        blank=True,
        help_text=_("按会费标准计算的说明，如首次执业第二年减半。"),
    )
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("律师"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dues_invoices",
    )
    firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("律师事务所"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dues_invoices",
    )

    history = HistoricalRecords(verbose_name=_("会费缴费单历史"))
    objects = DuesInvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("会费缴费单")
        verbose_name_plural = _("会费缴费单")
        ordering = ["-year", "number"]
        constraints = [
            models.CheckConstraint(condition=_ONE_PAYER, name="members_dues_one_payer"),
            models.UniqueConstraint(
                fields=["year", "lawyer"],
                condition=Q(lawyer__isnull=False),
                name="members_dues_year_lawyer_unique",
            ),
            models.UniqueConstraint(
                fields=["year", "firm"],
                condition=Q(firm__isnull=False),
                name="members_dues_year_firm_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="members_dues_amount_gte_0"),
            models.CheckConstraint(
                condition=Q(year__gte=1979) & Q(year__lte=2200), name="members_dues_year_range"
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("issued_on")),
                name="members_dues_due_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["lawyer", "-year"], name="members_dues_lawyer_year"),
            models.Index(fields=["firm", "-year"], name="members_dues_firm_year"),
            models.Index(fields=["year", "paid_at"], name="members_dues_year_paid"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None

    @property
    def payer(self) -> Lawyer | LawFirm | None:
        return self.lawyer or self.firm
