"""Member services' back office for rights reports and relief: the steps run through the
services (custom admin views with a small form), never by editing the status field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import BaseAdmin
from apps.core.exceptions import DomainError

from . import services
from .models import ReliefApplication, ReliefSettings, RightsReport, RightsReportEvent
from .permissions import can_decide_relief, can_handle_reports

READONLY_REPORT = (
    "reference",
    "lawyer",
    "kind",
    "occurred_on",
    "authority",
    "description",
    "status",
    "submitted_at",
    "acknowledge_by",
    "acknowledged_at",
    "outcome",
    "closed_at",
)


class EventInline(admin.TabularInline):
    model = RightsReportEvent
    extra = 0
    can_delete = False
    fields = ("at", "status", "note", "actor")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("办理步骤"),
        choices=[
            ("acknowledge", _("受理")),
            ("act", _("记录协调措施")),
            ("close", _("办结并记录结果")),
        ],
    )
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


@admin.register(RightsReport)
class RightsReportAdmin(BaseAdmin):
    list_display = ("reference", "lawyer", "kind", "status", "submitted_at", "acknowledge_by")
    list_filter = ("status", "kind")
    search_fields = ("=reference", "lawyer__name", "authority")
    list_select_related = ("lawyer",)
    readonly_fields = READONLY_REPORT
    fields = READONLY_REPORT
    inlines = [EventInline]
    actions = ["acknowledge"]
    date_hierarchy = "submitted_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # lawyers submit in the portal

    @admin.action(description=_("受理所选申请"), permissions=["change"])
    def acknowledge(self, request: HttpRequest, queryset: QuerySet[RightsReport]) -> None:
        done = 0
        for report in queryset:
            try:
                services.rights_report_acknowledge(report=report, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{report}: {exc.message}", messages.WARNING)
            except PermissionDenied:
                self.message_user(request, _("您没有受理权限。"), messages.ERROR)
                return
            else:
                done += 1
        self.message_user(request, _("已受理 %(n)s 件。") % {"n": done}, messages.SUCCESS)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/step/",
                self.admin_site.admin_view(self.step_view),
                name="rights_rightsreport_step",
            ),
            *super().get_urls(),
        ]

    def step_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can_handle_reports(request.user):
            raise PermissionDenied
        report = get_object_or_404(RightsReport, pk=pk)
        form = StepForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            step, note = form.cleaned_data["step"], form.cleaned_data["note"]
            try:
                if step == "acknowledge":
                    services.rights_report_acknowledge(report=report, actor=request.user, note=note)
                elif step == "act":
                    services.rights_report_act(report=report, actor=request.user, note=note)
                else:
                    services.rights_report_close(report=report, actor=request.user, outcome=note)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("已记录。"), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:rights_rightsreport_change", args=[report.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("办理 %(ref)s") % {"ref": report.reference},
            "object": report,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/rights/step_form.html", context)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审批结果"), choices=[("approve", _("批准")), ("reject", _("不予批准"))]
    )
    amount = forms.DecimalField(label=_("批准金额（元）"), required=False, min_value=0)
    note = forms.CharField(
        label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


READONLY_RELIEF = (
    "reference",
    "lawyer",
    "kind",
    "event_date",
    "description",
    "amount_requested",
    "status",
    "submitted_at",
    "endorsed_by",
    "endorsed_at",
    "endorsement_note",
    "decided_by",
    "decided_at",
    "amount_granted",
    "decision_note",
)


@admin.register(ReliefApplication)
class ReliefApplicationAdmin(BaseAdmin):
    list_display = ("reference", "lawyer", "kind", "amount_requested", "status", "submitted_at")
    list_filter = ("status", "kind")
    search_fields = ("=reference", "lawyer__name")
    list_select_related = ("lawyer",)
    readonly_fields = READONLY_RELIEF
    fields = READONLY_RELIEF
    date_hierarchy = "submitted_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="rights_reliefapplication_decide",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can_decide_relief(request.user):
            raise PermissionDenied
        application = get_object_or_404(ReliefApplication, pk=pk)
        form = DecideForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.relief_decide(
                    application=application,
                    actor=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    amount=form.cleaned_data["amount"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("已审批。"), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:rights_reliefapplication_change", args=[application.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("审批 %(ref)s") % {"ref": application.reference},
            "object": application,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/rights/step_form.html", context)


@admin.register(ReliefSettings)
class ReliefSettingsAdmin(BaseAdmin):
    list_display = ("__str__", "window_days", "cap_injury", "cap_illness", "cap_disaster")
