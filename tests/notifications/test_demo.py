from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.notifications.demo import seed_notifications
from apps.notifications.models import Notification
from apps.notifications.services import notifications_due
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_gives_portal_users_an_inbox_without_sending_mail():
    users = UserFactory.create_batch(3)
    StaffFactory()

    seed_notifications(scale="small", rng=random.Random(7))

    assert Notification.objects.count() == 3 * 4 + 3
    assert set(Notification.objects.values_list("recipient", flat=True)) == {u.pk for u in users}
    # The only e-mail rows are failed ones, for the admin's failed list; the sweep skips them.
    emails = Notification.objects.filter(send_email=True)
    assert emails.count() == Notification.objects.failed().count() == 3
    assert not notifications_due(now=timezone.now() + timedelta(days=30)).exists()
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert mail.outbox == []
