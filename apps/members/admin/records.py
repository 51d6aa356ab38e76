"""Annual reviews (年度考核) and honours (荣誉): kept by member services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import HistoryAdmin

from ..models import AnnualReview, Honour


@admin.register(AnnualReview)
class AnnualReviewAdmin(HistoryAdmin):
    list_display = ("lawyer", "year", "result", "decided_on")
    list_filter = ("year", "result")
    search_fields = ("lawyer__name", "=lawyer__licence_no")
    autocomplete_fields = ("lawyer",)
    list_select_related = ("lawyer",)
    date_hierarchy = "decided_on"
    fieldsets = (
        (None, {"fields": ("lawyer", "year", "result", "decided_on")}),
        (_("内部"), {"fields": ("note",)}),
    )


@admin.register(Honour)
class HonourAdmin(HistoryAdmin):
    list_display = ("title", "lawyer", "awarded_by", "year", "awarded_on", "is_public")
    list_filter = ("year", "is_public", "awarded_by")
    search_fields = ("title", "lawyer__name", "=lawyer__licence_no", "awarded_by")
    autocomplete_fields = ("lawyer",)
    list_select_related = ("lawyer",)
    fields = ("lawyer", "title", "title_en", "awarded_by", "year", "awarded_on", "is_public")
