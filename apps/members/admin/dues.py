"""Memberships and dues invoices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from import_export.formats.base_formats import XLSX

from apps.core.admin_base import BaseAdmin, HistoryAdmin
from apps.core.exceptions import DomainError

from ..models import DuesInvoice, DuesIssueRun, DuesPayment, DuesScale, Membership
from ..resources import DuesInvoiceResource, DuesPaymentResource
from ..services import (
    dues_invoice_mark_paid,
    dues_invoice_paid_total,
    dues_issue_run_start,
    dues_payment_record,
)


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = (
        "number",
        "lawyer",
        "firm",
        "member_since",
        "ended_on",
        "rights_suspended_until",
    )
    list_filter = (
        ("ended_on", admin.EmptyFieldListFilter),
        ("rights_suspended_until", admin.EmptyFieldListFilter),
        ("firm", admin.EmptyFieldListFilter),
    )
    # Set by disciplinary decisions (complaints) and lifted by a review's new decision.
    readonly_fields = ("rights_suspended_from", "rights_suspended_until", "sanction_source")
    search_fields = ("=number", "lawyer__name", "=lawyer__licence_no", "firm__name")
    autocomplete_fields = ("lawyer", "firm")
    list_select_related = ("lawyer", "firm")
    date_hierarchy = "member_since"


@admin.register(DuesInvoice)
class DuesInvoiceAdmin(ExportMixin, HistoryAdmin):
    formats = [XLSX]
    resource_classes = [DuesInvoiceResource]
    list_display = ("number", "year", "payer", "amount", "basis", "due_date", "paid_at")
    list_filter = ("year", ("paid_at", admin.EmptyFieldListFilter))
    search_fields = ("=number", "lawyer__name", "=lawyer__licence_no", "firm__name")
    autocomplete_fields = ("lawyer", "firm")
    list_select_related = ("lawyer", "firm")
    date_hierarchy = "due_date"
    actions = ["mark_paid"]

    @admin.display(description=_("缴费人"))
    def payer(self, obj: DuesInvoice) -> str:
        return str(obj.payer or "—")

    @admin.action(
        description=_("将所选缴费单按尚欠金额登记为已缴（银行转账）"), permissions=["change"]
    )
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


@admin.register(DuesScale)
class DuesScaleAdmin(HistoryAdmin):
    list_display = ("fee_year", "payer_kind", "lawyer_category", "firm_min_lawyers", "amount")
    list_filter = ("fee_year", "payer_kind")
    ordering = ("-fee_year", "payer_kind", "lawyer_category", "firm_min_lawyers")


class DuesPaymentForm(forms.ModelForm):
    class Meta:
        model = DuesPayment
        fields = ("invoice", "amount", "method", "reference", "paid_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        invoice, amount = data.get("invoice"), data.get("amount")
        if invoice is not None and amount is not None:
            outstanding = invoice.amount - dues_invoice_paid_total(invoice)
            if invoice.paid_at is not None or outstanding <= 0:
                raise forms.ValidationError(_("该缴费单已缴清。"))
            if amount > outstanding:
                raise forms.ValidationError(
                    _("缴费金额超过尚欠金额 %(outstanding)s 元。") % {"outstanding": outstanding}
                )
        return data


@admin.register(DuesPayment)
class DuesPaymentAdmin(ExportMixin, HistoryAdmin):
    """Payments are added through ``dues_payment_record`` (who, when) and never edited.

    The history page is an audit trail only: a "revert" saves nothing (``save_model``
    ignores every change), so a ledger row cannot be rewritten from its history either.
    """

    form = DuesPaymentForm
    formats = [XLSX]
    resource_classes = [DuesPaymentResource]
    list_display = (
        "number",
        "invoice",
        "amount",
        "method",
        "reference",
        "paid_on",
        "recorded_by",
        "recorded_at",
    )
    list_filter = ("method", "invoice__year", "paid_on")
    search_fields = ("=number", "=invoice__number", "=reference", "invoice__lawyer__name")
    autocomplete_fields = ("invoice",)
    list_select_related = ("invoice", "recorded_by")
    date_hierarchy = "paid_on"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return (
                "invoice",
                "number",
                "amount",
                "method",
                "reference",
                "paid_on",
                "recorded_by",
                "recorded_at",
            )
        return ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("invoice", "amount", "method", "reference", "paid_on")
        return self.get_readonly_fields(request, obj)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def save_model(self, request: HttpRequest, obj: DuesPayment, form: Any, change: bool) -> None:
        if change:
            return  # a ledger: nothing to change, not even by a history revert
        payment = dues_payment_record(
            invoice=obj.invoice,
            amount=obj.amount,
            method=obj.method,
            reference=obj.reference,
            paid_on=obj.paid_on,
            actor=request.user,
        )
        obj.pk = payment.pk
        obj.number = payment.number

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        try:
            return super().add_view(request, form_url, extra_context)
        except DomainError as exc:
            # Lost a race with another clerk (validated above, refused under the lock).
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class DuesIssueRunForm(forms.ModelForm):
    due_date = forms.DateField(
        label=_("缴费截止日"),
        required=False,
        help_text=_("留空则为该会费年度的 9 月 30 日。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = DuesIssueRun
        fields = ("fee_year",)
        help_texts = {
            "fee_year": _(
                "会费年度以开始年份表示：2026 即 2026 年 7 月 1 日至 2027 年 6 月 30 日。"
            )
        }


@admin.register(DuesIssueRun)
class DuesIssueRunAdmin(BaseAdmin):
    """Staff start a fee year's run here; its page refreshes itself until the run is done."""

    form = DuesIssueRunForm
    change_form_template = "admin/members/duesissuerun/change_form.html"
    list_display = (
        "fee_year",
        "status",
        "progress",
        "issued",
        "skipped",
        "requested_by",
        "created_at",
    )
    list_filter = ("status", "fee_year")
    list_select_related = ("requested_by",)
    readonly = (
        "fee_year",
        "due_date",
        "status",
        "progress",
        "total",
        "issued",
        "skipped",
        "error",
        "requested_by",
        "created_at",
        "finished_at",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly if obj is not None else ("fee_year", "due_date")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: DuesIssueRun, form: Any, change: bool) -> None:
        if change:
            return
        run = dues_issue_run_start(
            fee_year=obj.fee_year, due_date=form.cleaned_data.get("due_date"), actor=request.user
        )
        obj.pk = run.pk

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        try:
            return super().add_view(request, form_url, extra_context)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
