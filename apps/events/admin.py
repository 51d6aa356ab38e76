"""Staff back office for events, clubs and contests (member services)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.admin_base import BaseAdmin
from apps.core.exceptions import DomainError

from . import services
from .models import (
    Club,
    ClubMembership,
    Contest,
    ContestCategory,
    Entry,
    Event,
    EventOption,
    Registration,
    RegistrationStatus,
    Vote,
)


@admin.register(Club)
class ClubAdmin(BaseAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ClubMembership)
class ClubMembershipAdmin(BaseAdmin):
    list_display = ("club", "lawyer", "joined_at")
    list_filter = ("club",)
    search_fields = ("lawyer__name",)
    autocomplete_fields = ("lawyer",)
    list_select_related = ("club", "lawyer")


class EventOptionInline(admin.TabularInline):
    model = EventOption
    extra = 0


@admin.register(Event)
class EventAdmin(BaseAdmin):
    list_display = (
        "title",
        "kind",
        "club",
        "starts_at",
        "capacity",
        "registered_count",
        "cle_minutes",
        "published",
    )
    list_filter = ("published", "kind", "club")
    search_fields = ("title", "venue")
    readonly_fields = ("registered_count",)
    list_select_related = ("club",)
    inlines = [EventOptionInline]


@admin.register(Registration)
class RegistrationAdmin(BaseAdmin):
    """Read-only rows; places change only through the services (cancel promotes the
    waitlist in the same transaction)."""

    list_display = ("event", "lawyer", "option", "status", "created_at", "checked_in_at")
    list_filter = ("status", "event__kind")
    search_fields = ("event__title", "lawyer__name")
    list_select_related = ("event", "lawyer", "option")
    readonly_fields = (
        "event",
        "lawyer",
        "option",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "reminded_at",
    )
    exclude = ("link_nonce",)
    actions = ["cancel_selected"]

    @admin.action(description=gettext_lazy("取消所选报名（候补自动递补）"), permissions=["change"])
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        done = 0
        for registration in queryset.filter(
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
        ):
            try:
                services.registration_cancel(registration=registration)
            except DomainError as exc:
                self.message_user(request, f"{registration}: {exc.message}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("已取消 %(n)s 条报名。") % {"n": done})


class ContestCategoryInline(admin.TabularInline):
    model = ContestCategory
    extra = 0


@admin.register(Contest)
class ContestAdmin(BaseAdmin):
    list_display = ("title", "voting_opens_at", "voting_closes_at", "tally", "published")
    list_filter = ("published", "tally")
    search_fields = ("title",)
    inlines = [ContestCategoryInline]


@admin.register(Entry)
class EntryAdmin(BaseAdmin):
    list_display = ("name", "organisation", "category")
    list_filter = ("category__contest",)
    search_fields = ("name", "organisation")
    list_select_related = ("category",)


@admin.register(Vote)
class VoteAdmin(BaseAdmin):
    list_display = ("category", "entry", "created_at")
    list_filter = ("category__contest",)
    list_select_related = ("category", "entry")
    readonly_fields = ("category", "entry", "lawyer", "created_at")
