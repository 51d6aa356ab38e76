from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from apps.notifications.selectors import (
    notification_get_for_user,
    notification_list_for_user,
    notification_unread_count_for_user,
)

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_list_holds_only_the_users_inbox_newest_first(lawyer, outsider):
    now = timezone.now()
    old = NotificationFactory(recipient=lawyer.user, created_at=now - timedelta(days=2))
    new = NotificationFactory(recipient=lawyer.user, created_at=now)
    NotificationFactory(recipient=lawyer.user, show_in_inbox=False)  # e-mail only
    NotificationFactory(recipient=outsider.user)

    assert list(notification_list_for_user(user=lawyer.user)) == [new, old]


def test_list_of_unread_leaves_out_read_ones(lawyer):
    unread = NotificationFactory(recipient=lawyer.user)
    NotificationFactory(recipient=lawyer.user, read_at=timezone.now())

    assert list(notification_list_for_user(user=lawyer.user, unread_only=True)) == [unread]


def test_get_for_user_returns_own_notification(lawyer):
    notification = NotificationFactory(recipient=lawyer.user)
    assert notification_get_for_user(user=lawyer.user, pk=notification.pk) == notification


def test_outsider_cannot_get_someone_elses_notification(lawyer, outsider):
    notification = NotificationFactory(recipient=lawyer.user)
    with pytest.raises(Http404):
        notification_get_for_user(user=outsider.user, pk=notification.pk)


def test_email_only_notification_is_not_in_the_inbox(lawyer):
    notification = NotificationFactory(recipient=lawyer.user, show_in_inbox=False)
    with pytest.raises(Http404):
        notification_get_for_user(user=lawyer.user, pk=notification.pk)


def test_unread_count_counts_own_unread_inbox_items(lawyer, outsider):
    NotificationFactory.create_batch(2, recipient=lawyer.user)
    NotificationFactory(recipient=lawyer.user, read_at=timezone.now())
    NotificationFactory(recipient=lawyer.user, show_in_inbox=False)
    NotificationFactory(recipient=outsider.user)

    assert notification_unread_count_for_user(user=lawyer.user) == 2
    assert notification_unread_count_for_user(user=AnonymousUser()) == 0
