"""A Celery worker killed in the middle of a task → the task runs again, to completion,
exactly once in effect.

The task is the yearly dues issue (members.tasks.dues_year_issue_task): it writes
invoices batch by batch, each batch with its notifications, which are e-mailed by further
tasks. A real worker (``celery -A shlawyers worker``, prefork, one child) runs as a
subprocess against the test database and Redis. The test holds an uncommitted invoice
row that the second batch's INSERT must wait for (same unique key), so the worker is caught
with batch one committed and announced, and batch two open;
then the whole worker (main process and child) gets SIGKILL, as from the OOM killer or a
``docker kill``. A new worker finds the message unacknowledged (acks_late) once Redis's
visibility timeout has passed, runs the task again, and the end state is what one clean
run gives: one invoice per payer, one notification and one e-mail per invoice.

Isolation on the shared Redis: the worker consumes a queue of its own, and kombu's
``global_keyprefix`` gives the test its own unacked-message index, so the short visibility
timeout of the second worker never redelivers another developer's messages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess  # nosec B404 - the test starts its own worker
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from apps.members.models import (
    DuesInvoice,
    DuesIssueRun,
    Lawyer,
    LawyerCategory,
    RunStatus,
)
from apps.members.services.dues import dues_issue_run_start
from apps.notifications.models import Notification
from tests.celery_support import (
    _redis_reachable_or_skip,
    celery_conf,
    wait_for,
    worker_broker_url,
)
from tests.conftest import _with_account
from tests.members.factories import (
    DuesInvoiceFactory,
    DuesScaleFactory,
    LawFirmFactory,
    LawyerFactory,
)

YEAR = 2026
BATCH = 200  # dues_year_issue's batch size: payers [0, 200) are batch one
ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """``celery -A shlawyers worker`` in a session of its own, so SIGKILL reaches every
    process of it (the main process and the pool child)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log.open("ab")
        self.proc = subprocess.Popen(  # nosec B603 - fixed argv
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "shlawyers",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--queues",
                env["FAULTS_QUEUE"],
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # warm shutdown
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def worker_env(tmp_path):
    """Environment for subprocess workers of this test; its Redis keys removed after."""
    url = worker_broker_url()
    _redis_reachable_or_skip(url)
    token = f"{os.getpid()}-{uuid.uuid4().hex[:10]}"
    db = connection.settings_dict
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "PYTHONPATH": str(ROOT),
        "REDIS_URL": url,
        "FAULTS_BROKER_URL": url,
        "FAULTS_DATABASE": json.dumps(
            {key: db[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
        ),
        "FAULTS_QUEUE": f"shlawyers-faults-{token}",
        "FAULTS_KEYPREFIX": f"shlawyers-faults-{token}:",
        "FAULTS_MAIL_DIR": str(mail_dir),
    }
    yield env
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"*shlawyers-faults-{token}*"))
    if keys:
        client.delete(*keys)


def _payers_with_accounts() -> tuple[list[Lawyer], list[str]]:
    """205 practising lawyers and their firm: batch one is lawyers 0–199, batch two the
    last five lawyers and the firm. Some lawyers in each batch have portal accounts (and
    so get a notification e-mail)."""
    DuesScaleFactory(fee_year=YEAR, lawyer_category=LawyerCategory.FULL_TIME, amount="2000")
    DuesScaleFactory(
        fee_year=YEAR, payer_kind="firm", lawyer_category="", firm_min_lawyers=1, amount="3000"
    )
    firm = LawFirmFactory(founded=dt.date(2000, 1, 1))
    # bulk_create: no per-row signals (statistics refresh), which would take a minute here.
    lawyers = Lawyer.objects.bulk_create(
        LawyerFactory.build_batch(BATCH + 5, firm=firm, first_licensed=dt.date(2010, 1, 1))
    )
    emails = []
    for index in (0, 1, 2, BATCH - 1, BATCH, BATCH + 4):
        email = f"payer{index}@example.cn"
        _with_account(lawyers[index], email)
        emails.append(email)
    return lawyers, emails


def _mails_to(mail_dir: Path) -> Counter[str]:
    count: Counter[str] = Counter()
    for path in mail_dir.glob("*.log"):
        count.update(re.findall(r"^To: (\S+)$", path.read_text(), flags=re.MULTILINE))
    return count


def _waiting_on_a_lock(db_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = %s AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
            [db_name],
        )
        return cursor.fetchone()[0] > 0


def test_dues_issue_task_is_declared_for_redelivery():
    from apps.members.tasks import dues_year_issue_task

    assert dues_year_issue_task.acks_late is True
    assert dues_year_issue_task.reject_on_worker_lost is True
    # Redis redelivers an unacknowledged task only after the visibility timeout, which
    # must be longer than any task may run, or a slow task would run twice at once.
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    assert timeout > settings.CELERY_TASK_TIME_LIMIT
    assert timeout > dues_year_issue_task.time_limit


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_dues_issue_reruns_the_task_exactly_once_in_effect(
    worker_env, member_services, tmp_path
):
    lawyers, emails = _payers_with_accounts()
    payers = BATCH + 5 + 1
    db_name = connection.settings_dict["NAME"]
    mail_dir = Path(worker_env["FAULTS_MAIL_DIR"])
    transport = {"global_keyprefix": worker_env["FAULTS_KEYPREFIX"]}
    log = tmp_path / "worker.log"
    workers: list[Worker] = []
    try:
        with celery_conf(
            broker_url=worker_env["FAULTS_BROKER_URL"],
            task_always_eager=False,
            task_default_queue=worker_env["FAULTS_QUEUE"],
            task_routes={},
            broker_transport_options=transport,
        ):
            # The lock: an uncommitted invoice of ours for the first payer of batch two.
            # The worker's INSERT of that batch waits on the unique (year, lawyer) key
            # before its transaction can commit; ours is rolled back after the kill.
            with transaction.atomic():
                ours = DuesInvoiceFactory(year=YEAR, lawyer=lawyers[BATCH])
                # A second connection publishes the task (ours is in the lock's transaction).
                run = _start_run_elsewhere(member_services)

                workers.append(Worker(worker_env, log))  # production visibility timeout
                wait_for(
                    lambda: (
                        DuesInvoice.objects.filter(year=YEAR).exclude(pk=ours.pk).count() == BATCH
                        and _waiting_on_a_lock(db_name)
                    ),
                    timeout=45,
                    interval=0.2,
                )
                # Batch one is committed and announced; batch two waits on our lock.
                assert DuesIssueRun.objects.get(pk=run).status == RunStatus.RUNNING
                workers[0].kill()
                transaction.set_rollback(True)
            # Lock released: the killed worker's open transaction is rolled back.

            env = {**worker_env, "FAULTS_VISIBILITY_TIMEOUT": "3"}
            workers.append(Worker(env, log))
            wait_for(
                lambda: DuesIssueRun.objects.get(pk=run).status == RunStatus.DONE,
                timeout=45,
                interval=0.2,
            )
            wait_for(
                lambda: (
                    not Notification.objects.filter(
                        key="members_dues_issued", sent_at__isnull=True
                    ).exists()
                ),
                timeout=20,
                interval=0.2,
            )
    finally:
        for worker in workers:
            worker.stop()

    assert DuesInvoice.objects.filter(year=YEAR).count() == payers
    assert DuesInvoice.objects.filter(year=YEAR, firm__isnull=False).count() == 1
    run_row = DuesIssueRun.objects.get(pk=run)
    assert (run_row.issued, run_row.skipped) == (payers - BATCH, BATCH)  # the rerun's count
    notified = Notification.objects.filter(key="members_dues_issued")
    assert sorted(notified.values_list("recipient__email", flat=True)) == sorted(emails)
    assert _mails_to(mail_dir) == Counter(emails), log.read_text()[-3000:]


def _start_run_elsewhere(actor) -> int:
    """Create and enqueue the run on a separate connection, committed at once."""
    import threading

    result: dict[str, int] = {}

    def start() -> None:
        try:
            with transaction.atomic():
                result["run"] = dues_issue_run_start(fee_year=YEAR, actor=actor).pk
        finally:
            connection.close()

    thread = threading.Thread(target=start)
    thread.start()
    thread.join(timeout=30)
    return result["run"]
