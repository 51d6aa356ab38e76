from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.core.exceptions import DomainError
from apps.legalservices.models import GuideStatus, OverseasGuideRun
from apps.legalservices.services.guides import guide_request
from tests.celery_support import wait_for
from tests.legalservices.factories import OverseasOfficeFactory

pytestmark = pytest.mark.django_db


def _offices():
    OverseasOfficeFactory(name="申衡新加坡办公室")
    OverseasOfficeFactory(
        name="浦瀚伦敦办公室",
        country="GB",
        city="伦敦",
        city_en="London",
        latitude="51.50735",
        longitude="-0.12776",
        phone="=cmd|' /C calc'!A0",
    )
    OverseasOfficeFactory(name="未公开的网点", is_listed=False)


def test_guide_job_builds_a_pdf_with_chinese_text_and_an_xlsx(
    member_services, django_capture_on_commit_callbacks
):
    _offices()
    with django_capture_on_commit_callbacks(execute=True):
        run = guide_request(actor=member_services)
    run.refresh_from_db()
    assert (run.status, run.progress, run.office_count) == (GuideStatus.DONE, 100, 2)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(run.pdf.read())).pages)
    for expected in ("上海律师事务所海外服务网点指南", "新加坡", "申衡新加坡办公室", "伦敦"):
        assert expected in text
    assert "未公开的网点" not in text
    sheet = load_workbook(io.BytesIO(run.xlsx.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "网点名称"
    assert {row[3] for row in rows[1:]} == {"申衡新加坡办公室", "浦瀚伦敦办公室"}
    assert all(not str(cell).startswith("=") for row in rows for cell in row if cell)


def test_only_staff_with_the_permission_may_ask_and_only_the_requester_sees_it(
    client, member_services, editor, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        guide_request(actor=editor)
    client.force_login(member_services)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:legalservices_overseas_guide"))
    run = OverseasGuideRun.objects.get()
    assert response["Location"] == reverse(
        "admin:legalservices_overseas_guide_status", args=[run.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "100%" in page
    download = client.get(
        reverse("admin:legalservices_overseas_guide_download", args=[run.pk, "pdf"])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(editor)
    assert (
        client.get(reverse("admin:legalservices_overseas_guide_status", args=[run.pk])).status_code
        == 403
    )


def test_a_second_request_waits_for_the_first(member_services):
    guide_request(actor=member_services)  # queued (the on-commit task has not run)
    with pytest.raises(DomainError):
        guide_request(actor=member_services)


def test_another_member_of_staff_cannot_see_my_guide(client, member_services):
    from apps.accounts.roles import Role
    from tests.accounts.factories import staff_user

    run = OverseasGuideRun.objects.create(requested_by=member_services)
    colleague = staff_user(role=Role.MEMBER_SERVICES, email="second.desk@example.cn")
    client.force_login(colleague)
    assert (
        client.get(reverse("admin:legalservices_overseas_guide_status", args=[run.pk])).status_code
        == 404
    )


@pytest.mark.celery_worker
def test_worker_builds_the_guide_and_progress_reaches_100(celery_worker, member_services):
    _offices()
    with transaction.atomic():
        run = guide_request(actor=member_services)
    wait_for(lambda: OverseasGuideRun.objects.get(pk=run.pk).status == GuideStatus.DONE)
    run.refresh_from_db()
    assert run.progress == 100
    assert run.pdf.name.endswith(".pdf")
