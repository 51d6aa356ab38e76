"""Back office for public legal services (member-services role, see accounts/roles.py).

Every workflow step goes through a service (which checks the actor again): verifying
pro-bono records, recording event outcomes. Requesters' contact details are personal
data: only roles with view permission on the request model see them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import BaseAdmin, HistoryAdmin
from apps.core.exceptions import DomainError

from .models import (
    BusinessFeedback,
    ConsultationRequest,
    EventSlot,
    EventVolunteer,
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
from .services.probono import probono_record_review


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(HistoryAdmin):
    list_display = ["reference", "topic", "district", "status", "due_on", "deadline", "created_at"]
    list_filter = ["status", "topic", "district"]
    search_fields = ["reference"]
    date_hierarchy = "created_at"
    readonly_fields = ["reference", "created_at", "due_on", "acknowledged_at"]
    autocomplete_fields = ["assigned_to"]
    list_select_related = ["district"]
    ordering = ["due_on", "created_at"]

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


@admin.register(ProBonoEvent)
class ProBonoEventAdmin(HistoryAdmin):
    list_display = ["title", "kind", "starts_at", "district", "is_published", "people_helped"]
    list_filter = ["kind", "is_published", "district"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    inlines = [EventSlotInline]
    readonly_fields = ["outcome_recorded_at", "outcome_recorded_by"]
    list_select_related = ["district"]

    def save_model(self, request: HttpRequest, obj: ProBonoEvent, form, change: bool) -> None:
        if "people_helped" in form.changed_data or "consultations_given" in form.changed_data:
            obj.outcome_recorded_at = timezone.now()
            obj.outcome_recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SlotBooking)
class SlotBookingAdmin(BaseAdmin):
    list_display = ["reference", "slot", "created_at"]
    search_fields = ["reference"]
    list_select_related = ["slot", "slot__event"]
    readonly_fields = ["reference", "slot", "name", "phone", "question", "created_at"]

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
    list_filter = ["status", "kind"]
    date_hierarchy = "date"
    search_fields = ["lawyer__name", "lawyer__licence_no"]
    autocomplete_fields = ["lawyer"]
    list_select_related = ["lawyer"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "created_at"]
    actions = ["verify", "reject"]

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


@admin.register(Mediator)
class MediatorAdmin(HistoryAdmin):
    list_display = ["lawyer", "specialities", "appointed_on", "is_active"]
    list_filter = ["is_active"]
    autocomplete_fields = ["lawyer"]
    list_select_related = ["lawyer"]
    search_fields = ["lawyer__name"]


@admin.register(MediationRequest)
class MediationRequestAdmin(HistoryAdmin):
    list_display = ["reference", "status", "mediator", "created_at"]
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


@admin.register(BusinessFeedback)
class BusinessFeedbackAdmin(HistoryAdmin):
    list_display = ["title", "theme", "status", "lawyer", "created_at"]
    list_filter = ["status", "theme"]
    search_fields = ["title"]
    readonly_fields = ["lawyer", "created_at", "answered_by", "answered_at"]
    list_select_related = ["lawyer"]

    def save_model(self, request: HttpRequest, obj: BusinessFeedback, form, change: bool) -> None:
        if "answer" in form.changed_data and obj.answer:
            obj.answered_by = request.user
            obj.answered_at = timezone.now()
        super().save_model(request, obj, form, change)
