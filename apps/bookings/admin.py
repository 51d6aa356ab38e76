"""Staff back office for detainee-visit booking (member services)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.admin_base import BaseAdmin
from apps.core.exceptions import DomainError
from apps.core.pii import PersonalDataAdminMixin, mask_name

from . import services
from .models import Booking, BookingStatus, Facility, Room, Slot


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Facility)
class FacilityAdmin(BaseAdmin):
    list_display = ("name", "district", "phone", "active")
    list_filter = ("active", "district")
    search_fields = ("name", "address")
    inlines = [RoomInline]


@admin.register(Slot)
class SlotAdmin(BaseAdmin):
    list_display = ("room", "date", "half", "capacity", "booked_count")
    list_filter = ("half", "room__facility")
    date_hierarchy = "date"
    readonly_fields = ("booked_count",)
    list_select_related = ("room__facility",)


@admin.register(Booking)
class BookingAdmin(PersonalDataAdminMixin, BaseAdmin):
    """Read-only rows; a cancellation goes through the service (frees the place).

    The detainee's and the client's names are in clear only for the staff who handle
    bookings (change permission); masked for anyone else, in the list and the export."""

    personal_fields = {"detainee_name": mask_name, "client_name": mask_name}
    list_display = (
        "facility",
        "date",
        "half",
        "lawyer",
        "detainee_name",
        "client_name",
        "status",
        "created_at",
    )
    export_fields = (
        "facility",
        "date",
        "half",
        "lawyer",
        "detainee_name",
        "client_name",
        "case_reference",
        "status",
    )
    list_filter = ("status", "half", "facility")
    search_fields = ("lawyer__name", "case_reference")
    date_hierarchy = "date"
    list_select_related = ("facility", "lawyer")
    readonly_fields = (
        "slot",
        "lawyer",
        "facility",
        "date",
        "half",
        "detainee_name",
        "client_name",
        "case_reference",
        "status",
        "created_at",
        "confirmed_at",
        "cancelled_at",
    )
    exclude = ("link_nonce",)
    actions = ["cancel_selected", "export_csv"]

    @admin.action(description=gettext_lazy("取消所选预约"), permissions=["change"])
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Booking]) -> None:
        done = 0
        for booking in queryset.exclude(status=BookingStatus.CANCELLED):
            try:
                services.booking_cancel(booking=booking)
            except DomainError as exc:
                self.message_user(request, f"{booking}: {exc.message}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("已取消 %(n)s 条预约。") % {"n": done})
