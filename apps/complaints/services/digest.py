"""The daily digest of overdue and due-soon complaints for complaints officers."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from apps.notifications.services import notification_create

from ..selectors import dashboard, officers


@transaction.atomic
def officer_digest_send(*, today: dt.date | None = None) -> int:
    """One inbox + e-mail notification per officer; nothing when nothing is due."""
    board = dashboard(today=today or timezone.localdate(), limit=50)
    if not (board["overdue"] or board["due_soon"] or board["uncovered_years"]):
        return 0
    context = {
        "overdue": [[c.reference, c.due_on.isoformat()] for c in board["overdue"]],
        "due_soon": [[c.reference, c.due_on.isoformat()] for c in board["due_soon"]],
        "uncovered_years": board["uncovered_years"],
        "today": board["today"].isoformat(),
    }
    sent = 0
    for user in officers():
        notification_create(
            recipient=user,
            key="complaint_officer_digest",
            context=context,
            url="/admin/complaints/complaint/dashboard/",
        )
        sent += 1
    return sent
