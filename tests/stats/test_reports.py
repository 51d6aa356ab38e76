"""Staff report jobs: one service, real files, progress, one active run per request,
failures recorded and re-runnable, downloads for the reports role only."""

from __future__ import annotations

import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection, transaction
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.accounts.roles import Role
from apps.core.exceptions import DomainError
from apps.notifications.models import Notification
from apps.stats.models import ReportKind, ReportRun, RunStatus
from apps.stats.services import reports as reports_service
from apps.stats.services.reports import (
    report_run_execute,
    report_run_request,
    report_run_rerun,
)
from tests.celery_support import wait_for
from tests.legalservices.factories import ProBonoRecordFactory
from tests.members.factories import (
    DuesInvoiceFactory,
    LawFirmFactory,
    LawyerFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _sheet_rows(data: bytes, title: str) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data))
    return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]


@pytest.fixture
def probono_data(db):
    from django.utils import timezone

    from apps.legalservices.models import RecordStatus

    year = timezone.localdate().year
    firm = LawFirmFactory(name="=SUM(A1)律师事务所")
    MembershipFactory(lawyer=None, firm=firm)
    lawyer = LawyerFactory(firm=firm)
    MembershipFactory(lawyer=lawyer)
    for kind in ("legal_aid", "legal_aid", "mediation"):
        ProBonoRecordFactory(
            lawyer=lawyer,
            kind=kind,
            date=timezone.localdate(),
            status=RecordStatus.VERIFIED,
        )
    return year


def test_probono_report_workbook_and_pdf(reports, probono_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run, created = report_run_request(
            actor=reports, kind=ReportKind.PROBONO, params={"year": probono_data}
        )
    assert created
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    rows = _sheet_rows(run.xlsx_file.read(), "按类型统计")
    assert rows[1] == ("类型", "件次")
    assert ("法律援助", 2) in rows
    assert ("律师调解", 1) in rows
    text = _pdf_text(run.pdf_file.open("rb").read())
    assert "公益法律服务报告" in text
    assert "法律援助" in text


def test_requester_gets_an_email_when_the_report_is_ready(
    reports, probono_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = report_run_request(
            actor=reports, kind=ReportKind.PROBONO, params={"year": probono_data}
        )
    note = Notification.objects.get(recipient=reports, key="stats_report_ready")
    assert note.url == f"/stats/reports/{run.pk}/"
    assert any("报表已生成" in m.subject for m in mail.outbox)


@pytest.mark.parametrize(
    ("kind", "params", "sheet", "expected_text"),
    [
        (ReportKind.ANNUAL, {"year": 2026}, "会员概况", "年度统计报告"),
        (
            ReportKind.COMPLAINTS_MONTHLY,
            {"year": 2026, "month": 3},
            "每月收到的投诉",
            "投诉处理月报",
        ),
        (ReportKind.PARTY, {"year": 2026}, "律师行业党组织构成", "党组织登记统计报告"),
        (ReportKind.CLE, {"year": 2026}, "达标概况", "继续教育学时达标报告"),
        (ReportKind.DUES, {"year": 2026}, "会费收缴", "会费收缴报告"),
    ],
)
def test_every_report_kind_produces_a_workbook_and_a_chinese_pdf(
    kind, params, sheet, expected_text
):
    run, _ = report_run_request(actor=None, kind=kind, params=params, enqueue=False)
    run = report_run_execute(run_id=run.pk)
    assert run.status == RunStatus.DONE, run.error
    workbook = load_workbook(io.BytesIO(run.xlsx_file.read()))
    assert sheet in workbook.sheetnames
    assert expected_text in _pdf_text(run.pdf_file.open("rb").read())


def test_annual_report_for_a_closed_year_uses_its_snapshot():
    from decimal import Decimal

    from django.utils import timezone

    from apps.stats.models import YearlySnapshot

    last = timezone.localdate().year - 1
    YearlySnapshot.objects.create(
        year=last, metric="members", value=Decimal(41234), taken_at=timezone.now()
    )
    run, _ = report_run_request(
        actor=None, kind=ReportKind.ANNUAL, params={"year": last}, enqueue=False
    )
    run = report_run_execute(run_id=run.pk)
    rows = _sheet_rows(run.xlsx_file.read(), f"{last}年主要数字")
    assert ("个人会员（名）", 41234) in rows
    assert "年度快照" in _pdf_text(run.pdf_file.open("rb").read())


def test_dues_report_counts_paid_invoices():
    lawyer = LawyerFactory()
    DuesInvoiceFactory(lawyer=lawyer, year=2025, amount=1000)
    run, _ = report_run_request(
        actor=None, kind=ReportKind.DUES, params={"year": 2025}, enqueue=False
    )
    run = report_run_execute(run_id=run.pk)
    rows = _sheet_rows(run.xlsx_file.read(), "会费收缴")
    lawyer_row = next(r for r in rows if r[0] == "个人会员")
    assert lawyer_row[1] == 1  # issued
    assert lawyer_row[4] == 1000


def test_spreadsheet_text_is_never_a_formula(probono_data):
    run, _ = report_run_request(
        actor=None, kind=ReportKind.CLE, params={"year": probono_data}, enqueue=False
    )
    run = report_run_execute(run_id=run.pk)
    rows = _sheet_rows(run.xlsx_file.read(), "未达标人数最多的律师事务所")
    names = [r[0] for r in rows[2:]]
    assert "'=SUM(A1)律师事务所" in names


def test_identical_requests_share_one_active_run(reports):
    first, created = report_run_request(
        actor=reports, kind=ReportKind.PARTY, params={"year": 2026}, enqueue=False
    )
    second, created_again = report_run_request(
        actor=reports, kind=ReportKind.PARTY, params={"year": 2026}, enqueue=False
    )
    assert created
    assert not created_again
    assert second.pk == first.pk
    other, created_other = report_run_request(
        actor=reports, kind=ReportKind.PARTY, params={"year": 2025}, enqueue=False
    )
    assert created_other
    assert other.pk != first.pk


@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_at_once_produce_one_run(staff_user):
    user = staff_user(Role.REPORTS)
    barrier = threading.Barrier(2)
    results = []

    def request() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(
                    report_run_request(
                        actor=user, kind=ReportKind.DUES, params={"year": 2024}, enqueue=False
                    )[0].pk
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    assert results[0] == results[1]
    assert ReportRun.objects.count() == 1


def test_a_failed_run_records_why_and_can_be_rerun(reports, monkeypatch):
    def boom(params, progress):
        progress(30)
        raise RuntimeError("数据源暂时不可用")

    monkeypatch.setitem(
        __import__("apps.stats.services.report_content", fromlist=["BUILDERS"]).BUILDERS,
        ReportKind.DUES,
        boom,
    )
    run, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    run = report_run_execute(run_id=run.pk)
    assert run.status == RunStatus.FAILED
    assert "数据源暂时不可用" in run.error
    assert Notification.objects.filter(recipient=reports, key="stats_report_ready").exists()

    monkeypatch.undo()
    run = report_run_rerun(actor=reports, run=run)
    assert run.status == RunStatus.QUEUED
    run = report_run_execute(run_id=run.pk)
    assert run.status == RunStatus.DONE
    assert run.attempts == 2
    assert run.error == ""


def test_an_active_run_cannot_be_rerun(reports):
    run, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    with pytest.raises(DomainError):
        report_run_rerun(actor=reports, run=run)


def test_a_run_stuck_after_a_dead_worker_can_be_rerun(reports):
    import datetime as dt

    from django.utils import timezone

    run, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    run = report_run_rerun(actor=reports, run=run)
    assert run.status == RunStatus.QUEUED
    assert report_run_execute(run_id=run.pk).status == RunStatus.DONE


def test_executing_a_run_twice_does_nothing_the_second_time():
    run, _ = report_run_request(
        actor=None, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    assert report_run_execute(run_id=run.pk) is not None
    assert report_run_execute(run_id=run.pk) is None


def test_bad_parameters_are_refused():
    with pytest.raises(DomainError):
        report_run_request(actor=None, kind=ReportKind.COMPLAINTS_MONTHLY, params={"year": 2026})
    with pytest.raises(DomainError):
        report_run_request(
            actor=None, kind=ReportKind.COMPLAINTS_MONTHLY, params={"year": 2026, "month": 13}
        )
    with pytest.raises(DomainError):
        report_run_request(actor=None, kind="nonsense", params={"year": 2026})


@pytest.mark.parametrize("role", [r for r in Role if r != Role.REPORTS])
def test_other_staff_roles_cannot_request_reports(staff_user, role):
    with pytest.raises(PermissionDenied):
        report_run_request(actor=staff_user(role), kind=ReportKind.DUES, params={"year": 2026})


def test_management_command_runs_the_same_service(capsys):
    call_command("stats_report", "dues", "--year", "2026")
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE
    assert run.requested_by is None
    assert str(run.pk) in capsys.readouterr().out


def test_monthly_schedule_requests_last_months_complaints_report():
    import datetime as dt

    run = reports_service.report_scheduled_monthly_complaints(today=dt.date(2026, 1, 1))
    assert run.kind == ReportKind.COMPLAINTS_MONTHLY
    assert run.params == {"year": 2025, "month": 12}


def test_beat_schedules_are_registered_for_staff_to_edit():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # The data migration's function (run again: an earlier transactional test may have
    # flushed the rows the migration wrote); it is idempotent.
    migration = importlib.import_module("apps.stats.migrations.0002_schedules")
    migration.add_schedules(apps, None)
    migration.add_schedules(apps, None)
    sweep = importlib.import_module("apps.stats.migrations.0003_report_runs_sweep_schedule")
    sweep.add_schedule(apps, None)
    sweep.add_schedule(apps, None)

    tasks = set(
        PeriodicTask.objects.filter(task__startswith="apps.stats.").values_list("task", flat=True)
    )
    assert tasks == {
        "apps.stats.tasks.stats_snapshot_refresh_task",
        "apps.stats.tasks.yearly_snapshots_take_task",
        "apps.stats.tasks.monthly_complaints_report_task",
        "apps.stats.tasks.report_runs_sweep_task",
    }
    monthly = PeriodicTask.objects.get(task="apps.stats.tasks.monthly_complaints_report_task")
    assert monthly.crontab.day_of_month == "1"
    assert monthly.enabled


@pytest.mark.celery_worker
def test_report_job_runs_on_a_real_worker(celery_worker, staff_user):
    user = staff_user(Role.REPORTS)
    firm = LawFirmFactory()
    lawyer = LawyerFactory(firm=firm)
    DuesInvoiceFactory(lawyer=lawyer, year=2026, amount=800)
    with transaction.atomic():
        run, _ = report_run_request(actor=user, kind=ReportKind.DUES, params={"year": 2026})
    run = wait_for(
        lambda: ReportRun.objects.filter(pk=run.pk, status=RunStatus.DONE).first(), timeout=60
    )
    assert run.progress == 100
    rows = _sheet_rows(run.xlsx_file.read(), "会费收缴")
    assert next(r for r in rows if r[0] == "个人会员")[4] == 800
    text = _pdf_text(run.pdf_file.open("rb").read())
    assert "会费收缴报告" in text
    assert "个人会员" in text
