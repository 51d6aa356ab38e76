"""The printable overseas-offices guide: a staff member asks, a Celery job builds a PDF
and an xlsx, and the page shows its progress until the files are ready."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import PrivateFileSystemStorage, private_storage

# The name migration 0004 imports. The files are private (STORAGES["private"], no public
# URL): they are downloaded through the admin view that checks who asked for them.
GuideStorage = PrivateFileSystemStorage


class GuideStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class OverseasGuideRun(models.Model):
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=8, choices=GuideStatus.choices, default=GuideStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度（百分比）"), default=0)
    office_count = models.PositiveIntegerField(_("网点数"), default=0)
    error = models.CharField(_("错误信息"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="legalservices/guides/", blank=True
    )
    xlsx = models.FileField(
        _("Excel"), storage=private_storage, upload_to="legalservices/guides/", blank=True
    )

    class Meta:
        verbose_name = _("海外网点指南生成任务")
        verbose_name_plural = _("海外网点指南生成任务")
        ordering = ["-created_at"]
        default_permissions = ()
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="ls_guide_requester")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}"
