"""Business-environment feedback (营商环境反映): lawyers file it, staff triage and answer.

Triage is one service for every path (admin form, admin actions, a command): it checks the
actor's permission again, locks the row, applies the theme, status and answer together in
one transaction, and records who did it in the history (simple_history, history_user).

Status rules (``feedback_triage_check``):

* 已答复 (answered) needs an answer; giving an answer to feedback that is still 待分拣
  or 已转有关部门 marks it answered;
* once answered or closed it cannot go back to 待分拣 (the lawyer has seen the answer);
* the answer, once given, can be corrected but not emptied.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError
from apps.members.models import Lawyer

from ..models import BusinessFeedback, FeedbackStatus, FeedbackTheme

TRIAGE_PERMISSION = "legalservices.change_businessfeedback"
_OPEN = (FeedbackStatus.NEW, FeedbackStatus.FORWARDED)


def can_triage_feedback(user: User) -> bool:
    return bool(user.is_active and user.has_perm(TRIAGE_PERMISSION))


@transaction.atomic
def business_feedback_submit(*, lawyer: Lawyer, data: dict[str, Any]) -> BusinessFeedback:
    feedback = BusinessFeedback(lawyer=lawyer, **data)
    feedback.full_clean()
    feedback.save()
    return feedback


def feedback_triage_check(
    *, current_status: str, had_answer: bool, status: str, answer: str
) -> str:
    """The status the feedback ends up in, or DomainError for a step the rules forbid."""
    if status not in FeedbackStatus.values:
        raise DomainError(_("未知的处理状态。"))
    answer = answer.strip()
    if current_status not in _OPEN and status == FeedbackStatus.NEW:
        raise DomainError(_("已答复或已办结的反映不能退回待分拣。"))
    if had_answer and not answer:
        raise DomainError(_("已答复的内容不能清空，可以修改。"))
    if answer and status in _OPEN:
        status = FeedbackStatus.ANSWERED
    if status == FeedbackStatus.ANSWERED and not answer:
        raise DomainError(_("标为“已答复”须填写答复内容。"))
    return status


@transaction.atomic
def business_feedback_triage(
    *,
    actor: User,
    feedback: BusinessFeedback,
    theme: str | None = None,
    status: str | None = None,
    answer: str | None = None,
) -> BusinessFeedback:
    """Set the theme, status and/or answer of one feedback (None keeps the current value)."""
    if not can_triage_feedback(actor):
        raise PermissionDenied
    locked = BusinessFeedback.objects.select_for_update().get(pk=feedback.pk)
    new_theme = locked.theme if theme is None else theme
    if new_theme not in FeedbackTheme.values:
        raise DomainError(_("未知的主题。"))
    new_answer = locked.answer if answer is None else answer.strip()
    new_status = feedback_triage_check(
        current_status=locked.status,
        had_answer=bool(locked.answer),
        status=locked.status if status is None else status,
        answer=new_answer,
    )
    if new_answer and new_answer != locked.answer:
        locked.answered_by = actor
        locked.answered_at = timezone.now()
    locked.theme, locked.status, locked.answer = new_theme, new_status, new_answer
    locked._history_user = actor  # type: ignore[attr-defined]  # simple_history
    locked.save()
    return locked
