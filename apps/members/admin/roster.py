"""Admin for roster changes: member services approve or reject what firms request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.admin_base import HistoryAdmin
from apps.core.exceptions import DomainError

from ..models import RosterChange, RosterChangeStatus
from ..services import roster_change_approve, roster_change_reject


class RejectNoteForm(forms.Form):
    note = forms.CharField(
        label=_("处理意见"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("将通知申请的律所管理员和相关律师。"),
    )


@admin.register(RosterChange)
class RosterChangeAdmin(HistoryAdmin):
    """Decided only by the actions (services apply the change to the roster).

    The history page is an audit trail: every field is read-only here, and a history
    "revert" saves nothing (``save_model``), so a decision is never undone around the
    services.
    """

    list_display = ("created_at", "lawyer", "firm", "kind", "status", "requested_by", "decided_at")
    list_filter = ("status", "kind")
    search_fields = ("lawyer__name", "=lawyer__licence_no", "firm__name")
    list_select_related = ("lawyer", "firm", "requested_by")
    date_hierarchy = "created_at"
    readonly_fields = (
        "firm",
        "lawyer",
        "kind",
        "status",
        "reason",
        "requested_by",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_note",
    )
    actions = ["approve_selected", "reject_selected"]

    # Requests come from the portal and are decided by the actions: never typed in here.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def save_model(self, request: HttpRequest, obj: RosterChange, form: Any, change: bool) -> None:
        if change:
            return  # every field is read-only; decisions go through the actions
        super().save_model(request, obj, form, change)

    def _decide(self, request: HttpRequest, queryset: QuerySet[RosterChange], decide: Any) -> int:
        done = 0
        for change in queryset.select_related("lawyer", "firm"):
            try:
                decide(change)
            except DomainError as exc:
                self.message_user(request, f"{change}：{exc.message}", messages.WARNING)
            except PermissionDenied:
                self.message_user(request, _("您没有处理名册变更申请的权限。"), messages.ERROR)
                return done
            else:
                done += 1
        return done

    @admin.action(description=_("批准所选申请"), permissions=["change"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[RosterChange]) -> None:
        done = self._decide(
            request,
            queryset,
            lambda change: roster_change_approve(change=change, decided_by=request.user),
        )
        self.message_user(
            request,
            ngettext("已批准 %(count)d 项申请。", "已批准 %(count)d 项申请。", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("驳回所选申请"), permissions=["change"])
    def reject_selected(
        self, request: HttpRequest, queryset: QuerySet[RosterChange]
    ) -> HttpResponse | None:
        form = RejectNoteForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            note = form.cleaned_data["note"]
            done = self._decide(
                request,
                queryset,
                lambda change: roster_change_reject(
                    change=change, decided_by=request.user, note=note
                ),
            )
            self.message_user(
                request,
                ngettext("已驳回 %(count)d 项申请。", "已驳回 %(count)d 项申请。", done)
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        # First step (or an empty note): ask for the note every rejection must carry.
        context = {
            **self.admin_site.each_context(request),
            "title": _("驳回所选申请"),
            "opts": self.model._meta,
            "form": form,
            "changes": queryset.select_related("lawyer", "firm"),
            "pending_count": queryset.filter(status=RosterChangeStatus.PENDING).count(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "reject_selected",
        }
        return TemplateResponse(
            request, "admin/members/rosterchange/reject_confirmation.html", context
        )
