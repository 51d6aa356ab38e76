"""Yearly snapshots of the headline figures (trends) and staff report runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import private_storage


class YearlySnapshot(models.Model):
    """One metric's value for one year, as reported. A closed year's rows never change
    (apps.stats.services.yearly refuses; the admin is read-only)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    metric = models.CharField(_("指标"), max_length=32)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    taken_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("年度快照")
        verbose_name_plural = _("年度快照")
        ordering = ["year", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["year", "metric"], name="stats_snapshot_year_metric"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.metric} = {self.value}"


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度报告")
    COMPLAINTS_MONTHLY = "complaints_monthly", _("投诉处理月报")
    PARTY = "party", _("党组织登记统计报告")
    CLE = "cle", _("继续教育学时达标报告")
    PROBONO = "probono", _("公益法律服务报告")
    DUES = "dues", _("会费收缴报告")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class ReportRun(models.Model):
    """One request for a report: who asked, what, and how far it has got."""

    kind = models.CharField(_("报表"), max_length=24, choices=ReportKind.choices)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    # Canonical JSON of params (sorted keys): what "the same request" means.
    params_key = models.CharField(_("参数键"), max_length=200, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    xlsx_file = models.FileField(
        _("Excel 文件"), storage=private_storage, upload_to="reports/%Y/%m/", blank=True
    )
    pdf_file = models.FileField(
        _("PDF 文件"), storage=private_storage, upload_to="reports/%Y/%m/", blank=True
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报表任务")
        verbose_name_plural = _("报表任务")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Two identical requests at once produce one run.
            models.UniqueConstraint(
                fields=["kind", "params_key"],
                condition=Q(status__in=["queued", "running"]),
                name="stats_reportrun_one_active",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="stats_reportrun_progress"),
        ]
        indexes = [
            models.Index(fields=["-created_at"], name="stats_reportrun_created"),
            models.Index(fields=["status", "created_at"], name="stats_reportrun_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.params_key}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def params_display(self) -> str:
        year = self.params.get("year")
        month = self.params.get("month")
        if year and month:
            return _("%(year)s年%(month)s月") % {"year": year, "month": month}
        if year:
            return _("%(year)s年度") % {"year": year}
        return ""
