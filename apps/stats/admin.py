"""Admin: report runs (request one; the job page shows progress and downloads) and the
yearly snapshots (read-only: a closed year's numbers never change)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import BaseAdmin

from .models import ReportRun, YearlySnapshot
from .services.reports import report_run_request


@admin.register(ReportRun)
class ReportRunAdmin(BaseAdmin):
    list_display = ("kind", "params_key", "status", "progress", "requested_by", "created_at", "job")
    list_filter = ("kind", "status")
    date_hierarchy = "created_at"
    list_select_related = ("requested_by",)
    readonly_fields = (
        "params_key",
        "requested_by",
        "status",
        "progress",
        "error",
        "attempts",
        "created_at",
        "started_at",
        "finished_at",
        "job",
    )

    def get_fields(self, request: HttpRequest, obj: ReportRun | None = None) -> Any:
        if obj is None:
            return ("kind", "params")
        return ("kind", "params", *self.readonly_fields)

    def get_readonly_fields(self, request: HttpRequest, obj: ReportRun | None = None) -> Any:
        if obj is None:
            return ()
        return ("kind", "params", *self.readonly_fields)

    @admin.display(description=_("任务页面"))
    def job(self, obj: ReportRun) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("stats:report_detail", kwargs={"pk": obj.pk}),
            _("查看进度与下载"),
        )

    def save_model(self, request: HttpRequest, obj: ReportRun, form: Any, change: bool) -> None:
        if change:  # nothing of a run is editable; the fields above are read-only
            return
        run, _created = report_run_request(actor=request.user, kind=obj.kind, params=obj.params)
        obj.__dict__.update({k: v for k, v in run.__dict__.items() if not k.startswith("_")})


@admin.register(YearlySnapshot)
class YearlySnapshotAdmin(BaseAdmin):
    list_display = ("year", "metric", "value", "taken_at")
    list_filter = ("year", "metric")
    ordering = ("-year", "metric")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
