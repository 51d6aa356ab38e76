from __future__ import annotations

import random

import pytest
from django.core import mail

from apps.notifications.demo import seed_notifications
from apps.notifications.models import Notification
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_gives_portal_users_an_inbox_without_sending_mail():
    users = UserFactory.create_batch(3)
    StaffFactory()

    seed_notifications(scale="small", rng=random.Random(7))

    assert Notification.objects.count() == 3 * 4
    assert set(Notification.objects.values_list("recipient", flat=True)) == {u.pk for u in users}
    assert not Notification.objects.filter(send_email=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert mail.outbox == []
