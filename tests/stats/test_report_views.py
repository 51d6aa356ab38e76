"""Report job pages: the reports role requests, watches progress and downloads; nobody
else gets the files."""

from __future__ import annotations

import pytest

from apps.accounts.roles import Role
from apps.stats.models import ReportKind, ReportRun, RunStatus
from apps.stats.services.reports import report_run_execute, report_run_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_run(db):
    run, _ = report_run_request(
        actor=None, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    return report_run_execute(run_id=run.pk)


def test_reports_role_downloads_both_files(client, reports, done_run):
    client.force_login(reports)
    xlsx = client.get(f"/stats/reports/{done_run.pk}/download/xlsx/")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    pdf = client.get(f"/stats/reports/{done_run.pk}/download/pdf/")
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"


@pytest.mark.parametrize("role", [r for r in Role if r != Role.REPORTS])
def test_other_staff_roles_get_403(client, staff_user, role, done_run):
    client.force_login(staff_user(role))
    assert client.get(f"/stats/reports/{done_run.pk}/download/pdf/").status_code == 403
    assert client.get(f"/stats/reports/{done_run.pk}/").status_code == 403
    assert client.get("/stats/reports/").status_code == 403


def test_members_and_readers_get_403(client, lawyer, reader, done_run):
    for user in (lawyer.user, reader):
        client.force_login(user)
        assert client.get(f"/stats/reports/{done_run.pk}/download/xlsx/").status_code == 403


def test_anonymous_cannot_download(anonymous, done_run):
    assert anonymous.get(f"/stats/reports/{done_run.pk}/download/xlsx/").status_code == 403
    assert anonymous.get("/stats/reports/").status_code == 302


def test_unknown_run_or_format_is_404(client, reports, done_run):
    client.force_login(reports)
    assert client.get("/stats/reports/999999/").status_code == 404
    assert client.get(f"/stats/reports/{done_run.pk}/download/docx/").status_code == 404


def test_request_form_creates_a_run_and_redirects_to_its_progress(
    client, reports, django_capture_on_commit_callbacks
):
    client.force_login(reports)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/stats/reports/", {"kind": "dues", "year": "2026"})
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/stats/reports/{run.pk}/"
    run.refresh_from_db()
    assert run.status == RunStatus.DONE  # eager Celery in tests


def test_bad_request_form_is_400_with_a_message(client, reports):
    client.force_login(reports)
    response = client.post("/stats/reports/", {"kind": "complaints_monthly", "year": "2026"})
    assert response.status_code == 400
    assert "需要选择月份" in response.content.decode()
    assert client.post("/stats/reports/", {"kind": "dues", "year": "abc"}).status_code == 400
    assert not ReportRun.objects.exists()


def test_progress_fragment_polls_while_active_and_stops_when_done(client, reports):
    client.force_login(reports)
    run, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    html = client.get(f"/stats/reports/{run.pk}/progress/").content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'value="40"' in html
    run = report_run_execute(run_id=run.pk) or run
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
    report_run_execute(run_id=run.pk)
    html = client.get(f"/stats/reports/{run.pk}/progress/").content.decode()
    assert "hx-trigger" not in html
    assert f"/stats/reports/{run.pk}/download/xlsx/" in html


def test_failed_run_page_offers_a_rerun(client, reports, django_capture_on_commit_callbacks):
    client.force_login(reports)
    run, _ = report_run_request(
        actor=reports, kind=ReportKind.DUES, params={"year": 2026}, enqueue=False
    )
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error="RuntimeError: 磁盘已满"
    )
    html = client.get(f"/stats/reports/{run.pk}/").content.decode()
    assert "磁盘已满" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/stats/reports/{run.pk}/rerun/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_report_list_query_budget_does_not_grow(client, reports, django_assert_max_num_queries):
    client.force_login(reports)
    for year in range(2010, 2025):
        report_run_request(
            actor=reports, kind=ReportKind.DUES, params={"year": year}, enqueue=False
        )
    with django_assert_max_num_queries(12):
        assert client.get("/stats/reports/").status_code == 200
