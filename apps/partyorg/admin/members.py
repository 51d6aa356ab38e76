"""Party members (the roster), their affiliations, transfers and dues.

New members and transfers go through the services, which keep "one organization at a
time"; affiliations are a read-only record of who was where and when."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.admin_base import BaseAdmin, HistoryAdmin
from apps.core.exceptions import DomainError

from .. import services
from ..models import (
    Affiliation,
    DuesPayment,
    MemberCategory,
    MembershipTransfer,
    PartyMember,
    PartyOrganization,
    RosterAccessLog,
)
from ..services import rules


class ProbationOverdueFilter(admin.SimpleListFilter):
    title = _("预备期")
    parameter_name = "probation"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("overdue", _("已满未转正")), ("running", _("预备期内"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(category=MemberCategory.PROBATIONARY, probation_due__lt=today)
        if self.value() == "running":
            return queryset.filter(category=MemberCategory.PROBATIONARY, probation_due__gte=today)
        return queryset


class PartyMemberAddForm(forms.ModelForm):
    organization = forms.ModelChoiceField(
        label=_("所属党组织"), queryset=PartyOrganization.objects.active()
    )
    joined_on = forms.DateField(label=_("转入日期"))
    from_outside = forms.CharField(label=_("转入来源"), max_length=120, required=False)

    class Meta:
        model = PartyMember
        fields = (
            "lawyer",
            "name",
            "staff_firm",
            "category",
            "joined_party_on",
            "monthly_income",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("lawyer") and not (data.get("name") and data.get("staff_firm")):
            raise ValidationError(_("请选择律师，或填写非律师党员的姓名和所在律所。"))
        if data.get("organization"):
            try:
                services.member_register_check(
                    organization=data["organization"],
                    lawyer=data.get("lawyer"),
                    name=data.get("name") or "",
                    staff_firm=data.get("staff_firm"),
                )
            except DomainError as exc:
                raise ValidationError(exc.message) from exc
        return data

    def _post_clean(self) -> None:
        # The instance is built by the service; skip the model's own checks on it here
        # (a probationary member's due date is set by member_register).
        pass


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    can_delete = False
    fields = ("organization", "started_on", "ended_on")
    readonly_fields = fields
    verbose_name_plural = _("组织关系记录（通过“组织关系转接”变更）")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("organization")


class DuesInline(admin.TabularInline):
    model = DuesPayment
    extra = 0
    fields = ("month", "amount", "paid_on")
    ordering = ("-month",)
    max_num = 240


@admin.register(PartyMember)
class PartyMemberAdmin(HistoryAdmin):
    list_display = (
        "name",
        "lawyer_licence",
        "firm_name",
        "category",
        "current_organization",
        "joined_party_on",
        "probation_due",
        "monthly_dues",
    )
    list_filter = ("category", ProbationOverdueFilter)
    search_fields = ("name", "=lawyer__licence_no")
    autocomplete_fields = ("lawyer", "staff_firm")
    list_select_related = ("lawyer", "lawyer__firm", "staff_firm")
    readonly_fields = ("created_at", "updated_at")
    inlines = [AffiliationInline, DuesInline]
    actions = ["make_full", "extend_probation"]
    fields = (
        "lawyer",
        "name",
        "staff_firm",
        "category",
        "joined_party_on",
        "probation_due",
        "probation_extended",
        "full_member_on",
        "monthly_income",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[PartyMember]:
        current = Affiliation.objects.filter(member=OuterRef("pk"), ended_on__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(org_name=Subquery(current.values("organization__name")[:1]))
        )

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = PartyMemberAddForm
            kwargs["fields"] = None
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return (
                "organization",
                "joined_on",
                "from_outside",
                "lawyer",
                "name",
                "staff_firm",
                "category",
                "joined_party_on",
                "monthly_income",
            )
        return self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        # Category and probation change through the probation actions' rules.
        return (*self.readonly_fields, "lawyer", "category", "probation_due", "probation_extended")

    def get_inlines(self, request: HttpRequest, obj: Any) -> list:
        return self.inlines if obj is not None else []

    # Every staff view of members' personal data is logged (who, when, what).
    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        response = super().changelist_view(request, extra_context)
        _log_list(request, response)
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            member = self.get_object(request, object_id)
            services.roster_access_log(user=request.user, action="view", member=member)
        return response

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            member = self.get_object(request, object_id)
            services.roster_access_log(user=request.user, action="history", member=member)
        return response

    def save_model(self, request: HttpRequest, obj: PartyMember, form: Any, change: bool) -> None:
        if change:
            obj.full_clean()
            obj.save()
            return
        data = form.cleaned_data
        saved = services.member_register(
            actor=request.user,
            organization=data["organization"],
            joined_on=data["joined_on"],
            joined_party_on=data["joined_party_on"],
            category=data["category"],
            lawyer=data.get("lawyer"),
            name=data.get("name") or "",
            staff_firm=data.get("staff_firm"),
            monthly_income=data.get("monthly_income") or 0,
            from_outside=data.get("from_outside") or "",
        )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a member leaves by transfer, the record stays

    def _each(self, request: HttpRequest, queryset: QuerySet, call: Any) -> None:
        done = 0
        for member in queryset.filter(category=MemberCategory.PROBATIONARY):
            try:
                call(member)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{member.name}：{exc.message}", level=messages.ERROR)
        self.message_user(request, _("已处理%(n)s名预备党员。") % {"n": done})

    @admin.action(description=_("按期转为正式党员（今日）"), permissions=["change"])
    def make_full(self, request: HttpRequest, queryset: QuerySet[PartyMember]) -> None:
        today = timezone.localdate()
        self._each(
            request,
            queryset,
            lambda m: services.member_make_full(actor=request.user, member=m, on=today),
        )

    @admin.action(description=_("延长预备期六个月"), permissions=["change"])
    def extend_probation(self, request: HttpRequest, queryset: QuerySet[PartyMember]) -> None:
        self._each(
            request,
            queryset,
            lambda m: services.probation_extend(
                actor=request.user, member=m, new_due=m.probation_due + rules.PROBATION_EXTENSION[0]
            ),
        )

    @admin.display(description=_("执业证号"))
    def lawyer_licence(self, obj: PartyMember) -> str:
        return obj.lawyer.licence_no if obj.lawyer_id else "—"

    @admin.display(description=_("所在律所"))
    def firm_name(self, obj: PartyMember) -> str:
        firm = obj.lawyer.firm if obj.lawyer_id else obj.staff_firm
        return firm.name if firm else "—"

    @admin.display(description=_("所属党组织"))
    def current_organization(self, obj: PartyMember) -> str:
        return obj.org_name or _("（已转出）")

    @admin.display(description=_("月应交党费"))
    def monthly_dues(self, obj: PartyMember) -> str:
        return f"¥{rules.dues_monthly(obj.monthly_income)}"


class TransferForm(forms.ModelForm):
    class Meta:
        model = MembershipTransfer
        fields = ("member", "transferred_on", "to_organization", "outside_party", "letter_no")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("to_organization") and not data.get("outside_party"):
            raise ValidationError(_("请选择转入的行业内组织，或填写行业外接收组织。"))
        if data.get("member") and data.get("transferred_on"):
            try:
                services.member_transfer_check(
                    member=data["member"],
                    on=data["transferred_on"],
                    to=data.get("to_organization"),
                    outside_party=data.get("outside_party") or "",
                )
            except DomainError as exc:
                raise ValidationError(exc.message) from exc
        return data

    def _post_clean(self) -> None:
        pass  # kind and from_organization are filled in by member_transfer


@admin.register(MembershipTransfer)
class MembershipTransferAdmin(HistoryAdmin):
    form = TransferForm
    list_display = (
        "member",
        "kind",
        "transferred_on",
        "from_organization",
        "to_organization",
        "outside_party",
    )
    list_filter = ("kind",)
    search_fields = ("member__name", "=letter_no")
    autocomplete_fields = ("member", "to_organization")
    list_select_related = ("member", "from_organization", "to_organization")
    date_hierarchy = "transferred_on"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return (
                "member",
                "kind",
                "transferred_on",
                "from_organization",
                "to_organization",
                "outside_party",
                "letter_no",
            )
        return ()

    def save_model(
        self, request: HttpRequest, obj: MembershipTransfer, form: Any, change: bool
    ) -> None:
        if change:
            return  # a transfer record is not edited afterwards
        data = form.cleaned_data
        saved = services.member_transfer(
            actor=request.user,
            member=data["member"],
            on=data["transferred_on"],
            to=data.get("to_organization"),
            outside_party=data.get("outside_party") or "",
            letter_no=data.get("letter_no") or "",
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _log_list(request: HttpRequest, response: Any) -> None:
    """A roster list was shown (not a redirect, not an action's file)."""
    if request.method == "GET" and response.status_code == 200:
        services.roster_access_log(user=request.user, action="list", detail=request.GET.urlencode())


@admin.register(Affiliation)
class AffiliationAdmin(HistoryAdmin):
    """The roster as a list: who belongs where (filter "current"), read-only."""

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        response = super().changelist_view(request, extra_context)
        _log_list(request, response)
        return response

    list_display = ("member", "organization", "started_on", "ended_on")
    list_filter = (("ended_on", admin.EmptyFieldListFilter),)
    search_fields = ("member__name", "organization__name")
    list_select_related = ("member", "organization")
    date_hierarchy = "started_on"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RosterAccessLog)
class RosterAccessLogAdmin(BaseAdmin):
    """Who looked at the roster's personal data, and when: read-only, append-only."""

    list_display = ("at", "user", "action", "member", "organization", "detail")
    list_filter = ("action",)
    list_select_related = ("user", "member", "organization")
    date_hierarchy = "at"
    ordering = ("-at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
