"""Term reminders: party-affairs staff are told once per term, through the outbox."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps as django_apps
from django_celery_beat.models import PeriodicTask

from apps.notifications.models import Notification
from apps.partyorg import tasks
from apps.partyorg.services.notify import NOTIFY_KEY, terms_due_notify
from tests.partyorg.factories import own_branch

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 15)


def test_terms_due_are_announced_once_to_party_affairs_staff(
    sector, party_staff, member_services, django_capture_on_commit_callbacks, mailoutbox
):
    due = own_branch(sector, term_start=dt.date(2022, 8, 1), term_planned_end=dt.date(2025, 8, 1))
    overdue = own_branch(
        sector, term_start=dt.date(2022, 1, 1), term_planned_end=dt.date(2025, 1, 1)
    )
    later = own_branch(sector, term_start=dt.date(2024, 1, 1), term_planned_end=dt.date(2027, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert terms_due_notify(today=TODAY) == 2
    notification = Notification.objects.get()
    assert (notification.recipient, notification.key) == (party_staff, NOTIFY_KEY)
    assert [o["name"] for o in notification.context["organizations"]] == [overdue.name, due.name]
    assert notification.context["overdue"] == 1
    assert len(mailoutbox) == 1
    assert due.name in mailoutbox[0].body
    # A second run announces nothing new.
    assert terms_due_notify(today=TODAY) == 0
    # A re-election sets a new end, which is announced when its time comes.
    due.term_start, due.term_planned_end = dt.date(2025, 7, 1), dt.date(2028, 7, 1)
    due.save()
    assert terms_due_notify(today=TODAY + relativedelta(years=3)) == 2
    latest = Notification.objects.latest("pk").context["organizations"]
    assert {o["name"] for o in latest} == {due.name, later.name}


def test_beat_schedule_runs_the_reminder_daily():
    # The data migration's own function (the row it made may have been flushed by a
    # transactional test elsewhere in the session); running it again is harmless.
    migration = importlib.import_module("apps.partyorg.migrations.0002_terms_due_schedule")
    migration.add_schedule(django_apps, None)
    migration.add_schedule(django_apps, None)
    task = PeriodicTask.objects.get(task="apps.partyorg.tasks.partyorg_terms_due_notify")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("8", "30")


def test_task_calls_the_service(sector, party_staff):
    own_branch(sector, term_start=dt.date(2000, 1, 1), term_planned_end=dt.date(2003, 1, 1))
    assert tasks.partyorg_terms_due_notify.delay().get() == 1
