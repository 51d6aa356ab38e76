"""Responsibility zones, major-matter reports (acknowledge/answer through the services),
visits and the review of innovative cases."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import HistoryAdmin
from apps.core.exceptions import DomainError

from ..models import (
    CaseStatus,
    InnovativeCase,
    MajorMatterReport,
    ReportStatus,
    ResponsibilityZone,
    Visit,
)
from ..services import reporting


@admin.register(ResponsibilityZone)
class ResponsibilityZoneAdmin(HistoryAdmin):
    list_display = ("name", "kind", "responsible", "since", "until")
    list_filter = ("kind",)
    search_fields = ("name", "responsible__name")
    autocomplete_fields = ("responsible", "organizations")
    list_select_related = ("responsible",)


class MajorReportForm(forms.ModelForm):
    class Meta:
        model = MajorMatterReport
        fields = ("organization", "title", "body", "filed_on", "answer")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        report = self.instance
        if (
            report.pk
            and report.status == ReportStatus.ANSWERED
            and data.get("answer") != report.answer
        ):
            raise ValidationError(_("已答复的请示报告不能修改答复。"))
        return data

    def _post_clean(self) -> None:
        pass  # status, deadline and times are set by the services


@admin.register(MajorMatterReport)
class MajorMatterReportAdmin(HistoryAdmin):
    form = MajorReportForm
    list_display = ("title", "organization", "filed_on", "reply_due", "status")
    list_filter = ("status",)
    search_fields = ("title", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
    date_hierarchy = "filed_on"
    readonly_fields = ("reply_due", "status", "acknowledged_at", "answered_at", "handled_by")
    actions = ["acknowledge"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("organization", "title", "body", "filed_on")
        return ("organization", "title", "body", "filed_on", *self.readonly_fields, "answer")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("organization", "title", "body", "filed_on", *self.readonly_fields)

    def save_model(
        self, request: HttpRequest, obj: MajorMatterReport, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            saved = reporting.major_report_file(
                actor=request.user,
                organization=data["organization"],
                title=data["title"],
                body=data["body"],
                filed_on=data["filed_on"],
            )
            obj.pk = saved.pk
            obj.refresh_from_db()
            return
        answer = (data.get("answer") or "").strip()
        if answer and obj.status != ReportStatus.ANSWERED:
            reporting.major_report_answer(actor=request.user, report=obj, answer=answer)
            obj.refresh_from_db()

    @admin.action(description=_("签收所选请示报告"), permissions=["change"])
    def acknowledge(self, request: HttpRequest, queryset: QuerySet[MajorMatterReport]) -> None:
        done = 0
        for report in queryset.filter(status=ReportStatus.FILED):
            try:
                reporting.major_report_acknowledge(actor=request.user, report=report)
                done += 1
            except DomainError as exc:
                self.message_user(request, exc.message, level=messages.ERROR)
        self.message_user(request, _("已签收%(n)s件。") % {"n": done})

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Visit)
class VisitAdmin(HistoryAdmin):
    list_display = ("held_on", "kind", "organization", "visitors")
    list_filter = ("kind",)
    search_fields = ("organization__name", "visitors")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
    date_hierarchy = "held_on"


@admin.register(InnovativeCase)
class InnovativeCaseAdmin(HistoryAdmin):
    list_display = ("title", "organization", "year", "submitted_on", "status")
    list_filter = ("status", "year")
    search_fields = ("title", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
    readonly_fields = ("status", "review_note", "reviewed_at")
    actions = ["feature", "decline"]

    def _review(self, request: HttpRequest, queryset: QuerySet, featured: bool) -> None:
        done = 0
        for case in queryset.filter(status=CaseStatus.SUBMITTED):
            reporting.case_review(actor=request.user, case=case, featured=featured)
            done += 1
        self.message_user(request, _("已评审%(n)s个案例。") % {"n": done})

    @admin.action(description=_("入选典型案例"), permissions=["change"])
    def feature(self, request: HttpRequest, queryset: QuerySet[InnovativeCase]) -> None:
        self._review(request, queryset, featured=True)

    @admin.action(description=_("未入选"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet[InnovativeCase]) -> None:
        self._review(request, queryset, featured=False)
