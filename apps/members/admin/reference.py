"""Reference lists: Shanghai's districts and the practice areas."""

from __future__ import annotations

from django.contrib import admin

from apps.core.admin_base import BaseAdmin

from ..models import District, PracticeArea


@admin.register(District)
class DistrictAdmin(BaseAdmin):
    list_display = ("name", "name_en", "code", "order")
    search_fields = ("name", "name_en", "=code")
    ordering = ("order",)


@admin.register(PracticeArea)
class PracticeAreaAdmin(BaseAdmin):
    list_display = ("name", "name_en", "code", "order")
    list_editable = ("order",)
    search_fields = ("name", "name_en", "code")
    prepopulated_fields = {"code": ("name_en",)}
