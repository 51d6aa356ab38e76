from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone

from apps.notifications import services
from apps.notifications.models import Notification
from apps.notifications.services import (
    CLAIM_TIMEOUT,
    notification_claim,
    notification_create,
    notification_send,
    notifications_sweep,
)

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

GENERIC = {"subject": "年度会费已开具", "body": "请于 3 月 31 日前缴纳。\n逾期将影响年度考核。"}

# A real SMTP client against a port nothing listens on: connection refused, no mocks.
SMTP_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,
    "EMAIL_TIMEOUT": 2,
}


def _smtp_down(settings) -> None:
    for name, value in SMTP_DOWN.items():
        setattr(settings, name, value)


def _smtp_up(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _later(minutes: float) -> timezone.datetime:
    return timezone.now() + timedelta(minutes=minutes)


# --- create ------------------------------------------------------------------------------


def test_create_sends_the_email_after_commit(lawyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notification_create(
            recipient=lawyer.user, key="notifications_generic", context=GENERIC, url="/portal/"
        )
        assert mail.outbox == []  # nothing leaves before the caller's transaction commits

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wangming@example.cn"]
    assert message.subject == "年度会费已开具"
    assert "王明，您好" in message.body
    assert "逾期将影响年度考核。" in message.body
    assert "http://127.0.0.1:8000/portal/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<br>逾期将影响年度考核。" in html
    assert 'href="http://127.0.0.1:8000/portal/"' in html
    assert message.extra_headers["Message-ID"].startswith(f"<notification.{notification.pk}.")
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 1
    assert notification.claim_token is None
    assert notification.last_error == ""


def test_create_inside_a_rolled_back_transaction_leaves_nothing(
    lawyer, django_capture_on_commit_callbacks
):
    def change_that_fails() -> None:
        with transaction.atomic():
            notification_create(recipient=lawyer.user, key="notifications_generic", context=GENERIC)
            raise RuntimeError("the caller's change failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="change failed"),
    ):
        change_that_fails()

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_inbox_only_notification_is_never_emailed(lawyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notification_create(
            recipient=lawyer.user, key="notifications_generic", context=GENERIC, send_email=False
        )

    assert callbacks == []
    assert mail.outbox == []
    assert notifications_sweep(now=_later(60)) == 0
    assert notification_claim(notification_id=notification.pk) is None


def test_create_refuses_a_key_without_templates(lawyer):
    with pytest.raises(TemplateDoesNotExist):
        notification_create(recipient=lawyer.user, key="no_such_notification", context={})
    assert not Notification.objects.exists()


@pytest.mark.parametrize("key", ["Bad-Key", "x", "空格 key"])
def test_create_refuses_a_malformed_key(lawyer, key):
    with pytest.raises((ValidationError, TemplateDoesNotExist)):
        notification_create(recipient=lawyer.user, key=key, context={})
    assert not Notification.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "ftp://x.cn/a"])
def test_create_refuses_a_url_a_browser_would_misuse(lawyer, url):
    with pytest.raises(ValidationError) as excinfo:
        notification_create(recipient=lawyer.user, key="notifications_generic", context={}, url=url)
    assert "url" in excinfo.value.message_dict


def test_create_refuses_a_context_that_is_not_json(lawyer):
    with pytest.raises(ValidationError) as excinfo:
        notification_create(
            recipient=lawyer.user, key="notifications_generic", context={"who": object()}
        )
    assert "context" in excinfo.value.message_dict


def test_create_refuses_a_notification_without_a_channel(lawyer):
    with pytest.raises(ValidationError):
        notification_create(
            recipient=lawyer.user,
            key="notifications_generic",
            context=GENERIC,
            send_email=False,
            show_in_inbox=False,
        )


def test_context_dates_are_stored_as_text(lawyer, django_capture_on_commit_callbacks):
    due = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_create(
            recipient=lawyer.user,
            key="notifications_generic",
            context={"subject": "提醒", "body": "到期", "due": due},
        )
    notification.refresh_from_db()
    assert notification.context["due"] == due.isoformat()


# --- send: never twice -------------------------------------------------------------------


def test_sending_the_same_row_twice_sends_one_email():
    notification = NotificationFactory()

    assert notification_send(notification_id=notification.pk) is True
    # A Celery retry, a redelivered message, or a sweep that raced the first task:
    assert notification_send(notification_id=notification.pk) is False

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_second_claim_gets_nothing_while_the_first_is_held():
    notification = NotificationFactory()

    first = notification_claim(notification_id=notification.pk)
    second = notification_claim(notification_id=notification.pk)

    assert first is not None
    assert second is None
    notification.refresh_from_db()
    assert notification.claim_token == first
    assert notification.attempts == 1


def test_a_claim_on_a_sent_row_gets_nothing():
    notification = NotificationFactory(sent_at=timezone.now())
    assert notification_claim(notification_id=notification.pk) is None
    assert notification_claim(notification_id=notification.pk, now=_later(60)) is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_on_two_connections_have_one_winner():
    notification = NotificationFactory()
    barrier = threading.Barrier(8)
    results: list[object] = []
    lock = threading.Lock()

    def claim() -> None:
        try:
            barrier.wait()
            token = notification_claim(notification_id=notification.pk)
            with lock:
                results.append(token)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [token for token in results if token is not None]
    assert len(results) == 8
    assert len(winners) == 1
    notification.refresh_from_db()
    assert notification.claim_token == winners[0]
    assert notification.attempts == 1


def test_a_stale_claim_can_be_taken_over():
    notification = NotificationFactory()
    crashed = notification_claim(notification_id=notification.pk)

    later = timezone.now() + CLAIM_TIMEOUT + timedelta(seconds=1)
    takeover = notification_claim(notification_id=notification.pk, now=later)

    assert crashed is not None
    assert takeover is not None
    assert takeover != crashed


# --- send: failures ----------------------------------------------------------------------


def test_smtp_failure_is_recorded_and_the_row_stays_unsent(settings):
    _smtp_down(settings)
    notification = NotificationFactory()

    with pytest.raises(ConnectionRefusedError):
        notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert "ConnectionRefusedError" in notification.last_error
    assert notification.claim_token is None  # released: a retry may claim it at once
    assert notification.next_attempt_at > timezone.now()
    assert mail.outbox == []


def test_failed_row_is_sent_by_a_later_sweep(settings, django_capture_on_commit_callbacks):
    _smtp_down(settings)
    notification = NotificationFactory()
    with pytest.raises(ConnectionRefusedError):
        notification_send(notification_id=notification.pk)

    # Not yet due: the back-off after the first failure is a minute.
    assert notifications_sweep() == 0

    _smtp_up(settings)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(2)) == 1

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 2
    assert notification.last_error == ""


def test_eager_send_failure_does_not_break_the_callers_commit(
    settings, lawyer, django_capture_on_commit_callbacks, caplog
):
    _smtp_down(settings)
    with (
        caplog.at_level(logging.WARNING, logger="apps.notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = notification_create(
            recipient=lawyer.user, key="notifications_generic", context=GENERIC
        )

    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert "ConnectionRefusedError" in notification.last_error
    assert "retrying in 0:01:00" in caplog.text  # the sweep sends it after the back-off


def test_inactive_recipient_keeps_the_inbox_copy_but_gets_no_email(lawyer):
    notification = NotificationFactory(recipient=lawyer.user)
    lawyer.user.is_active = False
    lawyer.user.save()

    assert notification_send(notification_id=notification.pk) is False

    notification.refresh_from_db()
    assert mail.outbox == []
    assert notification.send_email is False
    assert notification.show_in_inbox is True
    assert "inactive" in notification.last_error
    assert notifications_sweep(now=_later(60)) == 0


# --- sweep -------------------------------------------------------------------------------


def test_sweep_leaves_fresh_rows_to_their_own_task():
    NotificationFactory()
    assert notifications_sweep() == 0


def test_sweep_sends_a_row_whose_task_was_lost(django_capture_on_commit_callbacks):
    notification = NotificationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(2)) == 1

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_sweep_does_not_enqueue_a_row_again_while_its_task_waits(
    django_capture_on_commit_callbacks,
):
    NotificationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert notifications_sweep(now=_later(2)) == 1
        assert notifications_sweep(now=_later(3)) == 0
    assert len(callbacks) == 1


def test_sweep_leaves_a_row_that_is_being_sent_right_now(django_capture_on_commit_callbacks):
    notification = NotificationFactory(next_attempt_at=timezone.now() - timedelta(minutes=1))
    assert notification_claim(notification_id=notification.pk) is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(1)) == 0
    assert mail.outbox == []


def test_sweep_recovers_a_claim_whose_worker_died(django_capture_on_commit_callbacks):
    notification = NotificationFactory()
    # The worker claimed the row and was killed before it could send.
    assert notification_claim(notification_id=notification.pk) is not None

    stale = timezone.now() + CLAIM_TIMEOUT + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=stale) == 1

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 2


def test_sweep_gives_up_after_max_attempts():
    NotificationFactory(
        attempts=Notification.MAX_ATTEMPTS,
        last_error="SMTPRecipientsRefused",
        failed_at=timezone.now(),
    )
    assert notifications_sweep(now=_later(24 * 60)) == 0


def test_sweep_ignores_sent_rows():
    NotificationFactory(sent_at=timezone.now())
    assert notifications_sweep(now=_later(60)) == 0


# --- broker down -------------------------------------------------------------------------


def test_broker_down_neither_fails_the_caller_nor_loses_the_email(
    lawyer, celery_broker_down, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.WARNING, logger="apps.notifications.services"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        notification = notification_create(
            recipient=lawyer.user, key="notifications_generic", context=GENERIC
        )

    assert len(callbacks) == 1  # the enqueue ran, and its failure was swallowed
    assert "the sweep will send it" in caplog.text
    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.attempts == 0
    assert mail.outbox == []

    # Redis is back (eager tasks again); a minute later the sweep delivers it, once.
    celery_broker_down.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(2)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(30)) == 0

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_sweep_with_the_broker_down_tries_again_later(
    celery_broker_down, django_capture_on_commit_callbacks
):
    notification = NotificationFactory()

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep(now=_later(2)) == 1  # publish failed, logged

    notification.refresh_from_db()
    assert notification.sent_at is None
    # Still due again once the re-enqueue delay has passed.
    assert services.notifications_due(now=_later(10)).filter(pk=notification.pk).exists()


# --- resend (staff) ----------------------------------------------------------------------


def test_requeue_gives_a_given_up_row_a_fresh_start(
    member_services, django_capture_on_commit_callbacks
):
    notification = NotificationFactory(
        attempts=Notification.MAX_ATTEMPTS, last_error="boom", failed_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.notification_requeue(notification=notification, actor=member_services) is True
        )

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 1


def test_requeue_never_resends_a_sent_row(member_services, django_capture_on_commit_callbacks):
    notification = NotificationFactory(sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.notification_requeue(notification=notification, actor=member_services) is False
        )
    assert mail.outbox == []


# --- inbox -------------------------------------------------------------------------------


def test_mark_read_keeps_the_first_read_time(lawyer):
    notification = NotificationFactory(recipient=lawyer.user)

    services.notification_mark_read(notification=notification)
    first = Notification.objects.get(pk=notification.pk).read_at
    services.notification_mark_read(notification=Notification.objects.get(pk=notification.pk))

    assert first is not None
    assert Notification.objects.get(pk=notification.pk).read_at == first


def test_mark_all_read_touches_only_that_users_unread_inbox(lawyer, outsider):
    mine = NotificationFactory.create_batch(3, recipient=lawyer.user)
    already = NotificationFactory(recipient=lawyer.user, read_at=timezone.now() - timedelta(days=1))
    theirs = NotificationFactory(recipient=outsider.user)

    assert services.notification_mark_all_read(user=lawyer.user) == 3

    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=already.pk).read_at == already.read_at
    assert Notification.objects.get(pk=theirs.pk).read_at is None
