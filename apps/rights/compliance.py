"""The firm administrator's compliance dashboard: each practising lawyer of the firm with
this fee year's dues, this year's CLE hours (apps.learning's selectors), the latest annual
review result (年度考核) and complaints awaiting their answer (apps.complaints' selectors),
and a reminder the administrator can send (once per lawyer a day).

It lives here, not in apps.members, because it reads the apps above members: members
must not import learning or complaints (DESIGN.md dependency direction).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError
from apps.members.models import AnnualReview, DuesInvoice, Lawyer, LawyerStatus, ReviewResult
from apps.members.permissions import can_manage_firm
from apps.members.services.dues_rules import fee_year_of

from .models import ComplianceReminder


@dataclass(frozen=True)
class Row:
    lawyer: Lawyer
    dues_amount: Decimal | None
    dues_paid: Decimal
    dues_settled: bool
    cle: Any  # apps.learning.selectors.Progress, or None without the app
    review: AnnualReview | None  # the latest year's result
    complaints_awaiting: int
    reminded_today: bool

    @property
    def dues_owed(self) -> Decimal:
        return (self.dues_amount or Decimal("0.00")) - self.dues_paid

    @property
    def review_flagged(self) -> bool:
        """Below 称职 or deferred: the administrator should look (no reminder: staff decide)."""
        return self.review is not None and self.review.result != ReviewResult.COMPETENT

    @property
    def needs_attention(self) -> bool:
        cle_short = self.cle is not None and not self.cle.met
        return self.dues_owed > 0 or cle_short or self.complaints_awaiting > 0


def dashboard_rows(*, user: User, firm_id: int) -> list[Row]:
    """Rows for the firm's practising lawyers; a constant number of queries."""
    if not can_manage_firm(user, firm_id):
        raise PermissionDenied
    today = timezone.localdate()
    fee_year = fee_year_of(today)
    lawyers = list(
        Lawyer.objects.filter(firm_id=firm_id, status=LawyerStatus.PRACTISING).order_by(
            "name", "pk"
        )
    )
    dues = {
        row["lawyer_id"]: row
        for row in DuesInvoice.objects.filter(year=fee_year, lawyer__firm_id=firm_id)
        .values("lawyer_id", "amount", "paid_at")
        .annotate(paid=Coalesce(Sum("payments__amount"), Decimal("0.00")))
    }
    # The latest review of each lawyer: one DISTINCT ON query.
    reviews = {
        review.lawyer_id: review
        for review in AnnualReview.objects.filter(
            lawyer__firm_id=firm_id, lawyer__status=LawyerStatus.PRACTISING
        )
        .order_by("lawyer_id", "-year")
        .distinct("lawyer_id")
    }
    cle: dict[int, Any] = {}
    try:
        from apps.learning.selectors import compliance_rows

        cle = {r.lawyer_id: r.progress for r in compliance_rows(year=today.year, firm_id=firm_id)}
    except ImportError:  # pragma: no cover - the app is optional for this page
        cle = {}
    awaiting: dict[int, int] = {}
    try:
        from apps.complaints.models import State
        from apps.complaints.selectors import complaint_list_for_respondent

        awaiting = dict(
            complaint_list_for_respondent(user=user)
            .filter(state=State.DEFENCE, respondent_lawyer__firm_id=firm_id)
            .values_list("respondent_lawyer_id")
            .annotate(n=Count("pk"))
            .values_list("respondent_lawyer_id", "n")
        )
    except ImportError:  # pragma: no cover
        awaiting = {}
    reminded = set(
        ComplianceReminder.objects.filter(firm_id_sent_for=firm_id, sent_on=today).values_list(
            "lawyer_id", flat=True
        )
    )
    rows = []
    for lawyer in lawyers:
        invoice = dues.get(lawyer.pk)
        rows.append(
            Row(
                lawyer=lawyer,
                dues_amount=invoice["amount"] if invoice else None,
                dues_paid=invoice["paid"] if invoice else Decimal("0.00"),
                dues_settled=bool(invoice and invoice["paid_at"]),
                cle=cle.get(lawyer.pk),
                review=reviews.get(lawyer.pk),
                complaints_awaiting=awaiting.get(lawyer.pk, 0),
                reminded_today=lawyer.pk in reminded,
            )
        )
    return rows


def compliance_reminder_send(*, user: User, firm_id: int, lawyer_id: int) -> ComplianceReminder:
    """Remind one lawyer of what is outstanding (inbox + e-mail); once per lawyer a day."""
    rows = {r.lawyer.pk: r for r in dashboard_rows(user=user, firm_id=firm_id)}
    row = rows.get(lawyer_id)
    if row is None:
        raise DomainError(_("该律师不在本所执业名单中。"), code="not_in_firm")
    topics = []
    if row.dues_owed > 0:
        topics.append(_("会费尚欠 %(amount)s 元") % {"amount": row.dues_owed})
    if row.cle is not None and not row.cle.met:
        topics.append(_("继续教育尚差 %(hours)s 学时") % {"hours": row.cle.short})
    if row.complaints_awaiting:
        topics.append(_("有 %(n)s 件投诉待答辩") % {"n": row.complaints_awaiting})
    if not topics:
        raise DomainError(_("该律师没有需要提醒的事项。"), code="nothing_due")
    if row.lawyer.user_id is None:
        raise DomainError(_("该律师尚未开通会员门户账户，无法发送提醒。"), code="no_account")
    now = timezone.now()
    try:
        with transaction.atomic():
            reminder = ComplianceReminder.objects.create(
                firm_id_sent_for=firm_id,
                lawyer=row.lawyer,
                sent_by=user,
                sent_on=timezone.localdate(now),
                sent_at=now,
                topics="；".join(str(t) for t in topics)[:200],
            )
            from apps.notifications.services import notification_create

            notification_create(
                recipient=row.lawyer.user,  # type: ignore[arg-type]
                key="rights_compliance_reminder",
                context={"topics": reminder.topics, "sender": user.get_full_name() or user.email},
                url=reverse("members:home"),
            )
    except IntegrityError as exc:
        raise DomainError(_("今天已经提醒过该律师，请明天再发。"), code="rate_limited") from exc
    return reminder
