"""Back office for public legal services (member-services role, see accounts/roles.py).

Every workflow step goes through a service (which checks the actor again): verifying
pro-bono records, recording event outcomes. Requesters' contact details are personal
data: only roles with view permission on the request model see them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import BaseAdmin, HistoryAdmin
from apps.core.exceptions import DomainError
from apps.core.pii import PersonalDataAdminMixin, mask_email, mask_name, mask_phone

from .models import (
    RECOMMENDED_HOURS,
    RECOMMENDED_LEGAL_AID_CASES,
    BusinessFeedback,
    ConsultationRequest,
    EventSlot,
    EventVolunteer,
    FeedbackStatus,
    ImpersonationAlert,
    MediationRequest,
    Mediator,
    OverseasOffice,
    PartnerAgreement,
    ProBonoEvent,
    ProBonoRecord,
    Programme,
    ProgrammeEdition,
    RecordStatus,
    SlotBooking,
)
from .selectors.guides import guide_run_get_for_user, guide_runs_for_user
from .selectors.probono import probono_hours_by_lawyer
from .services.feedback import business_feedback_triage, feedback_triage_check
from .services.guides import guide_request
from .services.help import consultation_mark_answered, event_outcome_record
from .services.mediation import mediator_eligibility_check
from .services.probono import probono_record_review


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(PersonalDataAdminMixin, HistoryAdmin):
    # Requesters' name, phone and e-mail: in clear for the staff who answer (change
    # permission), masked for anyone else, in the list, the change page and the export.
    personal_fields = {"name": mask_name, "phone": mask_phone, "email": mask_email}
    list_display = [
        "reference",
        "topic",
        "name",
        "phone",
        "district",
        "status",
        "due_on",
        "deadline",
        "created_at",
    ]
    export_fields = ["reference", "topic", "name", "phone", "email", "district", "status"]
    list_filter = ["status", "topic", "district"]
    search_fields = ["reference"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "reference",
        "status",
        "created_at",
        "due_on",
        "answered_at",
        "acknowledged_at",
    ]
    autocomplete_fields = ["assigned_to"]
    list_select_related = ["district"]
    ordering = ["due_on", "created_at"]
    actions = ["mark_answered", "export_csv"]

    @admin.action(description=_("标记为已答复"), permissions=["change"])
    def mark_answered(self, request: HttpRequest, queryset: QuerySet) -> None:
        done = 0
        for consultation in queryset:
            try:
                consultation_mark_answered(actor=request.user, consultation=consultation)
                done += 1
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
        self.message_user(request, _("已处理 %(n)d 条记录。") % {"n": done}, messages.SUCCESS)

    @admin.display(description=_("期限"), ordering="due_on")
    def deadline(self, obj: ConsultationRequest) -> str:
        if obj.status not in {"new", "assigned"}:
            return "—"
        days = (obj.due_on - timezone.localdate()).days
        if days < 0:
            return format_html('<strong class="overdue">{}</strong>', _("已逾期"))
        return format_html("{}", _("剩 %(days)s 天") % {"days": days})


class EventSlotInline(admin.TabularInline):
    model = EventSlot
    extra = 0
    fields = ["starts_at", "ends_at", "capacity", "booked"]
    readonly_fields = ["booked"]


class EventOutcomeForm(forms.Form):
    people_helped = forms.IntegerField(label=_("服务群众人次"), min_value=0, max_value=100000)
    consultations_given = forms.IntegerField(label=_("解答咨询件数"), min_value=0, max_value=100000)


@admin.register(ProBonoEvent)
class ProBonoEventAdmin(HistoryAdmin):
    list_display = ["title", "kind", "starts_at", "district", "is_published", "people_helped"]
    list_filter = ["kind", "is_published", "district"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    inlines = [EventSlotInline]
    # Outcomes are recorded through their own page (event_outcome_record checks the
    # event is over and who records it), not edited with the rest of the event.
    readonly_fields = [
        "people_helped",
        "consultations_given",
        "outcome_recorded_at",
        "outcome_recorded_by",
        "outcome_link",
    ]
    list_select_related = ["district"]

    @admin.display(description=_("服务结果"))
    def outcome_link(self, obj: ProBonoEvent) -> str:
        if not obj.pk:
            return "—"
        url = reverse("admin:legalservices_probonoevent_outcome", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("登记服务结果"))

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/outcome/",
                self.admin_site.admin_view(self.outcome_view),
                name="legalservices_probonoevent_outcome",
            ),
            *super().get_urls(),
        ]

    def outcome_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = ProBonoEvent.objects.filter(pk=pk).first()
        if event is None:
            raise Http404
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        initial = {
            "people_helped": event.people_helped or 0,
            "consultations_given": event.consultations_given or 0,
        }
        form = EventOutcomeForm(request.POST or None, initial=initial)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    event_outcome_record(actor=request.user, event=event, **form.cleaned_data)
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    self.message_user(request, _("服务结果已登记。"), messages.SUCCESS)
                    return redirect("admin:legalservices_probonoevent_change", pk)
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("登记服务结果：%(title)s") % {"title": event.title},
            "form": form,
            "event": event,
        }
        return TemplateResponse(
            request, "admin/legalservices/event_outcome.html", context, status=status
        )


@admin.register(SlotBooking)
class SlotBookingAdmin(PersonalDataAdminMixin, BaseAdmin):
    personal_fields = {"name": mask_name, "phone": mask_phone}
    list_display = ["reference", "slot", "name", "phone", "created_at"]
    search_fields = ["reference"]
    list_select_related = ["slot", "slot__event"]
    readonly_fields = ["reference", "slot", "name", "phone", "question", "created_at"]
    export_fields = ["reference", "slot", "name", "phone", "created_at"]
    actions = ["export_csv"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # bookings come from the public form, which holds the capacity


@admin.register(EventVolunteer)
class EventVolunteerAdmin(BaseAdmin):
    list_display = ["event", "lawyer", "signed_up_at"]
    list_select_related = ["event", "lawyer"]
    autocomplete_fields = ["lawyer"]
    list_filter = ["event__kind"]


@admin.register(ProBonoRecord)
class ProBonoRecordAdmin(HistoryAdmin):
    list_display = ["lawyer", "kind", "date", "hours", "people_helped", "status"]
    change_list_template = "admin/legalservices/probonorecord/change_list.html"
    list_filter = ["status", "kind"]
    date_hierarchy = "date"
    search_fields = ["lawyer__name", "lawyer__licence_no"]
    autocomplete_fields = ["lawyer"]
    list_select_related = ["lawyer"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "created_at"]
    actions = ["verify", "reject"]

    def get_urls(self) -> list:
        return [
            path(
                "hours/",
                self.admin_site.admin_view(self.hours_view),
                name="legalservices_probonorecord_hours",
            ),
            *super().get_urls(),
        ]

    def hours_view(self, request: HttpRequest) -> TemplateResponse:
        """Each practising lawyer's verified hours and legal-aid cases against the
        recommendation (50 h or 2 cases), paged; staff with view permission only."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        below_only = request.GET.get("below") == "1"
        page = Paginator(probono_hours_by_lawyer(year=year, below_only=below_only), 50).get_page(
            request.GET.get("page")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("%(year)s 年律师公益服务时长") % {"year": year},
            "page_obj": page,
            "year": year,
            "below_only": below_only,
            "recommended_hours": RECOMMENDED_HOURS,
            "recommended_cases": RECOMMENDED_LEGAL_AID_CASES,
        }
        return TemplateResponse(request, "admin/legalservices/probono_hours.html", context)

    def _review(self, request: HttpRequest, queryset: QuerySet, verified: bool) -> None:
        done = 0
        for record in queryset.filter(status=RecordStatus.SUBMITTED):
            try:
                probono_record_review(actor=request.user, record=record, verified=verified)
                done += 1
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
        self.message_user(request, _("已处理 %(n)d 条记录。") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("核实通过"), permissions=["change"])
    def verify(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._review(request, queryset, True)

    @admin.action(description=_("核实不通过"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._review(request, queryset, False)


@admin.register(OverseasOffice)
class OverseasOfficeAdmin(HistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/legalservices/overseasoffice/change_list.html"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("guide/", view(self.guide_view), name="legalservices_overseas_guide"),
            path(
                "guide/<int:pk>/",
                view(self.guide_status_view),
                name="legalservices_overseas_guide_status",
            ),
            path(
                "guide/<int:pk>/<str:kind>/",
                view(self.guide_download_view),
                name="legalservices_overseas_guide_download",
            ),
            *super().get_urls(),
        ]

    def _guide_context(self, request: HttpRequest, **extra: object) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def guide_view(self, request: HttpRequest) -> HttpResponse:
        """GET: this person's recent guides; POST: ask for a new one."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                run = guide_request(actor=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
                return redirect("admin:legalservices_overseas_guide")
            return redirect("admin:legalservices_overseas_guide_status", run.pk)
        context = self._guide_context(
            request, title=_("海外网点打印指南"), runs=guide_runs_for_user(user=request.user)
        )
        return TemplateResponse(request, "admin/legalservices/guide_list.html", context)

    def guide_status_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = guide_run_get_for_user(user=request.user, pk=pk)
        context = self._guide_context(request, title=_("海外网点打印指南"), run=run)
        return TemplateResponse(request, "admin/legalservices/guide_status.html", context)

    def guide_download_view(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = guide_run_get_for_user(user=request.user, pk=pk)
        field = {"pdf": run.pdf, "xlsx": run.xlsx}.get(kind)
        if field is None or not field:
            raise Http404
        return FileResponse(
            field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1]
        )

    list_display = ["name", "firm", "country", "city", "is_listed"]
    list_filter = ["continent", "country", "is_listed"]
    search_fields = ["name", "city", "city_en", "firm__name"]
    autocomplete_fields = ["firm"]
    filter_horizontal = ["practice_areas"]
    list_select_related = ["firm"]


class EditionInline(admin.TabularInline):
    model = ProgrammeEdition
    extra = 0
    autocomplete_fields = ["participants"]


@admin.register(Programme)
class ProgrammeAdmin(BaseAdmin):
    list_display = ["name", "started_year", "is_published", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EditionInline]


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(BaseAdmin):
    list_display = ["title", "kind", "partner", "signed_on", "ends_on", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "partner"]


class MediatorForm(forms.ModelForm):
    """The roster's rule (practising, ≥ 3 full years since first licensed) as the service
    checks it (services.mediation.mediator_eligibility_check), for every active mediator
    added or changed here."""

    class Meta:
        model = Mediator
        fields = ["lawyer", "specialities", "appointed_on", "is_active"]

    def clean(self) -> dict:
        data = super().clean()
        lawyer = data.get("lawyer")
        if lawyer is not None and data.get("is_active"):
            try:
                mediator_eligibility_check(lawyer=lawyer, on=timezone.localdate())
            except DomainError as exc:
                self.add_error("lawyer", exc.message)
        return data


@admin.register(Mediator)
class MediatorAdmin(HistoryAdmin):
    form = MediatorForm
    list_display = ["lawyer", "specialities", "appointed_on", "is_active"]
    list_filter = ["is_active"]
    autocomplete_fields = ["lawyer"]
    list_select_related = ["lawyer"]
    search_fields = ["lawyer__name"]


@admin.register(MediationRequest)
class MediationRequestAdmin(PersonalDataAdminMixin, HistoryAdmin):
    personal_fields = {"name": mask_name, "phone": mask_phone, "other_party": mask_name}
    list_display = ["reference", "name", "phone", "status", "mediator", "created_at"]
    export_fields = ["reference", "name", "phone", "other_party", "status", "created_at"]
    actions = ["export_csv"]
    list_filter = ["status"]
    search_fields = ["reference"]
    readonly_fields = ["reference", "created_at"]
    autocomplete_fields = ["mediator"]
    list_select_related = ["mediator__lawyer"]


@admin.register(ImpersonationAlert)
class ImpersonationAlertAdmin(BaseAdmin):
    list_display = ["name", "kind", "claimed_as", "published_on", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name", "claimed_as", "website"]


class BusinessFeedbackTriageForm(forms.ModelForm):
    """Theme, status and answer; the status rules are the service's (feedback_triage_check)."""

    class Meta:
        model = BusinessFeedback
        fields = ["theme", "status", "answer"]

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk is None or not {"status", "answer"} <= data.keys():
            return data
        try:
            data["status"] = feedback_triage_check(
                current_status=self.instance.status,
                had_answer=bool(self.initial.get("answer")),
                status=data["status"],
                answer=data.get("answer") or "",
            )
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return data


@admin.register(BusinessFeedback)
class BusinessFeedbackAdmin(HistoryAdmin):
    """Staff triage here: every change goes through services.feedback (actor checked,
    row locked, history records who). Feedback is filed by lawyers in the portal only."""

    form = BusinessFeedbackTriageForm
    list_display = ["title", "theme", "status", "lawyer", "created_at", "answered_at"]
    list_filter = ["status", "theme"]
    search_fields = ["title"]
    readonly_fields = ["lawyer", "title", "description", "created_at", "answered_by", "answered_at"]
    fields = [
        "lawyer",
        "title",
        "description",
        "created_at",
        "theme",
        "status",
        "answer",
        "answered_by",
        "answered_at",
    ]
    list_select_related = ["lawyer"]
    actions = ["mark_forwarded", "mark_closed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: BusinessFeedback, form, change: bool) -> None:
        if not change:
            return  # no add view (has_add_permission)
        data = form.cleaned_data
        saved = business_feedback_triage(
            actor=request.user,
            feedback=obj,
            theme=data.get("theme"),
            status=data.get("status"),
            answer=data.get("answer") or "",
        )
        obj.answered_by, obj.answered_at = saved.answered_by, saved.answered_at

    def _triage_all(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        done = 0
        for feedback in queryset:
            try:
                business_feedback_triage(actor=request.user, feedback=feedback, status=status)
            except DomainError as exc:
                self.message_user(request, f"{feedback}：{exc.message}", messages.WARNING)
            except PermissionDenied:
                self.message_user(request, _("您没有处理营商环境反映的权限。"), messages.ERROR)
                return
            else:
                done += 1
        self.message_user(
            request, _("已处理 %(count)d 条反映。") % {"count": done}, messages.SUCCESS
        )

    @admin.action(description=_("将所选反映标为“已转有关部门”"), permissions=["change"])
    def mark_forwarded(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._triage_all(request, queryset, FeedbackStatus.FORWARDED)

    @admin.action(description=_("将所选反映标为“已办结”"), permissions=["change"])
    def mark_closed(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._triage_all(request, queryset, FeedbackStatus.CLOSED)
