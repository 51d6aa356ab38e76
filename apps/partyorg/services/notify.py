"""Term reminders (换届提醒) for party-affairs staff, through the notifications outbox.

Each term is announced once: an organization is included while its planned end is within
rules.TERM_DUE_WITHIN (or already past) and ``term_notified_for`` is not that end date; the
same transaction writes the outbox rows and marks the organizations, so a retried or
doubled beat run notifies nobody twice. A re-election sets a new planned end, which is
announced again when its time comes.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.accounts.services import role_group
from apps.notifications.services import notification_create

from ..models import TERM_YEARS, PartyOrganization
from . import rules

NOTIFY_KEY = "partyorg_terms_due"
LISTED = 50


@transaction.atomic
def terms_due_notify(*, today: dt.date | None = None) -> int:
    """Notify party-affairs staff of terms due within 90 days or overdue; the number of
    organizations announced."""
    today = today or timezone.localdate()
    due = list(
        PartyOrganization.objects.active()
        .filter(kind__in=list(TERM_YEARS), term_planned_end__lte=today + rules.TERM_DUE_WITHIN)
        .filter(Q(term_notified_for__isnull=True) | ~Q(term_notified_for=F("term_planned_end")))
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("term_planned_end", "name")
    )
    if not due:
        return 0
    ends = {org.pk: org.term_planned_end or today for org in due}  # the filter excludes None
    listed = [
        {"name": org.name, "end": ends[org.pk].isoformat(), "overdue": ends[org.pk] < today}
        for org in due[:LISTED]
    ]
    recipients = role_group(role=Role.PARTY_AFFAIRS).user_set.filter(is_active=True, is_staff=True)
    url = reverse("admin:partyorg_health") + "#rule-term_due"
    for user in recipients:
        notification_create(
            recipient=user,
            key=NOTIFY_KEY,
            context={
                "count": len(due),
                "overdue": sum(1 for end in ends.values() if end < today),
                "organizations": listed,
                "more": max(0, len(due) - LISTED),
            },
            url=url,
        )
    PartyOrganization.objects.filter(pk__in=[org.pk for org in due]).update(
        term_notified_for=F("term_planned_end")
    )
    return len(due)
