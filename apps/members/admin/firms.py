"""Law firms, with their group membership and administrators inline."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import HistoryAdmin
from apps.core.exceptions import DomainError

from ..models import FirmAdministrator, FirmBranch, LawFirm, Membership
from ..resources import LawFirmResource
from ..services import firm_administrator_appoint, firm_administrator_remove
from .imports import AllOrNothingImportMixin


class FirmAdministratorInline(admin.TabularInline):
    model = FirmAdministrator
    extra = 0
    autocomplete_fields = ("lawyer",)
    fields = ("lawyer", "appointed_at", "appointed_by")
    readonly_fields = ("appointed_at", "appointed_by")
    verbose_name = _("律所管理员")
    verbose_name_plural = _("律所管理员（须为本所执业律师）")


class FirmBranchInline(admin.TabularInline):
    model = FirmBranch
    extra = 0
    fields = ("name", "name_en", "city", "address", "phone", "established", "is_listed")
    verbose_name = _("外地分所")
    verbose_name_plural = _("外地分所（本所在其他城市设立的分所）")


class MembershipInline(admin.StackedInline):
    model = Membership
    fk_name = "firm"
    extra = 0
    max_num = 1
    fields = ("number", "member_since", "ended_on")


@admin.register(LawFirm)
class LawFirmAdmin(AllOrNothingImportMixin, HistoryAdmin):
    resource_classes = [LawFirmResource]
    list_display = (
        "name",
        "uscc",
        "district",
        "firm_type",
        "status",
        "founded",
        "lawyer_count",
        "charter_includes_party_building",
    )
    list_filter = (
        "status",
        "firm_type",
        "district",
        ("head_office", admin.EmptyFieldListFilter),
        "charter_includes_party_building",
    )
    search_fields = ("name", "name_en", "=uscc", "=licence_no")
    autocomplete_fields = ("district", "head_office")
    list_select_related = ("district",)
    date_hierarchy = "founded"
    readonly_fields = ("branch_list", "created_at", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline, FirmAdministratorInline, FirmBranchInline]
    fieldsets = (
        (None, {"fields": ("name", "name_en", "uscc", "licence_no", "district")}),
        (_("执业"), {"fields": ("firm_type", "status", "founded")}),
        (_("总所与分所"), {"fields": ("head_office", "head_office_elsewhere", "branch_list")}),
        (_("联系方式"), {"fields": ("address", "phone", "email", "website")}),
        (_("党建"), {"fields": ("charter_includes_party_building",)}),
        (_("记录"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[LawFirm]:
        return super().get_queryset(request).annotate(_lawyer_count=Count("lawyers"))

    @admin.display(description=_("本市分所"))
    def branch_list(self, obj: LawFirm) -> str:
        if obj.pk is None:
            return "—"
        return "、".join(obj.branches.order_by("name").values_list("name", flat=True)) or "—"

    @admin.display(description=_("律师人数"), ordering="_lawyer_count")
    def lawyer_count(self, obj: LawFirm) -> int:
        return obj._lawyer_count  # type: ignore[attr-defined]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Administrators are appointed and removed through the services (notification)."""
        if formset.model is not FirmAdministrator:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for removed in formset.deleted_objects:
            firm_administrator_remove(firm=removed.firm, lawyer=removed.lawyer)
        for admin_row in instances:
            if admin_row.pk is None:
                try:
                    firm_administrator_appoint(
                        firm=form.instance, lawyer=admin_row.lawyer, appointed_by=request.user
                    )
                except DomainError as exc:
                    self.message_user(request, exc.message, messages.ERROR)
            else:
                admin_row.save()  # validated by the inline form (lawyer must be of the firm)
        return None
