"""Real Celery for the tests that need it: an in-process worker on Redis, or a dead broker.

Usage (the fixtures are imported in tests/conftest.py)::

    @pytest.mark.celery_worker
    def test_task_runs_on_a_worker(celery_worker):
        with transaction.atomic():
            thing_create(...)              # enqueues on commit, to the real broker
        wait_for(lambda: Thing.objects.get(...).done)

``celery_worker`` needs Redis (REDIS_URL, else redis://127.0.0.1:6379/0). Without it the
test is skipped — except when CI=true, where it fails, so CI always runs these. Each test
gets its own queue, so parallel pytest processes (``-n 2``) and a developer's running
worker never take each other's tasks. The worker is a thread of the test process: it
shares the locmem ``mail.outbox`` and reaches the test database through its own
connection, which is why the fixture uses ``transactional_db`` (commits are real).

Everything else in the test suite keeps running tasks eagerly (tests/settings.py); these
fixtures switch the one Celery app over for the duration of a test and back.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import TestWorkController, start_worker
from celery.signals import task_postrun
from django.db import connection
from kombu import pools

from shlawyers.celery import app as celery_app
from shlawyers.env import redis_db_url

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# A port nothing listens on: publishing fails at once with "connection refused".
DEAD_BROKER_URL = "redis://127.0.0.1:1/0"


def worker_broker_url() -> str:
    """The broker the worker tests use: REDIS_URL's server, database 0 (as in production)."""
    return redis_db_url(os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL, 0)


def _reset_connections(app: Celery) -> None:
    """Forget pooled connections and cached queue/route tables, so new settings take effect."""
    app._pool = None
    app.__dict__.pop("amqp", None)  # a cached_property: rebuilt from app.conf on next use
    # kombu keeps connection and producer pools in process-wide registries keyed by URL;
    # close and forget them all, or a later publish may pick up a closed pool.
    pools.reset()


@contextmanager
def celery_conf(app: Celery = celery_app, **overrides: Any) -> Iterator[Celery]:
    """Change Celery settings (lower-case names, e.g. task_always_eager=False) for a block."""
    saved = {key: app.conf[key] for key in overrides}
    app.conf.update(overrides)
    _reset_connections(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _reset_connections(app)


def _redis_reachable_or_skip(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        message = f"Redis not reachable at {url} ({exc}); set REDIS_URL to run the worker tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _delete_queue_keys(url: str, queue: str) -> None:
    # The queue's list (and priority variants) and the exchange bindings kombu declared.
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"*{queue}*"))
    if keys:
        client.delete(*keys)


def wait_for(condition: Callable[[], Any], *, timeout: float = 20.0, interval: float = 0.05) -> Any:
    """Poll until ``condition()`` is truthy and return it; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout}s: {condition}")
        time.sleep(interval)


def _close_worker_db_connection(**kwargs: Any) -> None:
    # The worker thread's own connection: closed after each task, so it never holds the
    # test database open when pytest-django flushes or drops it.
    connection.close()


@pytest.fixture
def celery_worker(transactional_db: None) -> Iterator[TestWorkController]:
    """A real Celery worker (solo pool, in a thread) consuming a queue of its own on Redis."""
    url = worker_broker_url()
    _redis_reachable_or_skip(url)
    queue = f"shlawyers-test-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    task_postrun.connect(_close_worker_db_connection, weak=False)
    try:
        with (
            celery_conf(
                broker_url=url,
                task_always_eager=False,
                task_default_queue=queue,
                # Every task to this test's own queue, whatever settings.CELERY_TASK_ROUTES
                # says (notifications / reports): the worker below consumes only that one.
                task_routes={},
                # Leave pytest's logging (caplog) alone.
                worker_hijack_root_logger=False,
                # No broadcast (pidbox) queue: nothing shared with other workers on this Redis.
                worker_enable_remote_control=False,
                broker_connection_retry_on_startup=False,
            ),
            start_worker(
                celery_app,
                pool="solo",
                concurrency=1,
                queues=[queue],
                perform_ping_check=False,  # the ping needs a result backend; we have none
                shutdown_timeout=30.0,
            ) as worker,
        ):
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_db_connection)
        _delete_queue_keys(url, queue)


@pytest.fixture
def celery_broker_down() -> Iterator[Celery]:
    """Celery publishing to a broker that refuses connections (Redis is "down")."""
    with celery_conf(
        broker_url=DEAD_BROKER_URL,
        task_always_eager=False,
        # Fail at once instead of retrying the publish for a while.
        task_publish_retry=False,
        broker_transport_options={"max_retries": 0, "visibility_timeout": 3600},
    ) as app:
        yield app
