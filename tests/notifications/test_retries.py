"""Item: notifications are never silently abandoned.

An SMTP outage of 48 hours loses nothing; after the last attempt the row is marked failed,
staff see it in admin and in the daily digest; e-mails go in the recipient's language.
"SMTP down" is tests.notifications.backends.RefusingBackend (raises like smtplib does).
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.notifications import services
from apps.notifications.models import Notification
from apps.notifications.services import (
    RETRY_SCHEDULE,
    notification_create,
    notification_requeue,
    notification_send,
    notifications_due,
    notifications_failure_digest,
    notifications_sweep,
)
from tests.accounts.factories import UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

REFUSING = "tests.notifications.backends.RefusingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
GENERIC = {"subject": "年度考核材料提交提醒", "body": "请于本周五前提交年度考核材料。"}
CHANGELIST = reverse("admin:notifications_notification_changelist")
SECOND = timedelta(seconds=1)


def _replay_outage(settings, notification: Notification, *, smtp_back_after: timedelta | None):
    """Attempt the row exactly when the sweep would pick it up, until it is sent or failed.

    Returns the times of the attempts. SMTP refuses until ``smtp_back_after`` has passed
    since the first attempt (None: never comes back).
    """
    first = notification.next_attempt_at
    now = first
    attempts = []
    while True:
        notification.refresh_from_db()
        if notification.sent_at or notification.failed_at:
            return attempts
        # Due now, and not a second earlier: the sweep steps in exactly on schedule.
        assert notifications_due(now=now).filter(pk=notification.pk).exists()
        if attempts:
            assert not notifications_due(now=now - SECOND).filter(pk=notification.pk).exists()
        up = smtp_back_after is not None and now - first >= smtp_back_after
        settings.EMAIL_BACKEND = LOCMEM if up else REFUSING
        attempts.append(now)
        with contextlib.suppress(OSError):
            notification_send(notification_id=notification.pk, now=now)
        notification.refresh_from_db()
        now = notification.next_attempt_at


# --- the schedule ------------------------------------------------------------------------


def test_back_off_schedule_spans_more_than_48_hours():
    assert sum(RETRY_SCHEDULE, timedelta()) >= timedelta(hours=48)
    assert len(RETRY_SCHEDULE) + 1 == Notification.MAX_ATTEMPTS
    assert list(RETRY_SCHEDULE) == sorted(RETRY_SCHEDULE)  # never retries faster later on
    assert RETRY_SCHEDULE[0] <= timedelta(minutes=1)  # a blip is retried at once


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [
        (1, timedelta(minutes=1)),
        (2, timedelta(minutes=5)),
        (4, timedelta(hours=1)),
        (10, timedelta(hours=12)),
        (11, timedelta(hours=12)),  # no retry follows (MAX_ATTEMPTS), but callers may ask
    ],
)
def test_retry_delay_after_each_attempt(attempts, delay):
    assert services.retry_delay(attempts) == delay


# --- an SMTP outage ----------------------------------------------------------------------


def test_smtp_down_for_good_is_retried_for_48_hours_then_marked_failed(settings):
    notification = NotificationFactory()

    attempts = _replay_outage(settings, notification, smtp_back_after=None)

    notification.refresh_from_db()
    assert len(attempts) == Notification.MAX_ATTEMPTS
    assert attempts[-1] - attempts[0] >= timedelta(hours=48)
    assert notification.sent_at is None
    assert notification.failed_at == attempts[-1]
    assert notification.has_given_up
    assert "SMTPServerDisconnected" in notification.last_error
    # The sweep leaves it alone from now on; it is staff's to see.
    assert not notifications_due(now=attempts[-1] + timedelta(days=30)).exists()
    assert list(Notification.objects.failed()) == [notification]
    assert mail.outbox == []


def test_smtp_back_after_47_hours_delivers_the_email_once(settings):
    notification = NotificationFactory()

    attempts = _replay_outage(settings, notification, smtp_back_after=timedelta(hours=47))

    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.failed_at is None
    assert attempts[-1] - attempts[0] >= timedelta(hours=47)
    assert len(mail.outbox) == 1


def test_failing_backend_through_create_sweep_and_task_ends_failed(
    settings, lawyer, django_capture_on_commit_callbacks
):
    """The real path: on-commit task, then the beat sweep re-enqueues each due retry."""
    settings.EMAIL_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create(
            recipient=lawyer.user, key="notifications_generic", context=GENERIC
        )
    notification.refresh_from_db()
    assert notification.attempts == 1
    assert notification.failed_at is None

    for _ in range(Notification.MAX_ATTEMPTS - 1):
        # The retry is due after its back-off (the task used the wall clock) …
        due_at = notification.next_attempt_at
        assert notifications_sweep(now=due_at - SECOND) == 0
        # … and the beat sweep then hands it to the send task once.
        with django_capture_on_commit_callbacks(execute=True):
            assert notifications_sweep(now=due_at) == 1
        notification.refresh_from_db()

    assert notification.attempts == Notification.MAX_ATTEMPTS
    assert notification.failed_at is not None
    assert notifications_sweep(now=timezone.now() + timedelta(days=7)) == 0
    assert mail.outbox == []


def test_a_worker_lost_during_the_last_attempt_is_marked_failed_not_forgotten():
    now = timezone.now()
    notification = NotificationFactory(
        attempts=Notification.MAX_ATTEMPTS,
        claim_token="6f1c7c1e-6d0a-4a8b-9a57-4b3b1c3f2a10",
        claimed_at=now - timedelta(minutes=10),
        next_attempt_at=now - timedelta(minutes=5),  # the claim went stale
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )

    assert notifications_sweep(now=now) == 0

    notification.refresh_from_db()
    assert notification.failed_at == now
    assert notification.claim_token is None
    assert "last attempt" in notification.last_error


def test_requeue_gives_a_failed_row_a_fresh_budget(
    member_services, django_capture_on_commit_callbacks
):
    notification = NotificationFactory(
        attempts=Notification.MAX_ATTEMPTS, failed_at=timezone.now(), last_error="SMTP 421"
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert notification_requeue(notification=notification, actor=member_services)

    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.failed_at is None
    assert notification.attempts == 1


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REPORTS, Role.COMPLAINTS_OFFICER])
def test_requeue_refuses_staff_without_change_permission(staff_user, role):
    notification = NotificationFactory(attempts=Notification.MAX_ATTEMPTS, failed_at=timezone.now())

    with pytest.raises(PermissionDenied):
        notification_requeue(notification=notification, actor=staff_user(role))

    notification.refresh_from_db()
    assert notification.failed_at is not None


# --- staff see failures in admin ---------------------------------------------------------


def _failed(email: str, *, hours_ago: float) -> Notification:
    failed_at = timezone.now() - timedelta(hours=hours_ago)
    return NotificationFactory(
        recipient=UserFactory(email=email),
        attempts=Notification.MAX_ATTEMPTS,
        failed_at=failed_at,
        last_error="SMTPRecipientsRefused: {'x': (550, b'mailbox unavailable')}",
    )


@pytest.mark.parametrize("persona", ["member_services", "superuser"])
def test_staff_find_failed_emails_in_admin_newest_first(client, request, persona):
    older = _failed("older@example.cn", hours_ago=30)
    newer = _failed("newer@example.cn", hours_ago=2)
    NotificationFactory(attempts=3, last_error="SMTPServerDisconnected")  # still retrying
    NotificationFactory(sent_at=timezone.now())
    client.force_login(request.getfixturevalue(persona))

    response = client.get(CHANGELIST, {"delivery": "failed"})

    assert response.status_code == 200
    assert [n.pk for n in response.context["cl"].result_list] == [newer.pk, older.pk]
    assert "newer@example.cn" in response.content.decode()


def test_retrying_filter_lists_rows_between_attempts(client, superuser):
    retrying = NotificationFactory(attempts=3, last_error="SMTPServerDisconnected")
    _failed("gone@example.cn", hours_ago=1)
    client.force_login(superuser)

    response = client.get(CHANGELIST, {"delivery": "retrying"})

    assert [n.pk for n in response.context["cl"].result_list] == [retrying.pk]


def test_member_services_resends_failed_emails_from_admin(
    client, member_services, django_capture_on_commit_callbacks
):
    failed = _failed("bounced@example.cn", hours_ago=3)
    client.force_login(member_services)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": "resend_now", "_selected_action": [failed.pk]}, follow=True
        )

    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["bounced@example.cn"]]
    failed.refresh_from_db()
    assert failed.sent_at is not None


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REPORTS, Role.PARTY_AFFAIRS])
def test_other_staff_roles_do_not_see_the_outbox(client, staff_user, role):
    client.force_login(staff_user(role))
    assert client.get(CHANGELIST, {"delivery": "failed"}).status_code == 403


def test_failed_list_query_count_does_not_grow_with_rows(
    client, superuser, django_assert_max_num_queries
):
    client.force_login(superuser)
    # Warm up: site settings and menus are cached once per process, not per page.
    client.get(CHANGELIST, {"delivery": "failed"})
    counts = []
    for rows in (2, 30):
        for i in range(rows):
            _failed(f"f{rows}-{i}@example.cn", hours_ago=i)
        with django_assert_max_num_queries(12) as captured:
            assert client.get(CHANGELIST, {"delivery": "failed"}).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


# --- the daily digest --------------------------------------------------------------------


def test_digest_lists_the_last_days_failures_to_member_services_and_superusers(
    member_services, superuser, editor, lawyer, django_capture_on_commit_callbacks
):
    today = _failed("bounced@example.cn", hours_ago=3)
    yesterday_evening = _failed("full-mailbox@example.cn", hours_ago=20)
    _failed("last-week@example.cn", hours_ago=24 * 6)  # reported in an earlier digest
    NotificationFactory(
        recipient=UserFactory(email="still-trying@example.cn"),
        attempts=4,
        last_error="SMTPServerDisconnected",
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_failure_digest() == 2

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {member_services.email, superuser.email}
    message = by_recipient[member_services.email]
    assert "2 封未能送达" in message.subject
    for listed in (today, yesterday_evening):
        assert f"#{listed.pk}" in message.body
        assert listed.recipient.email in message.body
    assert "last-week@example.cn" not in message.body
    assert "still-trying@example.cn" not in message.body
    assert "mailbox unavailable" in message.body
    assert "/admin/notifications/notification/?delivery=failed" in message.body
    html = message.alternatives[0][0]
    assert "bounced@example.cn" in html
    # The digest is e-mail only: nothing lands in staff's portal inbox.
    assert not Notification.objects.filter(recipient=member_services, show_in_inbox=True).exists()


def test_no_digest_on_a_day_without_failures(member_services, django_capture_on_commit_callbacks):
    _failed("long-ago@example.cn", hours_ago=50)

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_failure_digest() == 0

    assert mail.outbox == []


def test_digest_lists_at_most_fifty_and_counts_the_rest(
    member_services, django_capture_on_commit_callbacks
):
    for i in range(services.DIGEST_MAX_ROWS + 3):
        _failed(f"bounce{i}@example.cn", hours_ago=1 + i / 100)

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_failure_digest() == services.DIGEST_MAX_ROWS + 3

    (message,) = mail.outbox
    assert "另有 3 封未列出" in message.body


def test_digest_reaches_english_speaking_staff_in_english(
    member_services, django_capture_on_commit_callbacks
):
    member_services.language = "en"
    member_services.save(update_fields=["language"])
    _failed("bounced@example.cn", hours_ago=1)

    with django_capture_on_commit_callbacks(execute=True):
        notifications_failure_digest()

    (message,) = mail.outbox
    assert "could not be delivered" in message.subject
    assert "封" not in message.subject


# --- the recipient's language ------------------------------------------------------------


def test_english_user_gets_an_english_email(lawyer, django_capture_on_commit_callbacks):
    lawyer.user.language = "en"
    lawyer.user.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=lawyer.user, key="notifications_generic", context=GENERIC)

    (message,) = mail.outbox
    assert message.body.startswith("Dear 王明,")
    assert "This e-mail was sent automatically" in message.body
    assert "您好" not in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


def test_chinese_is_the_default_email_language(lawyer, django_capture_on_commit_callbacks):
    assert lawyer.user.language == "zh-hans"

    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=lawyer.user, key="notifications_generic", context=GENERIC)

    (message,) = mail.outbox
    assert message.body.startswith("王明，您好：")
    assert '<html lang="zh-hans">' in message.alternatives[0][0]


def test_running_the_digest_twice_a_day_reports_each_failure_once(
    member_services, django_capture_on_commit_callbacks
):
    _failed("bounced@example.cn", hours_ago=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_failure_digest() == 1
        assert notifications_failure_digest() == 0  # e.g. staff pressed "run" in beat admin

    later = timezone.now() + timedelta(hours=2)
    NotificationFactory(
        recipient=UserFactory(email="new-bounce@example.cn"),
        attempts=Notification.MAX_ATTEMPTS,
        failed_at=later - timedelta(minutes=30),
        last_error="SMTPDataError: (552, b'5.2.2 Mailbox full')",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_failure_digest(now=later) == 1

    first, second = mail.outbox
    assert "bounced@example.cn" in first.body
    assert "new-bounce@example.cn" in second.body
    assert "bounced@example.cn" not in second.body.replace("new-bounce@example.cn", "")
