"""The organization tree: drag-and-drop re-parenting through the service, the firms an
organization covers and its committee checked against the hard rules, the registry
health report, import and export (admin views under /admin/partyorg/partyorganization/)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from apps.core.admin_base import HistoryAdmin
from apps.core.exceptions import DomainError
from apps.members.models import LawFirm

from .. import services
from ..models import (
    TERM_YEARS,
    Affiliation,
    CommitteePosition,
    Election,
    FirmLiaison,
    MemberCategory,
    OrgFirm,
    OrgKind,
    PartyOrganization,
    PositionRole,
)
from ..selectors import activity_compliance
from ..services import rules
from . import views


class PartyOrganizationForm(forms.ModelForm):
    covered_firms = forms.ModelMultipleChoiceField(
        label=_("覆盖律所"),
        queryset=LawFirm.objects.all(),
        required=False,
        help_text=_("律所自建组织选一家；联合党支部选两家以上；下设支部、党小组不选。"),
    )

    class Meta:
        model = PartyOrganization
        fields = (
            "name",
            "kind",
            "parent",
            "founded",
            "term_start",
            "term_planned_end",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["covered_firms"].initial = list(
                self.instance.firm_links.values_list("firm_id", flat=True)
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, parent = data.get("kind"), data.get("parent")
        if not kind:
            return data
        firms = list(data.get("covered_firms") or [])
        if data.get("term_start") and not data.get("term_planned_end") and kind in TERM_YEARS:
            # The planned end defaults to the statutory term (3 or 5 years).
            data["term_planned_end"] = rules.term_planned_end(kind=kind, start=data["term_start"])
        try:
            services.organization_check(
                org=self.instance if self.instance.pk else None,
                kind=kind,
                parent=parent,
                firms=firms,
                term_start=data.get("term_start"),
                term_planned_end=data.get("term_planned_end"),
            )
        except DomainError as exc:
            raise ValidationError(exc.message) from exc
        return data


class CommitteeFormSet(forms.BaseInlineFormSet):
    """Checks the committee the organization would have against rules.check_committee."""

    def clean(self) -> None:
        super().clean()
        org = self.instance
        if not org.pk or any(self.errors):
            return
        roles = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or data.get("ended_on"):
                continue
            member = data.get("member")
            if member is not None and not services.member_in_organization(member=member, org=org):
                raise ValidationError(_("%(name)s不是本组织的党员。") % {"name": member.name})
            if (
                member is not None
                and data.get("role") in (PositionRole.SECRETARY, PositionRole.DEPUTY)
                and member.category != MemberCategory.FULL
            ):
                raise ValidationError(_("书记、副书记须由正式党员担任。"))
            roles.append(data.get("role"))
        try:
            rules.check_committee(
                kind=org.kind,
                full_members=services.organization_full_members(org),
                roles=roles,
            )
        except DomainError as exc:
            raise ValidationError(exc.message) from exc


class CommitteePositionInline(admin.TabularInline):
    model = CommitteePosition
    formset = CommitteeFormSet
    extra = 0
    autocomplete_fields = ("member",)
    fields = ("role", "member", "started_on", "ended_on")
    verbose_name_plural = _("委员会（离任请填离任日期，不要删除）")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("member")


class ElectionInline(admin.TabularInline):
    model = Election
    extra = 0
    can_delete = False
    fields = ("held_on", "seats", "candidates", "electorate", "voters", "term_planned_end")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(DraggableMPTTAdmin, HistoryAdmin):
    form = PartyOrganizationForm
    list_display = (
        "tree_actions",
        "indented_title",
        "kind",
        "status",
        "member_count",
        "term_planned_end",
    )
    list_display_links = ("indented_title",)
    list_filter = ("kind", "status")
    search_fields = ("name",)
    autocomplete_fields = ("parent", "successor")
    list_per_page = 200
    mptt_level_indent = 16
    readonly_fields = (
        "status",
        "status_date",
        "successor",
        "compliance",
        "created_at",
        "updated_at",
    )
    inlines = [CommitteePositionInline, ElectionInline]
    fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "covered_firms", "founded")}),
        (_("任期"), {"fields": ("term_start", "term_planned_end")}),
        (_("状态"), {"fields": ("status", "status_date", "successor")}),
        (_("组织生活（近12个月）"), {"fields": ("compliance",)}),
        (_("记录"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    change_list_template = "admin/partyorg/partyorganization/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[PartyOrganization]:
        return (
            super()
            .get_queryset(request)
            # A correlated count, evaluated for the page's rows only (a JOIN + GROUP BY
            # would aggregate every organization before the page is cut).
            .annotate(
                n_members=Coalesce(
                    Subquery(
                        Affiliation.objects.filter(
                            organization=OuterRef("pk"), ended_on__isnull=True
                        )
                        .order_by()
                        .values("organization")
                        .annotate(n=Count("pk"))
                        .values("n")
                    ),
                    0,
                )
            )
        )

    @admin.display(description=_("党员"), ordering="n_members")
    def member_count(self, obj: PartyOrganization) -> int:
        return obj.n_members

    @admin.display(description=_("活动执行情况"))
    def compliance(self, obj: PartyOrganization) -> str:
        if not obj.pk:
            return "—"
        rows = activity_compliance(obj, today=timezone.localdate())
        return format_html_join(
            "",
            "<div>{}：{} / {} {}</div>",
            ((row.label, row.held, row.expected, "✓" if row.ok else _("（不足）")) for row in rows),
        )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return [
                fs
                for fs in fieldsets
                if fs[0] not in (_("状态"), _("组织生活（近12个月）"), _("记录"))
            ]
        return fieldsets

    def get_inlines(self, request: HttpRequest, obj: Any) -> list:
        return self.inlines if obj is not None else []

    @transaction.atomic
    def save_model(
        self, request: HttpRequest, obj: PartyOrganization, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        firms = list(data.get("covered_firms") or [])
        if change:
            saved = services.organization_update(
                actor=request.user,
                org=obj,
                firms=firms,
                **{key: data[key] for key in form.Meta.fields if key in data},
            )
        else:
            saved = services.organization_create(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                parent=data.get("parent"),
                founded=data["founded"],
                firms=firms,
                term_start=data.get("term_start"),
                term_planned_end=data.get("term_planned_end"),
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # covered_firms is saved by the service; only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # organizations are merged or dissolved, never deleted

    @transaction.atomic
    def _move_node(self, request: HttpRequest) -> HttpResponse:
        """Drag-and-drop: the new parent is checked by the same service as a form save."""
        position = request.POST.get("position")
        queryset = self.get_queryset(request)
        try:
            cut = queryset.get(pk=request.POST.get("cut_item"))
            pasted_on = queryset.get(pk=request.POST.get("pasted_on"))
        except (PartyOrganization.DoesNotExist, TypeError, ValueError):
            self.message_user(request, _("组织不存在，请刷新后重试。"), level=messages.ERROR)
            return HttpResponse("FAIL, invalid objects.", status=400)
        if position not in ("last-child", "left", "right"):
            return HttpResponse("FAIL, unknown instruction.", status=400)
        if not self.has_change_permission(request, cut):
            return HttpResponse("FAIL, no permission.", status=403)
        parent = pasted_on if position == "last-child" else pasted_on.parent
        if parent is None:
            self.message_user(request, _("不能移到顶层。"), level=messages.ERROR)
            return HttpResponse("FAIL, invalid move.", status=400)
        try:
            services.organization_move(actor=request.user, org=cut, parent=parent)
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return HttpResponse("FAIL, invalid move.", status=400)
        self.message_user(
            request, _("已将%(org)s移到%(parent)s之下。") % {"org": cut, "parent": parent}
        )
        return HttpResponse("OK, moved.")

    def get_urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("health/", wrap(views.registry_health), name="partyorg_health"),
            path("import/", wrap(views.registry_import), name="partyorg_import"),
            path("export/", wrap(views.registry_export), name="partyorg_export"),
            path("<int:pk>/roster.xlsx", wrap(views.roster_export), name="partyorg_roster_export"),
            path("close/<int:pk>/", wrap(views.organization_close), name="partyorg_close"),
            *super().get_urls(),
        ]


@admin.register(FirmLiaison)
class FirmLiaisonAdmin(HistoryAdmin):
    list_display = ("firm", "role", "name", "appointed_on", "ended_on")
    list_filter = ("role",)
    search_fields = ("firm__name", "name")
    autocomplete_fields = ("firm",)
    list_select_related = ("firm",)


class ElectionForm(forms.ModelForm):
    class Meta:
        model = Election
        fields = ("organization", "held_on", "seats", "candidates", "electorate", "voters")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            rules.check_election(
                seats=data.get("seats") or 0,
                candidates=data.get("candidates") or 0,
                electorate=data.get("electorate") or 0,
                voters=data.get("voters") or 0,
            )
        except DomainError as exc:
            raise ValidationError(exc.message) from exc
        return data


@admin.register(Election)
class ElectionAdmin(HistoryAdmin):
    form = ElectionForm
    list_display = (
        "organization",
        "held_on",
        "seats",
        "candidates",
        "electorate",
        "voters",
        "term_planned_end",
    )
    search_fields = ("organization__name",)
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
    date_hierarchy = "held_on"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return (
            ("organization", "held_on", "seats", "candidates", "electorate", "voters")
            if obj
            else ()
        )

    def save_model(self, request: HttpRequest, obj: Election, form: Any, change: bool) -> None:
        if change:
            return  # an election record is not edited afterwards
        data = form.cleaned_data
        try:
            saved = services.election_record(
                actor=request.user,
                org=data["organization"],
                held_on=data["held_on"],
                seats=data["seats"],
                candidates=data["candidates"],
                electorate=data["electorate"],
                voters=data["voters"],
            )
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            raise
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


__all__ = ["OrgFirm", "OrgKind"]
