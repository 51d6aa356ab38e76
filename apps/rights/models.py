"""Practice-rights protection (执业权利维护) and the relief fund (救助金).

* A lawyer reports being obstructed in practice; member services acknowledge it by the
  end of the next working day, act, and record the outcome. Each step is an event the
  lawyer follows in the portal.
* A member applies for relief after hardship, within ``ReliefSettings.window_days`` of
  the event; the firm's administrator endorses; member services decide an amount within
  the configured caps.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import DomainError
from apps.members.models import Lawyer


class ObstructionKind(models.TextChoices):
    MEETING_DENIED = "meeting_denied", _("会见受阻")
    FILES_WITHHELD = "files_withheld", _("阅卷受阻")
    EVIDENCE_REFUSED = "evidence_refused", _("调查取证受阻")
    SPEECH_RESTRICTED = "speech_restricted", _("庭审发言权受限")
    PERSONAL_SAFETY = "personal_safety", _("人身权利受到侵害")
    OTHER = "other", _("其他")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACKNOWLEDGED = "acknowledged", _("已受理")
    ACTING = "acting", _("协调处理中")
    CLOSED = "closed", _("已办结")


REPORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReportStatus.SUBMITTED: (ReportStatus.ACKNOWLEDGED,),
    ReportStatus.ACKNOWLEDGED: (ReportStatus.ACTING, ReportStatus.CLOSED),
    ReportStatus.ACTING: (ReportStatus.ACTING, ReportStatus.CLOSED),
    ReportStatus.CLOSED: (),
}


class RightsReport(models.Model):
    reference = models.CharField(_("编号"), max_length=20, unique=True)
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.PROTECT, related_name="rights_reports"
    )
    kind = models.CharField(_("受阻类型"), max_length=20, choices=ObstructionKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    authority = models.CharField(_("发生地点或机关"), max_length=200)
    description = models.TextField(_("经过"), max_length=5000)
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    acknowledge_by = models.DateField(_("受理期限"))
    acknowledged_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    outcome = models.TextField(_("处理结果"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("执业权利维护申请")
        verbose_name_plural = _("执业权利维护申请")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("handle_rightsreport", _("受理和办理执业权利维护申请"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""),
                name="rights_report_closed_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["lawyer", "-submitted_at"], name="rights_report_lawyer"),
            models.Index(fields=["status", "acknowledge_by"], name="rights_report_status_due"),
            models.Index(fields=["-submitted_at"], name="rights_report_submitted"),
        ]

    def __str__(self) -> str:
        return self.reference

    def transition(self, to: str) -> None:
        if to not in REPORT_TRANSITIONS[self.status]:
            raise DomainError(
                _("当前状态“%(status)s”不能变更为“%(to)s”。")
                % {"status": self.get_status_display(), "to": ReportStatus(to).label},
                code="illegal_transition",
            )
        self.status = to


class RightsReportEvent(models.Model):
    """One step of a report, as the lawyer sees it in the portal."""

    report = models.ForeignKey(RightsReport, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices)
    note = models.TextField(_("说明"), blank=True)
    # Empty for rows loaded from elsewhere (demo data, imports): no account acted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["report", "at"], name="rights_event_report")]

    def __str__(self) -> str:
        return f"{self.report} {self.status}"


# --- relief fund -------------------------------------------------------------------------


class HardshipKind(models.TextChoices):
    INJURY = "injury", _("执业中受伤")
    ILLNESS = "illness", _("罹患重大疾病")
    DISASTER = "disaster", _("遭受自然灾害或意外")


class ReliefStatus(models.TextChoices):
    AWAITING_ENDORSEMENT = "awaiting", _("待律所签署意见")
    SUBMITTED = "submitted", _("待审批")
    NOT_ENDORSED = "not_endorsed", _("律所未同意")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class ReliefSettings(models.Model):
    """The fund's rules staff may change: one row (pk=1)."""

    window_days = models.PositiveSmallIntegerField(_("申请期限（事件发生后天数）"), default=60)
    cap_injury = models.DecimalField(
        _("执业受伤上限（元）"), max_digits=10, decimal_places=2, default=20000
    )
    cap_illness = models.DecimalField(
        _("重大疾病上限（元）"), max_digits=10, decimal_places=2, default=50000
    )
    cap_disaster = models.DecimalField(
        _("灾害意外上限（元）"), max_digits=10, decimal_places=2, default=30000
    )

    class Meta:
        verbose_name = _("救助金设置")
        verbose_name_plural = _("救助金设置")
        constraints = [
            models.CheckConstraint(condition=Q(window_days__gte=1), name="rights_relief_window"),
        ]

    def __str__(self) -> str:
        return str(_("救助金设置"))

    def cap_for(self, kind: str) -> object:
        return {
            HardshipKind.INJURY: self.cap_injury,
            HardshipKind.ILLNESS: self.cap_illness,
            HardshipKind.DISASTER: self.cap_disaster,
        }[HardshipKind(kind)]


class ReliefApplication(models.Model):
    reference = models.CharField(_("编号"), max_length=20, unique=True)
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="relief_applications",
    )
    firm_id_at_application = models.PositiveIntegerField(_("申请时所在律所"), db_index=True)
    kind = models.CharField(_("困难类型"), max_length=12, choices=HardshipKind.choices)
    event_date = models.DateField(_("事件发生日期"))
    description = models.TextField(_("情况说明"), max_length=5000)
    amount_requested = models.DecimalField(_("申请金额（元）"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("状态"),
        max_length=14,
        choices=ReliefStatus.choices,
        default=ReliefStatus.AWAITING_ENDORSEMENT,
    )
    submitted_at = models.DateTimeField(_("申请时间"))
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("律所签署人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsed_at = models.DateTimeField(_("律所签署时间"), null=True, blank=True)
    endorsement_note = models.CharField(_("律所意见"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    amount_granted = models.DecimalField(
        _("批准金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("救助金申请")
        verbose_name_plural = _("救助金申请")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("decide_reliefapplication", _("审批救助金申请"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0), name="rights_relief_requested_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True)
                | (Q(amount_granted__gt=0) & Q(amount_granted__lte=models.F("amount_requested"))),
                name="rights_relief_granted_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(amount_granted__isnull=False),
                name="rights_relief_approved_has_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["lawyer", "-submitted_at"], name="rights_relief_lawyer"),
            models.Index(fields=["firm_id_at_application", "status"], name="rights_relief_firm"),
            models.Index(fields=["status", "-submitted_at"], name="rights_relief_status"),
        ]

    def __str__(self) -> str:
        return self.reference


class ComplianceReminder(models.Model):
    """A firm administrator's reminder to one of the firm's lawyers (at most one per
    lawyer a day: the unique constraint is the rate limit)."""

    firm_id_sent_for = models.PositiveIntegerField(_("律所"))
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_on = models.DateField(_("发送日期"))
    sent_at = models.DateTimeField(_("发送时间"))
    topics = models.CharField(_("提醒事项"), max_length=200)

    class Meta:
        verbose_name = _("律所合规提醒")
        verbose_name_plural = _("律所合规提醒")
        constraints = [
            models.UniqueConstraint(fields=["lawyer", "sent_on"], name="rights_reminder_daily")
        ]
        indexes = [
            models.Index(fields=["firm_id_sent_for", "-sent_at"], name="rights_reminder_firm")
        ]

    def __str__(self) -> str:
        return f"{self.lawyer} {self.sent_on}"
