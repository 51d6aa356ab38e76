from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.events import services, tasks
from apps.notifications.models import Notification

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def test_reminder_job_is_scheduled_hourly_in_beat():
    task = PeriodicTask.objects.get(task="apps.events.tasks.event_reminders_send")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour) == ("5", "*")


def test_reminder_task_writes_outbox_rows(lawyer, django_capture_on_commit_callbacks):
    event = EventFactory(starts_at=timezone.now() + dt.timedelta(hours=30))
    services.registration_create(event=event, lawyer=lawyer)
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.event_reminders_send() == 1
    assert Notification.objects.filter(recipient=lawyer.user, key="events_reminder").count() == 1
