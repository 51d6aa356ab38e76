from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from celery.signals import task_postrun
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from apps.notifications import tasks
from apps.notifications.models import Notification
from apps.notifications.services import notification_create
from tests.celery_support import wait_for

from .factories import NotificationFactory

GENERIC = {"subject": "培训报名成功", "body": "您已报名参加 6 月 12 日的执业培训。"}


@pytest.mark.django_db
def test_send_task_sends_the_row_once():
    notification = NotificationFactory()

    assert tasks.notification_send.delay(notification.pk).get() is True
    assert tasks.notification_send.delay(notification.pk).get() is False

    assert len(mail.outbox) == 1


def test_send_task_is_safe_to_redeliver_and_leaves_retries_to_the_sweep():
    # The claim makes a second run harmless, so the message is acknowledged only after the
    # task ran and requeued if the worker dies. Failed attempts are retried by the beat sweep
    # from the row (services.RETRY_SCHEDULE), never by Celery countdowns in the broker.
    task = tasks.notification_send
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert not getattr(task, "autoretry_for", ())
    assert task.time_limit < 5 * 60  # shorter than services.CLAIM_TIMEOUT


@pytest.mark.django_db
def test_send_task_records_an_smtp_failure_without_failing_itself(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    notification = NotificationFactory()

    assert tasks.notification_send.delay(notification.pk).get() is False

    notification.refresh_from_db()
    assert notification.attempts == 1
    assert "SMTPServerDisconnected" in notification.last_error
    assert notification.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_sweep_task_sends_what_is_due(django_capture_on_commit_callbacks):
    notification = NotificationFactory(next_attempt_at=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notifications_sweep.delay().get() == 1

    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_sweep_is_scheduled_every_minute_in_beat():
    periodic = PeriodicTask.objects.get(task="apps.notifications.tasks.notifications_sweep")
    assert periodic.enabled
    assert periodic.interval.every == 1
    assert periodic.interval.period == IntervalSchedule.MINUTES
    assert periodic.expire_seconds == 55
    assert tasks.notifications_sweep.name == periodic.task


@pytest.mark.django_db
def test_failure_digest_is_scheduled_daily_in_beat():
    periodic = PeriodicTask.objects.get(
        task="apps.notifications.tasks.notifications_failure_digest"
    )
    assert periodic.enabled
    assert periodic.interval is None
    assert (periodic.crontab.minute, periodic.crontab.hour) == ("30", "8")
    assert periodic.crontab.day_of_week == "*"
    assert str(periodic.crontab.timezone) == "Asia/Shanghai"
    assert tasks.notifications_failure_digest.name == periodic.task


# --- a real worker on Redis --------------------------------------------------------------


@pytest.mark.celery_worker
def test_worker_sends_a_notification_enqueued_on_commit(celery_worker):
    from tests.accounts.factories import UserFactory

    recipient = UserFactory(email="worker@example.cn")
    with transaction.atomic():
        notification = notification_create(
            recipient=recipient, key="notifications_generic", context=GENERIC
        )
        # Still in the caller's transaction: nothing published, nothing sent.
        assert mail.outbox == []

    sent = wait_for(lambda: Notification.objects.get(pk=notification.pk).sent_at)

    assert sent is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["worker@example.cn"]
    assert mail.outbox[0].subject == "培训报名成功"


@pytest.mark.celery_worker
def test_worker_runs_a_duplicate_delivery_without_sending_twice(celery_worker):
    notification = NotificationFactory()
    finished = threading.Semaphore(0)

    def count(sender=None, **kwargs):
        if sender.name == tasks.notification_send.name:
            finished.release()

    task_postrun.connect(count, weak=False)
    try:
        tasks.notification_send.delay(notification.pk)
        tasks.notification_send.delay(notification.pk)
        assert finished.acquire(timeout=20)
        assert finished.acquire(timeout=20)
    finally:
        task_postrun.disconnect(count)

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 1


@pytest.mark.celery_worker
def test_worker_sweep_delivers_rows_whose_task_was_lost(celery_worker):
    overdue = timezone.now() - timedelta(minutes=5)
    lost = NotificationFactory.create_batch(3, created_at=overdue, next_attempt_at=overdue)

    tasks.notifications_sweep.delay()

    wait_for(lambda: not Notification.objects.filter(sent_at__isnull=True).exists())
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        n.recipient.email for n in lost
    )


@pytest.mark.celery_worker
def test_worker_records_an_smtp_outage_and_the_beat_sweep_retries_then_gives_up(
    celery_worker, settings
):
    """On a real broker: one attempt per task (no Celery countdown retries); the sweep
    task re-enqueues the row when it is due; the last failed attempt marks it failed."""
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    notification = NotificationFactory(next_attempt_at=timezone.now() - timedelta(seconds=1))

    tasks.notifications_sweep.delay()
    wait_for(lambda: Notification.objects.get(pk=notification.pk).last_error)
    notification.refresh_from_db()
    assert notification.attempts == 1
    assert notification.next_attempt_at > timezone.now()  # the back-off, in the row

    # The outage outlasts every retry: the last attempt is due now.
    Notification.objects.filter(pk=notification.pk).update(
        attempts=Notification.MAX_ATTEMPTS - 1, next_attempt_at=timezone.now()
    )
    tasks.notifications_sweep.delay()
    failed_at = wait_for(lambda: Notification.objects.get(pk=notification.pk).failed_at)

    assert failed_at is not None
    notification.refresh_from_db()
    assert notification.attempts == Notification.MAX_ATTEMPTS
    assert notification.sent_at is None
    assert mail.outbox == []
