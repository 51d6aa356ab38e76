"""Responsibility and reporting: zones and contact points, major-matter reports with a
reply deadline, visits and interviews, the call for innovative party-building cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.exceptions import DomainError


class ZoneKind(models.TextChoices):
    ZONE = "zone", _("党建责任区")
    CONTACT_POINT = "contact_point", _("基层联系点")


class ResponsibilityZone(models.Model):
    """Which member of the sector committee answers for which organizations."""

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=14, choices=ZoneKind.choices)
    responsible = models.ForeignKey(
        "partyorg.PartyMember",
        verbose_name=_("责任委员"),
        on_delete=models.PROTECT,
        related_name="responsibility_zones",
    )
    organizations = models.ManyToManyField(
        "partyorg.PartyOrganization",
        verbose_name=_("联系的党组织"),
        related_name="responsibility_zones",
    )
    since = models.DateField(_("起始日期"))
    until = models.DateField(_("结束日期"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("党建责任区/联系点历史"))

    class Meta:
        verbose_name = _("党建责任区/联系点")
        verbose_name_plural = _("党建责任区/联系点")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["responsible", "until"], name="partyorg_zone_responsible")]

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    FILED = "filed", _("已报送")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    ANSWERED = "answered", _("已答复")


class MajorMatterReport(models.Model):
    """A request for instructions or a report on a major matter (重大事项请示报告) that an
    organization files with the sector committee; staff acknowledge and answer it by
    ``reply_due`` (working days from filing)."""

    organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("报送组织"),
        on_delete=models.PROTECT,
        related_name="major_reports",
    )
    title = models.CharField(_("事项"), max_length=150)
    body = models.TextField(_("内容"))
    filed_on = models.DateField(_("报送日期"))
    reply_due = models.DateField(_("答复期限"))
    status = models.CharField(
        _("状态"), max_length=14, choices=ReportStatus.choices, default=ReportStatus.FILED
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    answer = models.TextField(_("答复意见"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(verbose_name=_("重大事项请示报告历史"))

    class Meta:
        verbose_name = _("重大事项请示报告")
        verbose_name_plural = _("重大事项请示报告")
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="answered") | Q(answered_at__isnull=False),
                name="partyorg_report_answered_has_time",
            )
        ]
        indexes = [models.Index(fields=["status", "reply_due"], name="partyorg_report_due")]

    def __str__(self) -> str:
        return self.title

    def acknowledge(self) -> None:
        if self.status != ReportStatus.FILED:
            raise DomainError(_("只有已报送的请示报告可以签收。"))
        self.status = ReportStatus.ACKNOWLEDGED

    def give_answer(self, answer: str) -> None:
        if self.status == ReportStatus.ANSWERED:
            raise DomainError(_("该请示报告已答复。"))
        if not answer.strip():
            raise DomainError(_("请填写答复意见。"))
        self.status, self.answer = ReportStatus.ANSWERED, answer.strip()


class VisitKind(models.TextChoices):
    VISIT = "visit", _("走访")
    INTERVIEW = "interview", _("谈心谈话")
    ADMONITION = "admonition", _("提醒谈话")


class Visit(models.Model):
    organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    kind = models.CharField(_("类型"), max_length=12, choices=VisitKind.choices)
    held_on = models.DateField(_("日期"))
    visitors = models.CharField(_("走访人"), max_length=120)
    notes = models.TextField(_("记录"))

    history = HistoricalRecords(verbose_name=_("走访谈话记录历史"))

    class Meta:
        verbose_name = _("走访谈话记录")
        verbose_name_plural = _("走访谈话记录")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["organization", "held_on"], name="partyorg_visit_org")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.held_on}"


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    FEATURED = "featured", _("入选典型案例")
    DECLINED = "declined", _("未入选")


class InnovativeCase(models.Model):
    """A case submitted to the call for innovative party-building work (典型案例征集)."""

    organization = models.ForeignKey(
        "partyorg.PartyOrganization",
        verbose_name=_("申报组织"),
        on_delete=models.PROTECT,
        related_name="innovative_cases",
    )
    year = models.PositiveSmallIntegerField(_("征集年度"))
    title = models.CharField(_("案例名称"), max_length=150)
    summary = models.TextField(_("案例简介"))
    submitted_on = models.DateField(_("申报日期"))
    status = models.CharField(
        _("评审结果"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    review_note = models.TextField(_("评审意见"), blank=True)
    reviewed_at = models.DateTimeField(_("评审时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("党建创新案例历史"))

    class Meta:
        verbose_name = _("党建创新案例")
        verbose_name_plural = _("党建创新案例")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "title"], name="partyorg_case_once"
            )
        ]
        indexes = [models.Index(fields=["status", "year"], name="partyorg_case_status")]

    def __str__(self) -> str:
        return self.title

    def review(self, *, featured: bool, note: str) -> None:
        if self.status != CaseStatus.SUBMITTED:
            raise DomainError(_("该案例已评审。"))
        self.status = CaseStatus.FEATURED if featured else CaseStatus.DECLINED
        self.review_note = note.strip()
