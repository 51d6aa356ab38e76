"""Reads for the inbox. A user sees their own inbox notifications and nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from .models import Notification, NotificationQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from apps.accounts.models import User


def notification_list_for_user(*, user: User, unread_only: bool = False) -> NotificationQuerySet:
    notifications = Notification.objects.for_inbox(user).select_related("recipient")
    if unread_only:
        notifications = notifications.unread()
    return notifications.order_by("-created_at", "-id")


def notification_get_for_user(*, user: User, pk: int) -> Notification:
    """The user's own inbox notification; 404 for anyone else's (its existence stays hidden)."""
    try:
        return Notification.objects.for_inbox(user).select_related("recipient").get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404("No such notification.") from None


def notification_unread_count_for_user(*, user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.for_inbox(user).unread().count()
