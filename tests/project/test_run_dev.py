"""`make run`'s supervisor (scripts/run_dev.py): the site and a real Celery worker with beat,
on kombu's filesystem broker without REDIS_URL (no server at all) and on Redis with it —
the same command either way — and Ctrl-C stops them all.

The supervisor runs as `make run` runs it, against the test database, with a data folder
of its own. The test publishes a task from this process (as a web request would) and the
worker runs it; beat fires a one-second schedule stored in django-celery-beat's tables;
then SIGINT (what Ctrl-C sends) must leave no process behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest
import redis
from django.db import connection
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from apps.notifications.tasks import notifications_sweep
from shlawyers.env import redis_db_url
from tests.celery_support import DEFAULT_REDIS_URL, _redis_reachable_or_skip, celery_conf

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _test_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")  # a socket directory is URL-encoded
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


def _wait(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


# The Redis variant's broker: a logical database nothing else here uses, so a developer's
# running worker (database 0) never takes the test's tasks.
REDIS_TEST_BROKER_DB = 14


@pytest.fixture(params=["filesystem", pytest.param("redis", marks=pytest.mark.celery_worker)])
def dev_site(request, transactional_db, tmp_path):
    """The supervisor, started like `make run` does, with its log and data folder: once
    embedded (no REDIS_URL) and once with REDIS_URL, with the same command."""
    schedule = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="run_dev test: sweep every second",
        task="apps.notifications.tasks.notifications_sweep",
        interval=schedule,
    )
    port = _free_port()
    data_dir = tmp_path / "data"
    log_path = tmp_path / "run_dev.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", "PYTEST_XDIST_WORKER"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="shlawyers.settings",
        DATABASE_URL=_test_database_url(),
        DATA_DIR=str(data_dir),
        DEBUG="true",
        PYTHONUNBUFFERED="1",
    )
    folder = str(data_dir / "celery" / "queue")
    broker = {
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": folder,
            "data_folder_out": folder,
            "control_folder": str(data_dir / "celery" / "control"),
        },
    }
    if request.param == "redis":
        redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
        broker_url = redis_db_url(redis_url, REDIS_TEST_BROKER_DB)
        _redis_reachable_or_skip(broker_url)
        env.update(REDIS_URL=redis_url, CELERY_BROKER_URL=broker_url)
        broker = {"broker_url": broker_url, "broker_transport_options": {}}
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "scripts/run_dev.py", "--port", str(port), "--concurrency", "1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    site = {
        "process": process,
        "port": port,
        "data_dir": data_dir,
        "broker": broker,
        "kind": request.param,
        "log": lambda: log_path.read_text(encoding="utf-8", errors="replace"),
        "started": started,
    }
    try:
        yield site
    finally:
        # If the test failed half-way: stop the supervisor, then anything it left behind,
        # so nothing keeps the test database open when it is flushed.
        leftovers = []
        if process.poll() is None:
            leftovers = psutil.Process(process.pid).children(recursive=True)
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        for child in leftovers:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        if request.param == "redis":
            client = redis.Redis.from_url(broker["broker_url"])
            keys = list(client.scan_iter())
            if keys:
                client.delete(*keys)


def test_make_run_serves_the_site_with_a_real_worker_and_beat_and_ctrl_c_stops_all(dev_site):
    process, port = dev_site["process"], dev_site["port"]

    _wait(lambda: _healthy(port), timeout=90, what="the site's /healthz")
    _wait(lambda: "ready." in dev_site["log"](), timeout=90, what="the worker to be ready")
    assert "beat: Starting..." in dev_site["log"]()
    expected = "filesystem://" if dev_site["kind"] == "filesystem" else "redis://"
    assert f"Connected to {expected}" in dev_site["log"]()

    # A task published by another process (as a view would) runs on the worker.
    with celery_conf(**dev_site["broker"], task_always_eager=False):
        task_id = notifications_sweep.delay().id
    _wait(
        lambda: f"notifications_sweep[{task_id}] succeeded" in dev_site["log"](),
        timeout=60,
        what="the worker to run the published task",
    )

    # Beat (inside the worker) fires the one-second schedule from the database.
    _wait(
        lambda: "Sending due task run_dev test: sweep every second" in dev_site["log"](),
        timeout=60,
        what="beat to send the scheduled task",
    )
    _wait(
        lambda: (
            len(re.findall(r"notifications_sweep\[[0-9a-f-]+\] succeeded", dev_site["log"]())) >= 2
        ),
        timeout=60,
        what="the worker to run the scheduled task",
    )

    # Ctrl-C: the supervisor, runserver (reloader and child) and the worker (and its pool).
    tree = [process.pid, *(child.pid for child in psutil.Process(process.pid).children(True))]
    assert len(tree) >= 4
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0

    def _all_gone() -> bool:
        alive = []
        for pid in tree:
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
            except psutil.NoSuchProcess:
                pass
        return not alive

    _wait(_all_gone, timeout=15, what="every process of the site to exit")
