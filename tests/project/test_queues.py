"""Celery queues: notifications and reports are separate, so a long report never waits in
front of a notification; a worker started without -Q consumes every queue."""

from __future__ import annotations

import pytest

from shlawyers.celery import app

QUEUES = {"default", "notifications", "reports"}


def _queue_of(task_name: str) -> str:
    route = app.amqp.router.route({}, task_name, args=(), kwargs={})
    return route["queue"].name


@pytest.fixture(scope="module", autouse=True)
def _tasks_loaded():
    app.loader.import_default_modules()


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("apps.notifications.tasks.notification_send", "notifications"),
        ("apps.notifications.tasks.notifications_sweep", "notifications"),
        ("apps.members.tasks.activation_notice_send", "notifications"),
        ("apps.complaints.tasks.complainant_mail_send", "notifications"),
        ("apps.legalservices.tasks.consultation_acknowledge", "notifications"),
        ("apps.events.tasks.event_reminders_send", "notifications"),
        ("apps.learning.tasks.cle_reminders_send", "notifications"),
        ("apps.stats.tasks.report_run_execute_task", "reports"),
        ("apps.stats.tasks.stats_snapshot_refresh_task", "reports"),
        ("apps.members.tasks.dues_year_issue_task", "reports"),
        ("apps.legalservices.tasks.search_reindex_all", "reports"),
        ("apps.legalservices.tasks.overseas_guide_build", "reports"),
        ("apps.news.tasks.news_publish_due", "default"),
        ("apps.complaints.tasks.complaints_purge", "default"),
    ],
)
def test_task_goes_to_its_queue(task_name, queue):
    assert task_name in app.tasks
    assert _queue_of(task_name) == queue


def test_every_project_task_routes_to_a_declared_queue():
    names = [name for name in app.tasks if name.startswith("apps.")]
    assert names
    for name in names:
        assert _queue_of(name) in QUEUES, name


def test_a_worker_without_dash_q_consumes_every_queue():
    # app.amqp.queues is what `celery worker` consumes when no -Q is given.
    assert set(app.amqp.queues) == QUEUES
    assert app.conf.task_default_queue == "default"


def test_notification_and_report_never_share_a_queue():
    assert _queue_of("apps.notifications.tasks.notification_send") != _queue_of(
        "apps.stats.tasks.report_run_execute_task"
    )
