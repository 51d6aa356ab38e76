"""Pro-bono work logged by lawyers in the portal and verified by staff."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.members.models import Lawyer

# The association's recommendation for each practising lawyer per year.
RECOMMENDED_HOURS = Decimal("50")
RECOMMENDED_LEGAL_AID_CASES = 2


class ProBonoKind(models.TextChoices):
    LEGAL_AID = "legal_aid", _("法律援助")
    PETITION = "petition", _("信访接待")
    MEDIATION = "mediation", _("律师调解")
    CONSULTATION = "consultation", _("公益法律咨询")
    THREE_OFFICES = "three_offices", _("三所联动")
    COMMUNITY_DUTY = "community_duty", _("社区值班")


class RecordStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待核实")
    VERIFIED = "verified", _("已核实")
    REJECTED = "rejected", _("未通过")


class ProBonoRecordQuerySet(models.QuerySet["ProBonoRecord"]):
    def verified(self) -> ProBonoRecordQuerySet:
        return self.filter(status=RecordStatus.VERIFIED)

    def in_year(self, year: int) -> ProBonoRecordQuerySet:
        return self.filter(date__year=year)


class ProBonoRecord(models.Model):
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="probono_records"
    )
    kind = models.CharField(_("服务类型"), max_length=16, choices=ProBonoKind.choices)
    date = models.DateField(_("服务日期"))
    hours = models.DecimalField(
        _("时长（小时）"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    people_helped = models.PositiveSmallIntegerField(
        _("服务人次"), default=1, validators=[MaxValueValidator(500)]
    )
    place = models.CharField(_("服务地点"), max_length=120, blank=True)
    summary = models.CharField(_("服务摘要"), max_length=300)
    status = models.CharField(
        _("核实状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.SUBMITTED
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.CharField(_("核实意见"), max_length=200, blank=True)

    history = HistoricalRecords(verbose_name=_("公益服务记录历史"))
    objects = ProBonoRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("公益法律服务记录")
        verbose_name_plural = _("公益法律服务记录")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["lawyer", "-date"], name="ls_record_lawyer_date"),
            models.Index(fields=["status", "date"], name="ls_record_status_date"),
            models.Index(fields=["kind", "date"], name="ls_record_kind_date"),
        ]

    def __str__(self) -> str:
        return f"{self.lawyer.name} {self.get_kind_display()} {self.date}"
