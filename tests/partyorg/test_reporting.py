"""Responsibility and reporting: major-matter reports against their working-day deadline,
innovative cases reviewed and featured on /party/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.core.exceptions import DomainError
from apps.partyorg.models import CaseStatus, InnovativeCase, ReportStatus
from apps.partyorg.services import reporting, rules
from tests.partyorg.factories import own_branch

pytestmark = pytest.mark.django_db


def _file(party_staff, org, filed_on=dt.date(2025, 9, 26)):
    return reporting.major_report_file(
        actor=party_staff,
        organization=org,
        title="关于延期换届的请示",
        body="请批示。",
        filed_on=filed_on,
    )


def test_reply_is_due_in_ten_working_days_skipping_the_national_holiday(sector, party_staff):
    # Filed Friday 26 September 2025: 28 Sep and 11 Oct are make-up working days,
    # 1–8 October are the National Day holiday.
    report = _file(party_staff, own_branch(sector))
    # Working days: 28, 29, 30 Sep, 9, 10, 11, 13, 14, 15, 16 Oct.
    assert report.reply_due == dt.date(2025, 10, 16)


def test_report_is_acknowledged_then_answered_once(sector, party_staff):
    report = _file(party_staff, own_branch(sector))
    report = reporting.major_report_acknowledge(actor=party_staff, report=report)
    assert report.status == ReportStatus.ACKNOWLEDGED
    with pytest.raises(DomainError):
        reporting.major_report_acknowledge(actor=party_staff, report=report)
    report = reporting.major_report_answer(
        actor=party_staff, report=report, answer="同意延期三个月。"
    )
    assert report.status == ReportStatus.ANSWERED
    assert report.answered_at is not None
    with pytest.raises(DomainError, match="已答复"):
        reporting.major_report_answer(actor=party_staff, report=report, answer="再次答复")


@pytest.mark.parametrize(
    ("answered", "today", "flagged"),
    [
        (False, dt.date(2025, 10, 16), False),  # due today
        (False, dt.date(2025, 10, 17), True),
        (True, dt.date(2025, 12, 1), False),
    ],
)
def test_unanswered_report_past_its_deadline_is_on_the_health_report(
    sector, party_staff, answered, today, flagged
):
    report = _file(party_staff, own_branch(sector))
    if answered:
        reporting.major_report_answer(actor=party_staff, report=report, answer="同意。")
    found = rules.registry_findings(today=today)["report_overdue"]
    assert (report.title in [f.label for f in found]) is flagged


def test_admin_acknowledge_action(client, party_staff, sector):
    report = _file(party_staff, own_branch(sector))
    client.force_login(party_staff)
    response = client.post(
        reverse("admin:partyorg_majormatterreport_changelist"),
        {"action": "acknowledge", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACKNOWLEDGED


def test_reports_are_for_party_affairs_only(client, member_services, sector):
    client.force_login(member_services)
    assert client.get(reverse("admin:partyorg_majormatterreport_changelist")).status_code == 403


def test_featured_cases_appear_on_the_public_page(client, party_staff, sector):
    org = own_branch(sector, name="上海申正律师事务所党支部")
    featured = InnovativeCase.objects.create(
        organization=org,
        year=2025,
        title="党员律师调解工作室",
        summary="进街道调解纠纷。",
        submitted_on=dt.date(2025, 5, 1),
    )
    declined = InnovativeCase.objects.create(
        organization=org,
        year=2025,
        title="未入选的案例",
        summary="……",
        submitted_on=dt.date(2025, 5, 1),
    )
    reporting.case_review(actor=party_staff, case=featured, featured=True, note="予以推广")
    reporting.case_review(actor=party_staff, case=declined, featured=False)
    with pytest.raises(DomainError):
        reporting.case_review(actor=party_staff, case=featured, featured=False)
    assert InnovativeCase.objects.get(pk=featured.pk).status == CaseStatus.FEATURED
    cache.clear()
    body = client.get("/party/").content.decode()
    assert "党员律师调解工作室" in body
    assert "未入选的案例" not in body
