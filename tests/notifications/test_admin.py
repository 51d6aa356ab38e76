from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_notification_changelist"


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_changelist_filters_by_delivery_and_searches_by_recipient_email(admin_client):
    sent = NotificationFactory(
        recipient=UserFactory(email="sent@example.cn"), sent_at=timezone.now()
    )
    retrying = NotificationFactory(
        recipient=UserFactory(email="retrying@example.cn"), attempts=2, last_error="SMTP 421"
    )
    failed = NotificationFactory(
        recipient=UserFactory(email="failed@example.cn"),
        attempts=Notification.MAX_ATTEMPTS,
        last_error="SMTP 550",
        failed_at=timezone.now(),
    )
    url = reverse(CHANGELIST)

    def shown(params: dict[str, str]) -> set[int]:
        response = admin_client.get(url, params)
        assert response.status_code == 200
        return {n.pk for n in response.context["cl"].result_list}

    assert shown({}) == {sent.pk, retrying.pk, failed.pk}
    assert shown({"delivery": "sent"}) == {sent.pk}
    assert shown({"delivery": "retrying"}) == {retrying.pk}
    assert shown({"delivery": "failed"}) == {failed.pk}
    assert shown({"read": "no"}) == {sent.pk, retrying.pk, failed.pk}
    assert shown({"q": "failed@example"}) == {failed.pk}


def test_change_page_is_read_only(admin_client):
    notification = NotificationFactory()
    url = reverse("admin:notifications_notification_change", args=[notification.pk])

    response = admin_client.get(url)
    assert response.status_code == 200
    admin_client.post(url, {"key": "changed", "attempts": 99})

    notification.refresh_from_db()
    assert notification.key == "notifications_generic"
    assert notification.attempts == 0


def test_nobody_adds_notifications_by_hand(admin_client):
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403


def test_resend_now_sends_a_failed_row_and_skips_a_sent_one(
    admin_client, django_capture_on_commit_callbacks
):
    failed = NotificationFactory(
        attempts=Notification.MAX_ATTEMPTS, last_error="SMTP 421", failed_at=timezone.now()
    )
    sent = NotificationFactory(sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {"action": "resend_now", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert any("1 条通知重新排队" in t for t in texts)
    assert any("1 条通知已发送" in t for t in texts)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [failed.recipient.email]
    failed.refresh_from_db()
    assert failed.sent_at is not None


def test_staff_without_permission_cannot_see_the_outbox(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(CHANGELIST)).status_code == 403
