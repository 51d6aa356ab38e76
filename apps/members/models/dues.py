"""Dues machinery: the staff-edited scale, payments (a ledger), issue runs and reminders.

The fee year (会费年度) runs 1 July – 30 June and is named by the year it starts in:
fee year 2026 is 1 July 2026 – 30 June 2027. ``DuesInvoice.year`` holds that number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .lawyers import LawyerCategory
from .membership import DuesInvoice


class PayerKind(models.TextChoices):
    LAWYER = "lawyer", _("个人会员")
    FIRM = "firm", _("团体会员")


class DuesScale(models.Model):
    """One line of a fee year's scale: a lawyer category's amount, or a firm size band's.

    Lawyers: ``lawyer_category`` set, ``firm_min_lawyers`` empty. Firms: the band starts at
    ``firm_min_lawyers`` practising lawyers and runs to the next band's start.
    """

    fee_year = models.PositiveSmallIntegerField(_("会费年度"))
    payer_kind = models.CharField(_("会员类别"), max_length=8, choices=PayerKind.choices)
    lawyer_category = models.CharField(
        _("律师类别"), max_length=16, choices=LawyerCategory.choices, blank=True
    )
    firm_min_lawyers = models.PositiveIntegerField(
        _("律所人数下限"),
        null=True,
        blank=True,
        help_text=_("团体会员：执业律师人数达到此数即适用本档，直到下一档的下限。"),
    )
    amount = models.DecimalField(_("年度会费（元）"), max_digits=10, decimal_places=2)

    history = HistoricalRecords(verbose_name=_("会费标准历史"))

    class Meta:
        verbose_name = _("会费标准")
        verbose_name_plural = _("会费标准")
        ordering = ["-fee_year", "payer_kind", "lawyer_category", "firm_min_lawyers"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(payer_kind="lawyer")
                    & ~Q(lawyer_category="")
                    & Q(firm_min_lawyers__isnull=True)
                )
                | (
                    Q(payer_kind="firm") & Q(lawyer_category="") & Q(firm_min_lawyers__isnull=False)
                ),
                name="members_duesscale_kind_fields",
                violation_error_message=_(
                    "个人会员须填写律师类别（不填人数下限）；团体会员须填写人数下限（不填律师类别）。"
                ),
            ),
            models.UniqueConstraint(
                fields=["fee_year", "lawyer_category"],
                condition=Q(payer_kind="lawyer"),
                name="members_duesscale_lawyer_unique",
                violation_error_message=_("该年度已有此律师类别的会费标准。"),
            ),
            models.UniqueConstraint(
                fields=["fee_year", "firm_min_lawyers"],
                condition=Q(payer_kind="firm"),
                name="members_duesscale_firm_unique",
                violation_error_message=_("该年度已有此人数下限的会费标准。"),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="members_duesscale_amount"),
        ]

    def __str__(self) -> str:
        if self.payer_kind == PayerKind.LAWYER:
            return f"{self.fee_year} {self.get_lawyer_category_display()} ¥{self.amount}"
        return f"{self.fee_year} ≥{self.firm_min_lawyers} ¥{self.amount}"


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("银行转账")
    CASH = "cash", _("现金")
    ONLINE = "online", _("网上支付")


class DuesPayment(models.Model):
    """One payment against an invoice. A ledger: rows are added, never changed."""

    invoice = models.ForeignKey(
        DuesInvoice, verbose_name=_("缴费单"), on_delete=models.PROTECT, related_name="payments"
    )
    number = models.CharField(_("收据号"), max_length=32, unique=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    method = models.CharField(_("缴费方式"), max_length=16, choices=PaymentMethod.choices)
    reference = models.CharField(
        _("凭证号"),
        max_length=64,
        blank=True,
        help_text=_("银行流水号、网上支付订单号或现金收据号。"),
    )
    paid_on = models.DateField(_("缴费日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"))

    history = HistoricalRecords(verbose_name=_("会费缴费记录历史"))

    class Meta:
        verbose_name = _("会费缴费记录")
        verbose_name_plural = _("会费缴费记录")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="members_duespayment_amount"),
        ]
        indexes = [
            models.Index(fields=["invoice", "recorded_at"], name="members_duespay_invoice"),
            models.Index(fields=["-recorded_at"], name="members_duespay_recorded"),
            models.Index(fields=["paid_on"], name="members_duespay_paid_on"),
        ]

    def __str__(self) -> str:
        return self.number


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class DuesIssueRun(models.Model):
    """One run issuing a fee year's invoices; progress is what the staff page polls."""

    fee_year = models.PositiveSmallIntegerField(_("会费年度"))
    due_date = models.DateField(_("缴费截止日"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    total = models.PositiveIntegerField(_("缴费人数"), default=0)
    issued = models.PositiveIntegerField(_("本次开具"), default=0)
    skipped = models.PositiveIntegerField(_("已有缴费单"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会费开具任务")
        verbose_name_plural = _("会费开具任务")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One run at a time per fee year: a second click waits for the first.
            models.UniqueConstraint(
                fields=["fee_year"],
                condition=Q(status__in=["queued", "running"]),
                name="members_duesissuerun_one_active",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="members_duesissuerun_progress"
            ),
        ]
        indexes = [models.Index(fields=["-created_at"], name="members_duesrun_created")]

    def __str__(self) -> str:
        return f"{self.fee_year} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before", _("截止前提醒")
    AFTER_DUE = "after", _("逾期提醒")


class DuesReminder(models.Model):
    """A reminder sent for an invoice: each kind at most once (the unique constraint)."""

    invoice = models.ForeignKey(
        DuesInvoice, verbose_name=_("缴费单"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("提醒类型"), max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("发送时间"))

    class Meta:
        verbose_name = _("会费提醒")
        verbose_name_plural = _("会费提醒")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "kind"], name="members_duesreminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.invoice} {self.kind}"


class DuesStatementLink(models.Model):
    """One "open your dues statement" link sent in a reminder e-mail: signed, expiring
    (``links.DUES_LINK_MAX_AGE``) and good for one opening without logging in.

    The token signs ``<pk>:<nonce>``; opening the statement sets ``used_at`` under a row
    lock, so a second opening (or a forwarded e-mail) finds the link used. The nonce is
    random, so a link cannot be guessed from the invoice.
    """

    invoice = models.ForeignKey(
        DuesInvoice,
        verbose_name=_("缴费单"),
        on_delete=models.CASCADE,
        related_name="statement_links",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    nonce = models.CharField(_("随机码"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    used_at = models.DateTimeField(_("打开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会费明细链接")
        verbose_name_plural = _("会费明细链接")

    def __str__(self) -> str:
        return f"{self.invoice} → {self.recipient_id}"
