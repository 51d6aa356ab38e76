from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import XLSX

from apps.core.admin_base import HistoryAdmin
from apps.core.exceptions import DomainError

from .models import (
    District,
    DuesInvoice,
    FirmAdministrator,
    Language,
    LawFirm,
    Lawyer,
    Membership,
    PracticeArea,
)
from .resources import LawFirmResource, LawyerResource
from .selectors import CONTACT_PERMISSION
from .services import (
    dues_invoice_mark_paid,
    firm_administrator_appoint,
    firm_administrator_remove,
    lawyer_account_unlink,
)
from .validators import id_number_mask

PII_FIELDS = ("email", "mobile", "id_number")


class AllOrNothingImportMixin(ImportExportMixin):
    """Import a spreadsheet completely or not at all.

    The preview (dry run) already refuses to offer "confirm" when any row is invalid and
    lists every row's errors. The confirm step re-runs the import; should a row fail
    there (the data changed in between), the whole transaction is rolled back too —
    import-export's default would keep the valid rows.
    """

    formats = [XLSX]

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result: Any, request: HttpRequest) -> HttpResponse:
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _("文件中有无效的行，整个文件均未导入。请修正后重新上传。"),
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "order")
    search_fields = ("name", "name_en", "=code")
    ordering = ("order",)


@admin.register(PracticeArea)
class PracticeAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "order")
    list_editable = ("order",)
    search_fields = ("name", "name_en", "code")
    prepopulated_fields = {"code": ("name_en",)}


class FirmAdministratorInline(admin.TabularInline):
    model = FirmAdministrator
    extra = 0
    autocomplete_fields = ("lawyer",)
    fields = ("lawyer", "appointed_at", "appointed_by")
    readonly_fields = ("appointed_at", "appointed_by")
    verbose_name = _("律所管理员")
    verbose_name_plural = _("律所管理员（须为本所执业律师）")


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
    list_filter = ("status", "firm_type", "district", "charter_includes_party_building")
    search_fields = ("name", "name_en", "=uscc", "=licence_no")
    autocomplete_fields = ("district",)
    list_select_related = ("district",)
    date_hierarchy = "founded"
    readonly_fields = ("created_at", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline, FirmAdministratorInline]
    fieldsets = (
        (None, {"fields": ("name", "name_en", "uscc", "licence_no", "district")}),
        (_("执业"), {"fields": ("firm_type", "status", "founded")}),
        (_("联系方式"), {"fields": ("address", "phone", "email", "website")}),
        (_("党建"), {"fields": ("charter_includes_party_building",)}),
        (_("记录"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[LawFirm]:
        return super().get_queryset(request).annotate(_lawyer_count=Count("lawyers"))

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
        if request.user.has_perm(CONTACT_PERMISSION):
            return fieldsets
        # Staff without the member-services permission never see personal data.
        return [fs for fs in fieldsets if fs[1]["fields"] != PII_FIELDS]

    def get_search_fields(self, request: HttpRequest) -> tuple[str, ...]:
        fields = tuple(super().get_search_fields(request))
        if request.user.has_perm(CONTACT_PERMISSION):
            fields += ("=id_number", "=mobile", "=email")
        return fields

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # Admin lets any local field be filtered from the query string
        # (?id_number__startswith=310…): without the permission that is an oracle for
        # personal data, so filtering on those fields is refused (DisallowedModelAdminLookup).
        if lookup.split("__", 1)[0] in PII_FIELDS and not request.user.has_perm(CONTACT_PERMISSION):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        # The export carries e-mail addresses and mobile numbers.
        return request.user.has_perm(CONTACT_PERMISSION)

    # The audit trail shows old and new values of every field, personal data included.
    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        if not request.user.has_perm(CONTACT_PERMISSION):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> Any:
        if not request.user.has_perm(CONTACT_PERMISSION):
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
            lawyer_account_unlink(lawyer=lawyer)
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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("number", "lawyer", "firm", "member_since", "ended_on")
    list_filter = (("ended_on", admin.EmptyFieldListFilter), ("firm", admin.EmptyFieldListFilter))
    search_fields = ("=number", "lawyer__name", "=lawyer__licence_no", "firm__name")
    autocomplete_fields = ("lawyer", "firm")
    list_select_related = ("lawyer", "firm")
    date_hierarchy = "member_since"


@admin.register(DuesInvoice)
class DuesInvoiceAdmin(ExportMixin, admin.ModelAdmin):
    formats = [XLSX]
    list_display = ("number", "year", "payer", "amount", "due_date", "paid_at")
    list_filter = ("year", ("paid_at", admin.EmptyFieldListFilter))
    search_fields = ("=number", "lawyer__name", "=lawyer__licence_no", "firm__name")
    autocomplete_fields = ("lawyer", "firm")
    list_select_related = ("lawyer", "firm")
    date_hierarchy = "due_date"
    actions = ["mark_paid"]

    @admin.display(description=_("缴费人"))
    def payer(self, obj: DuesInvoice) -> str:
        return str(obj.payer or "—")

    @admin.action(description=_("将所选缴费单标记为已缴"), permissions=["change"])
    def mark_paid(self, request: HttpRequest, queryset: QuerySet[DuesInvoice]) -> None:
        done = 0
        for invoice in queryset.filter(paid_at__isnull=True):
            try:
                dues_invoice_mark_paid(invoice=invoice)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.WARNING)
            else:
                done += 1
        self.message_user(
            request,
            ngettext(
                "已将 %(count)d 张缴费单标记为已缴。",
                "已将 %(count)d 张缴费单标记为已缴。",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


# Roster changes requested by firm administrators live in their own module.
from . import admin_roster  # noqa: E402, F401
