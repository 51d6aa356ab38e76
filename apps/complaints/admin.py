"""The complaints office in Django admin.

* The complaint page is read-only: every change goes through a workflow step
  (…/<pk>/step/<name>/), a small form that calls one service.
* The complainant's identity and contacts are shown only with
  ``complaints.view_complainant_pii``; without it the fields are left out entirely and
  the ID number is masked in lists. Every opening of a complaint is logged (AccessLog).
* A dashboard (…/complaint/dashboard/) lists overdue and due-soon complaints and warns
  when a coming year has no holiday calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import BaseAdmin, HistoryAdmin
from apps.core.exceptions import DomainError
from apps.core.pii import mask_id_number

from . import forms as wf
from . import services, workdays
from .exports import complaints_xlsx
from .models import (
    AccessLog,
    ComplainantMail,
    Complaint,
    ComplaintEvent,
    Decision,
    HolidayOverride,
    Interview,
    StageLimit,
    State,
    TriageRule,
)
from .selectors import dashboard
from .services.common import CHANGE_PERMISSION, DECIDE_PERMISSION, PII_PERMISSION

PII_FIELDS = (
    "complainant_name",
    "complainant_id_type",
    "masked_id",
    "complainant_id_number",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
    "principal_name",
    "submitted_by",
)


def may_see_pii(request: HttpRequest) -> bool:
    return request.user.has_perm(PII_PERMISSION)


class DueFilter(admin.SimpleListFilter):
    title = _("期限")
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("overdue", _("已超期")), ("soon", _("3 日内到期"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "soon":
            return queryset.due_soon()
        return queryset


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "from_state", "to_state", "actor", "public", "reason", "public_note")
    readonly_fields = fields
    ordering = ("at", "id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ComplaintEvent]:
        return super().get_queryset(request).select_related("actor")


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = (
        "review_round",
        "outcome",
        "sanction",
        "suspension_months",
        "facts",
        "basis",
        "text",
        "decided_at",
        "decided_by",
        "publish_from",
        "publish_until",
        "superseded_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Workflow steps: name -> (label, form class, permission, allowed states, service call).
Step = tuple[str, type[forms.Form], str, tuple[str, ...], Callable[..., Any]]


def _investigation(c: Complaint, u: Any, d: dict[str, Any]) -> Any:
    return services.complaint_start_investigation(
        complaint=c, actor=u, investigators=list(d["investigators"])
    )


STEPS: dict[str, Step] = {
    "request_material": (
        _("要求补正材料"),
        wf.ReasonForm,
        CHANGE_PERMISSION,
        (State.RECEIVED,),
        lambda c, u, d: services.complaint_request_material(complaint=c, actor=u, what=d["reason"]),
    ),
    "triage": (
        _("分流"),
        wf.TriageForm,
        CHANGE_PERMISSION,
        (State.RECEIVED,),
        lambda c, u, d: services.complaint_triage(
            complaint=c, actor=u, track=d["track"], reason=d["reason"]
        ),
    ),
    "accept": (
        _("受理"),
        wf.OptionalReasonForm,
        CHANGE_PERMISSION,
        (State.TRIAGED,),
        lambda c, u, d: services.complaint_accept(complaint=c, actor=u, note=d["reason"]),
    ),
    "not_accept": (
        _("不予受理"),
        wf.NotAcceptForm,
        CHANGE_PERMISSION,
        (State.RECEIVED, State.TRIAGED),
        lambda c, u, d: services.complaint_not_accept(
            complaint=c, actor=u, reason=d["reason"], guidance=d["guidance"]
        ),
    ),
    "investigate": (
        _("指派调查人员"),
        wf.InvestigationForm,
        CHANGE_PERMISSION,
        (State.ACCEPTED,),
        _investigation,
    ),
    "notify_respondent": (
        _("通知被投诉人答辩"),
        wf.OptionalReasonForm,
        CHANGE_PERMISSION,
        (State.INVESTIGATION,),
        lambda c, u, d: services.complaint_notify_respondent(complaint=c, actor=u),
    ),
    "hearing": (
        _("安排听证"),
        wf.HearingForm,
        CHANGE_PERMISSION,
        (State.DEFENCE,),
        lambda c, u, d: services.complaint_schedule_hearing(
            complaint=c, actor=u, scheduled_for=d["scheduled_for"], place=d["place"]
        ),
    ),
    "decide": (
        _("作出决定"),
        wf.DecisionForm,
        DECIDE_PERMISSION,
        (State.DEFENCE, State.HEARING),
        lambda c, u, d: services.complaint_decide(
            complaint=c,
            actor=u,
            outcome=d["outcome"],
            sanction=d["sanction"],
            suspension_months=d["suspension_months"],
            facts=d["facts"],
            basis=d["basis"],
            text=d["text"],
            publish_until=d["publish_until"],
        ),
    ),
    "close": (
        _("结案"),
        wf.OptionalReasonForm,
        CHANGE_PERMISSION,
        (State.DECIDED, State.NOT_ACCEPTED),
        lambda c, u, d: services.complaint_close(complaint=c, actor=u),
    ),
    "review": (
        _("启动复查"),
        wf.ReasonForm,
        DECIDE_PERMISSION,
        (State.DECIDED, State.CLOSED),
        lambda c, u, d: services.complaint_reopen_for_review(
            complaint=c, actor=u, reason=d["reason"]
        ),
    ),
}


@admin.register(Complaint)
class ComplaintAdmin(HistoryAdmin):
    list_display = (
        "reference",
        "state",
        "track",
        "category",
        "respondent",
        "due_on",
        "submitted_at",
    )
    list_filter = ("state", "track", "category", DueFilter)
    search_fields = (
        "=reference",
        "respondent_lawyer__name",
        "respondent_firm__name",
        "respondent_text",
    )
    list_select_related = ("respondent_lawyer", "respondent_firm")
    ordering = ("-submitted_at", "-id")
    list_per_page = 50
    show_full_result_count = False
    inlines = (DecisionInline, EventInline)
    actions = ("export_xlsx",)
    change_form_template = "admin/complaints/complaint/change_form.html"
    # Every change goes through a workflow step: the history is the audit trail (who,
    # when, before/after), never a way back to an earlier state.
    history_revert = False
    history_list_display = ("state",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [
            "reference",
            "state",
            "track",
            "suggested_track",
            "category",
            "due_on",
            "due_stage_label",
            "respondent_lawyer",
            "respondent_firm",
            "respondent_text",
            "facts",
            "request",
            "acting_for",
            "co_complainants",
            "attachment_links",
            "submitted_at",
            "complete_at",
            "material_request",
            "triage_reason",
            "accepted_at",
            "not_accepted_reason",
            "not_accepted_guidance",
            "respondent_notified_at",
            "defence_due_on",
            "defence_text",
            "decided_at",
            "closed_at",
            "review_round",
            "pii_purged_at",
        ]
        if may_see_pii(request):
            at = fields.index("respondent_text") + 1
            fields[at:at] = [
                "complainant_name",
                "complainant_id_type",
                "complainant_id_number",
                "complainant_phone",
                "complainant_email",
                "complainant_address",
                "principal_name",
                "submitted_by",
            ]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Facts and identity are the complainant's words: never edited by staff. Only the
        # respondent link may be corrected (free text → registry) while the case is open.
        editable = {"respondent_lawyer", "respondent_firm"} if obj and obj.is_open else set()
        return [f for f in self.get_fields(request, obj) if f not in editable]

    autocomplete_fields = ("respondent_lawyer", "respondent_firm")

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        # Searching by name or ID number is itself a PII look-up: officers only.
        if may_see_pii(request):
            return (*self.search_fields, "=complainant_id_number", "complainant_name")
        return self.search_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # complaints arrive through the public form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the timeline is the record; personal data goes by the retention job

    @admin.display(description=_("被投诉人"))
    def respondent(self, obj: Complaint) -> str:
        return obj.respondent_display

    @admin.display(description=_("期限所属阶段"))
    def due_stage_label(self, obj: Complaint) -> str:
        return obj.get_due_stage_display() or "—"

    @admin.display(description=_("证件号码"))
    def masked_id(self, obj: Complaint) -> str:
        return mask_id_number(obj.complainant_id_number) or "—"

    @admin.display(description=_("附件"))
    def attachment_links(self, obj: Complaint) -> str:
        rows = [
            (
                reverse("admin:complaints_complaint_file", args=[obj.pk, a.pk]),
                a.get_kind_display(),
                a.original_name,
            )
            for a in obj.attachments.all()
        ]
        if not rows:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}：{}</a></li>', rows)
        )

    @admin.display(description=_("答辩意见"))
    def defence_text(self, obj: Complaint) -> str:
        defence = obj.defences.filter(review_round=obj.review_round).first()
        return defence.text if defence else "—"

    @admin.action(description=_("导出所选投诉（xlsx，证件号码脱敏）"), permissions=["view"])
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[Complaint]) -> HttpResponse:
        """Spreadsheet of the selected complaints. The ID number is always masked; names
        appear only for officers with the personal-data permission; each row is logged."""
        rows = list(
            queryset.select_related("respondent_lawyer", "respondent_firm").order_by("pk")[:5000]
        )
        with_pii = may_see_pii(request)
        content = complaints_xlsx(rows, with_pii=with_pii)
        AccessLog.objects.bulk_create(
            [
                AccessLog(complaint=c, user=request.user, action="export", with_pii=with_pii)
                for c in rows
            ]
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="complaints-{timezone.localdate():%Y%m%d}.xlsx"'
        )
        return response

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="complaints_complaint_dashboard"),
            path(
                "<int:pk>/step/<str:step>/", wrap(self.step_view), name="complaints_complaint_step"
            ),
            path(
                "<int:pk>/files/<int:attachment_pk>/",
                wrap(self.file_view),
                name="complaints_complaint_file",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_or_change_permission(request, obj):
            services.access_log(
                complaint=obj, user=request.user, action="view", with_pii=may_see_pii(request)
            )
            extra_context = {
                **(extra_context or {}),
                "steps": [
                    (name, label)
                    for name, (label, _f, perm, states, _s) in STEPS.items()
                    if obj.state in states and request.user.has_perm(perm)
                ],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    # The history shows old and new values of the facts and requests, which can name
    # people: complaints officers with the personal-data permission only, and logged.
    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not may_see_pii(request):
            raise PermissionDenied
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_or_change_permission(request, obj):
            services.access_log(complaint=obj, user=request.user, action="history", with_pii=True)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if not may_see_pii(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def step_view(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        complaint = get_object_or_404(Complaint, pk=pk)
        if step not in STEPS:
            raise PermissionDenied
        label, form_class, perm, _states, call = STEPS[step]
        if not request.user.has_perm(perm):
            raise PermissionDenied
        form = form_class(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    call(complaint, request.user, form.cleaned_data)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    services.access_log(
                        complaint=complaint,
                        user=request.user,
                        action=f"step:{step}",
                        with_pii=False,
                    )
                    self.message_user(
                        request, gettext("已完成：%(step)s") % {"step": label}, messages.SUCCESS
                    )
                    return HttpResponseRedirect(
                        reverse("admin:complaints_complaint_change", args=[pk])
                    )
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "complaint": complaint,
            "form": form,
            "step_label": label,
            "title": f"{complaint.reference} · {label}",
        }
        return TemplateResponse(
            request, "admin/complaints/complaint/step.html", context, status=status
        )

    def file_view(self, request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
        complaint = get_object_or_404(Complaint, pk=pk)
        if not self.has_view_or_change_permission(request, complaint):
            raise PermissionDenied
        attachment = get_object_or_404(complaint.attachments, pk=attachment_pk)
        if attachment.kind == "poa" and not may_see_pii(request):
            raise PermissionDenied
        services.access_log(
            complaint=complaint, user=request.user, action="file", with_pii=attachment.kind == "poa"
        )
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        board = dashboard()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("投诉期限看板"),
            "board": board,
            "by_state": [(State(s).label, n) for s, n in board["by_state"].items()],
        }
        return TemplateResponse(request, "admin/complaints/complaint/dashboard.html", context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "dashboard_url": reverse("admin:complaints_complaint_dashboard"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(TriageRule)
class TriageRuleAdmin(HistoryAdmin):
    list_display = (
        "name",
        "order",
        "active",
        "category",
        "min_prior_complaints",
        "min_complainants",
        "keyword",
        "track",
    )
    list_editable = ("order", "active")
    ordering = ("order", "id")


@admin.register(StageLimit)
class StageLimitAdmin(HistoryAdmin):
    list_display = ("stage", "working_days")
    list_editable = ("working_days",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(HistoryAdmin):
    list_display = ("date", "is_workday", "name")
    list_filter = ("is_workday",)
    date_hierarchy = "date"
    ordering = ("date",)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        missing = workdays.uncovered_years(today=timezone.localdate())
        if missing and request.method == "GET":
            self.message_user(
                request,
                gettext(
                    "%(years)s 年的法定节假日尚未录入，期限暂按周一至周五计算。"
                    "请在“节假日调整”中录入国务院公布的放假安排和调休上班日。"
                )
                % {"years": "、".join(str(y) for y in missing)},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)


@admin.register(Interview)
class InterviewAdmin(HistoryAdmin):
    list_display = ("firm", "kind", "held_on", "head_name", "party_secretary_name")
    list_filter = ("kind",)
    list_select_related = ("firm",)
    search_fields = ("firm__name",)
    autocomplete_fields = ("firm", "complaints")
    readonly_fields = ("recorded_by", "created_at")
    ordering = ("-held_on",)

    def save_model(self, request: HttpRequest, obj: Interview, form: Any, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    """Decisions and sanctions, read-only: made and superseded by the workflow steps on
    the complaint page. Registered so that their history (who, when, before/after) has
    a page."""

    list_display = ("complaint", "outcome", "sanction", "decided_at", "superseded_at")
    list_filter = ("outcome", "sanction")
    list_select_related = ("complaint",)
    date_hierarchy = "decided_at"
    ordering = ("-decided_at",)
    history_revert = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(BaseAdmin):
    list_display = ("at", "user", "complaint", "action", "with_pii")
    list_filter = ("action", "with_pii")
    list_select_related = ("user", "complaint")
    date_hierarchy = "at"
    ordering = ("-at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ComplainantMail)
class ComplainantMailAdmin(BaseAdmin):
    list_display = ("created_at", "complaint", "key", "sent_at", "attempts")
    list_select_related = ("complaint",)
    list_filter = ("key",)
    ordering = ("-created_at",)
    exclude = ("context", "claim_token")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = ["complaint", "key", "created_at", "sent_at", "attempts", "last_error"]
        return ["to", *fields] if may_see_pii(request) else fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
