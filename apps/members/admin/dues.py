"""Memberships and dues invoices."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from import_export.formats.base_formats import XLSX

from apps.core.admin_base import BaseAdmin
from apps.core.exceptions import DomainError

from ..models import DuesInvoice, Membership
from ..resources import DuesInvoiceResource
from ..services import dues_invoice_mark_paid


@admin.register(Membership)
class MembershipAdmin(BaseAdmin):
    list_display = ("number", "lawyer", "firm", "member_since", "ended_on")
    list_filter = (("ended_on", admin.EmptyFieldListFilter), ("firm", admin.EmptyFieldListFilter))
    search_fields = ("=number", "lawyer__name", "=lawyer__licence_no", "firm__name")
    autocomplete_fields = ("lawyer", "firm")
    list_select_related = ("lawyer", "firm")
    date_hierarchy = "member_since"


@admin.register(DuesInvoice)
class DuesInvoiceAdmin(ExportMixin, BaseAdmin):
    formats = [XLSX]
    resource_classes = [DuesInvoiceResource]
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
                dues_invoice_mark_paid(invoice=invoice, actor=request.user)
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
