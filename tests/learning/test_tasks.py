from __future__ import annotations

import pytest
from django_celery_beat.models import PeriodicTask

from apps.learning import tasks
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_reminder_job_is_scheduled_in_beat_before_both_deadlines():
    task = PeriodicTask.objects.get(task="apps.learning.tasks.cle_reminders_send")
    assert task.enabled
    assert task.crontab.month_of_year == "2,3,11,12"
    assert task.crontab.day_of_month == "1"


def test_reminder_task_writes_outbox_rows(lawyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        sent = tasks.cle_reminders_send()
    # Whatever the date, the lawyer (no hours yet, licensed years ago) is short.
    assert sent == 1
    assert Notification.objects.filter(recipient=lawyer.user).count() == 1
