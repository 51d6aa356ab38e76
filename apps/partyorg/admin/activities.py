"""Honours, secretary training with attendance, activities with attendance, dues list."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.core.admin_base import HistoryAdmin

from ..models import (
    Activity,
    ActivityAttendance,
    DuesPayment,
    Honor,
    SecretaryTraining,
    TrainingAttendance,
)


@admin.register(Honor)
class HonorAdmin(HistoryAdmin):
    list_display = ("year", "level", "kind", "title", "organization", "member", "awarded_by")
    list_filter = ("level", "kind", "year")
    search_fields = ("title", "organization__name", "member__name")
    autocomplete_fields = ("organization", "member")
    list_select_related = ("organization", "member")


class TrainingAttendanceInline(admin.TabularInline):
    model = TrainingAttendance
    extra = 0
    autocomplete_fields = ("member",)
    fields = ("member", "completed")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("member")


@admin.register(SecretaryTraining)
class SecretaryTrainingAdmin(HistoryAdmin):
    list_display = ("title", "starts_on", "ends_on", "location", "hours")
    search_fields = ("title",)
    date_hierarchy = "starts_on"
    inlines = [TrainingAttendanceInline]


class ActivityAttendanceInline(admin.TabularInline):
    model = ActivityAttendance
    extra = 0
    autocomplete_fields = ("member",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("member")


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ("held_on", "kind", "title", "organization")
    list_filter = ("kind",)
    search_fields = ("title", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
    date_hierarchy = "held_on"
    inlines = [ActivityAttendanceInline]


@admin.register(DuesPayment)
class DuesPaymentAdmin(HistoryAdmin):
    list_display = ("member", "month", "amount", "paid_on")
    search_fields = ("member__name",)
    autocomplete_fields = ("member",)
    list_select_related = ("member",)
    date_hierarchy = "month"
