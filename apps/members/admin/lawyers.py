"""Lawyers: personal data only for member services (permissions.can_view_contacts)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.admin_base import HistoryAdmin

from ..models import Language, Lawyer
from ..permissions import can_view_contacts
from ..resources import LawyerResource
from ..services import lawyer_account_unlink
from ..validators import id_number_mask
from .firms import MembershipInline
from .imports import AllOrNothingImportMixin

PII_FIELDS = ("email", "mobile", "id_number")


class LawyerMembershipInline(MembershipInline):
    fk_name = "lawyer"


@admin.register(Lawyer)
class LawyerAdmin(AllOrNothingImportMixin, HistoryAdmin):
    resource_classes = [LawyerResource]
    list_display = (
        "name",
        "licence_no",
        "firm",
        "status",
        "category",
        "gender",
        "first_licensed",
        "masked_id_number",
        "has_account",
    )
    list_filter = ("status", "category", "gender", "firm__district", "practice_areas")
    search_fields = ("name", "=licence_no", "firm__name")
    autocomplete_fields = ("firm", "practice_areas")
    list_select_related = ("firm",)
    readonly_fields = ("user", "created_at", "updated_at")
    date_hierarchy = "first_licensed"
    inlines = [LawyerMembershipInline]
    actions = ["unlink_account"]
    fieldsets = (
        (None, {"fields": ("name", "gender", "licence_no", "category", "status")}),
        (_("执业"), {"fields": ("firm", "first_licensed", "practice_areas", "languages")}),
        (_("联系方式与身份（个人信息）"), {"fields": PII_FIELDS}),
        (_("门户账户"), {"fields": ("user",)}),
        (_("记录"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "languages":
            return forms.TypedMultipleChoiceField(
                choices=Language.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=db_field.verbose_name,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Lawyer | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if can_view_contacts(request.user):
            return fieldsets
        # Staff without the member-services permission never see personal data.
        return [fs for fs in fieldsets if fs[1]["fields"] != PII_FIELDS]

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        fields = tuple(super().get_search_fields(request))
        if can_view_contacts(request.user):
            fields += ("=id_number", "=mobile", "=email")
        return fields

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # Admin lets any local field be filtered from the query string
        # (?id_number__startswith=310…): without the permission that is an oracle for
        # personal data, so filtering on those fields is refused (DisallowedModelAdminLookup).
        if lookup.split("__", 1)[0] in PII_FIELDS and not can_view_contacts(request.user):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        # The export carries e-mail addresses and mobile numbers.
        return can_view_contacts(request.user)

    # The audit trail shows old and new values of every field, personal data included.
    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        if not can_view_contacts(request.user):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        if not can_view_contacts(request.user):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("身份证号码"))
    def masked_id_number(self, obj: Lawyer) -> str:
        return id_number_mask(obj.id_number) or "—"

    @admin.display(description=_("已开通门户"), boolean=True)
    def has_account(self, obj: Lawyer) -> bool:
        return obj.user_id is not None

    @admin.action(description=_("解除所选律师的门户账户关联"), permissions=["change"])
    def unlink_account(self, request: HttpRequest, queryset: QuerySet[Lawyer]) -> None:
        count = 0
        for lawyer in queryset.filter(user__isnull=False):
            lawyer_account_unlink(lawyer=lawyer, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "已解除 %(count)d 名律师的账户关联。",
                "已解除 %(count)d 名律师的账户关联。",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
