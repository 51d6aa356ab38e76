"""Staff report jobs: request (one active run per kind + parameters), execute (the one
service the Celery task and the management command both call), re-run after a failure.

A run moves queued → running → done | failed. ``report_run_execute`` claims a queued
run with a row lock (a duplicate task finds it running and does nothing), builds the
content through the other apps' selectors while updating ``progress``, writes the xlsx
and PDF to private storage and tells the requester (notifications outbox) in the same
transaction that marks the run done. Any error marks the run failed with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..models import ACTIVE_STATUSES, ReportKind, ReportRun, RunStatus

logger = logging.getLogger(__name__)

ADD_PERMISSION = "stats.add_reportrun"
NOTIFICATION_KEY = "stats_report_ready"


def params_key(params: dict[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, separators=(",", ":"))


def _check_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    if kind not in ReportKind.values:
        raise DomainError(_("未知的报表类型。"))
    try:
        year = int(params["year"])
    except (KeyError, TypeError, ValueError):
        raise DomainError(_("请填写年度。")) from None
    clean: dict[str, Any] = {"year": year}
    if kind == ReportKind.COMPLAINTS_MONTHLY:
        try:
            month = int(params["month"])
        except (KeyError, TypeError, ValueError):
            raise DomainError(_("投诉处理月报需要选择月份。")) from None
        if not 1 <= month <= 12:
            raise DomainError(_("月份应在1至12之间。"))
        clean["month"] = month
    return clean


def _enqueue(run_id: int) -> None:
    from ..tasks import report_run_execute_task

    def send() -> None:
        try:
            report_run_execute_task.delay(run_id)
        except Exception:  # broker down: the run stays queued; staff can run it again
            logger.exception("Could not enqueue report run %s", run_id)

    transaction.on_commit(send)


def report_run_request(
    *, actor: User | None, kind: str, params: dict[str, Any], enqueue: bool = True
) -> tuple[ReportRun, bool]:
    """The run for (kind, params): the active one if an identical request is queued or
    running, else a new queued run. ``actor`` None: the schedule or a management command."""
    if actor is not None and not (actor.is_active and actor.has_perm(ADD_PERMISSION)):
        raise PermissionDenied
    params = _check_params(kind, params)
    key = params_key(params)
    with transaction.atomic():
        active = ReportRun.objects.filter(kind=kind, params_key=key, status__in=ACTIVE_STATUSES)
        existing = active.first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    kind=kind, params=params, params_key=key, requested_by=actor
                )
        except IntegrityError:  # an identical request committed a moment before ours
            return active.get(), False
        if enqueue:
            _enqueue(run.pk)
    return run, True


def report_run_rerun(*, actor: User, run: ReportRun) -> ReportRun:
    """Queue a failed (or finished) run again with the same parameters."""
    if not (actor.is_active and actor.has_perm(ADD_PERMISSION)):
        raise PermissionDenied
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run.pk)
        if run.status in ACTIVE_STATUSES and not _is_stuck(run):
            raise DomainError(_("该报表正在生成，请稍候。"))
        run.status = RunStatus.QUEUED
        run.progress = 0
        run.error = ""
        run.requested_by = actor
        run.finished_at = None
        try:
            with transaction.atomic():
                run.save(
                    update_fields=["status", "progress", "error", "requested_by", "finished_at"]
                )
        except IntegrityError:
            raise DomainError(_("相同的报表正在生成，请稍候。")) from None
        _enqueue(run.pk)
    return run


def _is_stuck(run: ReportRun) -> bool:
    """Running for longer than Celery's hard time limit: the worker died mid-run."""
    limit = dt.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 15 * 60))
    return (
        run.status == RunStatus.RUNNING
        and run.started_at is not None
        and run.started_at < timezone.now() - limit
    )


# A queued run older than this was not picked up: its message was lost (the broker was
# down when it was requested, or a worker died holding it). The sweep sends it again.
SWEEP_AFTER = dt.timedelta(minutes=2)


def report_runs_sweep(*, now: dt.datetime | None = None) -> int:
    """Send again every run the broker may have lost; the number sent.

    The ``ReportRun`` row is the durable outbox: a request commits its run before the
    message is published, so a broker outage loses only the message. Every few minutes
    (beat) queued runs older than :data:`SWEEP_AFTER` are published again, and runs stuck
    in *running* past Celery's hard time limit (the worker died) are put back in the queue.
    A run is built at most once however many messages name it: ``report_run_execute``
    claims only a queued run, under a row lock.
    """
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        stuck = [
            run
            for run in ReportRun.objects.select_for_update(skip_locked=True).filter(
                status=RunStatus.RUNNING
            )
            if _is_stuck(run)
        ]
        for run in stuck:
            logger.warning(
                "Report run %s stuck in running since %s: queued again", run.pk, run.started_at
            )
            run.status = RunStatus.QUEUED
            run.progress = 0
            run.save(update_fields=["status", "progress"])
    waiting = ReportRun.objects.filter(
        status=RunStatus.QUEUED, created_at__lt=now - SWEEP_AFTER
    ).values_list("pk", flat=True)
    for run_id in list(waiting):
        _enqueue(run_id)
        sent += 1
    return sent


def _set_progress(run_id: int, percent: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress=max(0, min(percent, 99))
    )


def _claim(run_id: int) -> ReportRun | None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != RunStatus.QUEUED:
            return None
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.progress = 1
        run.attempts += 1
        run.save(update_fields=["status", "started_at", "progress", "attempts"])
        return run


def _notify(run: ReportRun) -> None:
    from apps.notifications.services import notification_create

    if run.requested_by is None or not run.requested_by.is_active:
        return
    notification_create(
        recipient=run.requested_by,
        key=NOTIFICATION_KEY,
        context={
            "report": str(run.get_kind_display()),
            "params": str(run.params_display),
            "status": run.status,
            "error": run.error[:300],
        },
        url=reverse("stats:report_detail", kwargs={"pk": run.pk}),
    )


def report_run_execute(*, run_id: int) -> ReportRun | None:
    """Build the run's files, updating progress; None if the run was not queued."""
    from .report_content import report_content_build
    from .report_files import report_pdf, report_xlsx

    run = _claim(run_id)
    if run is None:
        return None
    language = "zh-hans"
    run_pk = run.pk
    try:
        with override(language):
            content = report_content_build(
                run.kind, run.params, lambda pct: _set_progress(run_pk, pct)
            )
            _set_progress(run.pk, 75)
            xlsx = report_xlsx(content)
            _set_progress(run.pk, 85)
            pdf = report_pdf(content)
        _set_progress(run.pk, 95)
        stem = f"{run.kind}-{run.pk}-{timezone.now():%Y%m%d%H%M%S}"
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run.pk)
            run.xlsx_file.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
            run.pdf_file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
            run.status = RunStatus.DONE
            run.progress = 100
            run.error = ""
            run.finished_at = timezone.now()
            run.save()
            _notify(run)
    except Exception as exc:
        logger.exception("Report run %s failed", run_id)
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run_id)
            run.status = RunStatus.FAILED
            run.error = f"{type(exc).__name__}: {exc}"[:2000]
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "error", "finished_at"])
            _notify(run)
    return run


def report_scheduled_monthly_complaints(*, today: Any = None) -> ReportRun:
    """The beat schedule: last month's complaints report (no requester; staff see it on
    the report jobs page)."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    last_month = first - dt.timedelta(days=1)
    run, _created = report_run_request(
        actor=None,
        kind=ReportKind.COMPLAINTS_MONTHLY,
        params={"year": last_month.year, "month": last_month.month},
    )
    return run
