"""Notifications for tests. Rows made here skip the service (no enqueue): use them for reads,
and ``notification_create`` when the sending itself is under test."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    key = "notifications_generic"
    context = factory.LazyFunction(
        lambda: {"subject": "会费缴纳提醒", "body": "请于本月底前缴纳年度会费。"}
    )
    url = "/portal/"
    created_at = factory.LazyFunction(timezone.now)
    next_attempt_at = factory.LazyAttribute(lambda o: o.created_at + timedelta(minutes=1))
