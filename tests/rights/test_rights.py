"""Practice-rights reports (执业权利维护) and the relief fund (救助金)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core.exceptions import DomainError
from apps.notifications.models import Notification
from apps.rights.models import (
    ReliefApplication,
    ReliefStatus,
    ReportStatus,
    RightsReport,
)
from apps.rights.services import (
    acknowledge_deadline,
    relief_apply,
    relief_decide,
    relief_endorse,
    relief_window_open,
    rights_report_acknowledge,
    rights_report_act,
    rights_report_close,
    rights_report_submit,
)
from apps.rights.workdays import next_workday

pytestmark = pytest.mark.django_db

D = dt.date


# --- rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "deadline"),
    [
        (D(2026, 11, 24), D(2026, 11, 25)),  # Tuesday → Wednesday
        (D(2026, 11, 27), D(2026, 11, 30)),  # Friday → Monday
        (D(2026, 11, 28), D(2026, 11, 30)),  # Saturday → Monday
        (D(2026, 9, 30), D(2026, 10, 8)),  # eve of the National Day holiday → after it
        (D(2031, 3, 7), D(2031, 3, 10)),  # a year the calendar does not know: Mon–Fri
    ],
)
def test_acknowledgement_is_due_the_next_working_day(day, deadline):
    assert next_workday(day) == deadline
    submitted = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 30)))
    assert acknowledge_deadline(submitted) == deadline


@pytest.mark.parametrize(
    ("days_ago", "open_"),
    [(0, True), (1, True), (59, True), (60, True), (61, False), (400, False), (-1, False)],
)
def test_relief_window_is_sixty_days(days_ago, open_):
    today = D(2026, 11, 30)
    event = today - dt.timedelta(days=days_ago)
    assert relief_window_open(event_date=event, today=today, window_days=60) is open_


# --- reports -----------------------------------------------------------------------------


def _report(lawyer, **kw):
    data = {
        "kind": "meeting_denied",
        "occurred_on": timezone.localdate() - dt.timedelta(days=1),
        "authority": "某区看守所",
        "description": "持三证要求会见，被以“办案单位未同意”为由拒绝。",
    }
    data.update(kw)
    return rights_report_submit(user=lawyer.user, **data)


def test_report_runs_through_acknowledge_act_close(lawyer, member_services):
    report = _report(lawyer)
    assert report.status == ReportStatus.SUBMITTED
    report = rights_report_acknowledge(report=report, actor=member_services)
    report = rights_report_act(report=report, actor=member_services, note="已致函看守所协调")
    report = rights_report_close(
        report=report, actor=member_services, outcome="看守所已安排次日会见。"
    )
    assert report.status == ReportStatus.CLOSED
    assert report.acknowledged_at is not None
    assert report.closed_at is not None
    assert list(report.events.values_list("status", flat=True)) == [
        "submitted",
        "acknowledged",
        "acting",
        "closed",
    ]
    assert (
        Notification.objects.filter(recipient=lawyer.user, key="rights_report_updated").count() == 3
    )


@pytest.mark.parametrize(
    ("steps", "illegal"),
    [
        ([], "act"),  # must be acknowledged first
        ([], "close"),
        (["ack", "close"], "ack"),  # closed is final
        (["ack", "close"], "act"),
        (["ack"], "ack"),
    ],
)
def test_illegal_report_transitions_are_refused(lawyer, member_services, steps, illegal):
    do = {
        "ack": lambda r: rights_report_acknowledge(report=r, actor=member_services),
        "act": lambda r: rights_report_act(report=r, actor=member_services, note="措施"),
        "close": lambda r: rights_report_close(report=r, actor=member_services, outcome="结果"),
    }
    report = _report(lawyer)
    for step in steps:
        report = do[step](report)
    before = report.status
    with pytest.raises(DomainError):
        do[illegal](report)
    report.refresh_from_db()
    assert report.status == before


def test_closing_needs_an_outcome(lawyer, member_services):
    report = rights_report_acknowledge(report=_report(lawyer), actor=member_services)
    with pytest.raises(DomainError, match="处理结果"):
        rights_report_close(report=report, actor=member_services, outcome="  ")


def test_future_date_is_refused(lawyer):
    with pytest.raises(DomainError, match="晚于今天"):
        _report(lawyer, occurred_on=timezone.localdate() + dt.timedelta(days=1))


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REPORTS, Role.COMPLAINTS_OFFICER])
def test_only_member_services_handle_reports(lawyer, staff_user, role):
    report = _report(lawyer)
    with pytest.raises(PermissionDenied):
        rights_report_acknowledge(report=report, actor=staff_user(role))
    with pytest.raises(PermissionDenied):
        rights_report_acknowledge(report=report, actor=lawyer.user)


def test_staff_without_a_lawyer_record_cannot_report(member_services):
    with pytest.raises(DomainError):
        rights_report_submit(
            user=member_services,
            kind="other",
            occurred_on=timezone.localdate(),
            authority="x",
            description="y",
        )


# --- relief ------------------------------------------------------------------------------


def _apply(lawyer, **kw):
    data = {
        "kind": "illness",
        "event_date": timezone.localdate() - dt.timedelta(days=10),
        "description": "确诊恶性肿瘤，需长期治疗，暂停执业。",
        "amount_requested": Decimal("30000"),
    }
    data.update(kw)
    return relief_apply(user=lawyer.user, **data)


def test_relief_needs_the_firms_endorsement_then_a_decision(lawyer, firm_admin, member_services):
    application = _apply(lawyer)
    assert application.status == ReliefStatus.AWAITING_ENDORSEMENT
    assert Notification.objects.filter(
        recipient=firm_admin.user, key="rights_relief_updated"
    ).exists()
    with pytest.raises(DomainError, match="待审批"):
        relief_decide(
            application=application, actor=member_services, approve=True, amount=Decimal("1")
        )
    application = relief_endorse(application=application, user=firm_admin.user, endorse=True)
    assert application.status == ReliefStatus.SUBMITTED
    application = relief_decide(
        application=application,
        actor=member_services,
        approve=True,
        amount=Decimal("25000"),
        note="按重大疾病标准核定。",
    )
    assert application.status == ReliefStatus.APPROVED
    assert application.amount_granted == Decimal("25000")
    assert application.decided_by == member_services


def test_relief_after_sixty_days_is_refused(lawyer):
    with pytest.raises(DomainError, match="60 日内"):
        _apply(lawyer, event_date=timezone.localdate() - dt.timedelta(days=61))
    assert not ReliefApplication.objects.exists()


def test_relief_window_follows_the_settings(lawyer):
    from apps.rights.services import relief_settings

    rules = relief_settings()
    rules.window_days = 90
    rules.save()
    _apply(lawyer, event_date=timezone.localdate() - dt.timedelta(days=80))


@pytest.mark.parametrize(
    ("kind", "requested", "granted", "message"),
    [
        ("illness", "50001", None, "上限"),  # request above the illness cap
        ("injury", "20001", None, "上限"),
        ("injury", "10000", "10001", "申请金额"),  # granting more than asked
        ("injury", "10000", "0", "大于零"),
    ],
)
def test_relief_caps_are_enforced(
    lawyer, firm_admin, member_services, kind, requested, granted, message
):
    if granted is None:
        with pytest.raises(DomainError, match=message):
            _apply(lawyer, kind=kind, amount_requested=Decimal(requested))
        return
    application = _apply(lawyer, kind=kind, amount_requested=Decimal(requested))
    relief_endorse(application=application, user=firm_admin.user, endorse=True)
    with pytest.raises(DomainError, match=message):
        relief_decide(
            application=application,
            actor=member_services,
            approve=True,
            amount=Decimal(granted),
        )
    application.refresh_from_db()
    assert application.status == ReliefStatus.SUBMITTED


def test_rejection_needs_a_reason(lawyer, firm_admin, member_services):
    application = _apply(lawyer)
    relief_endorse(application=application, user=firm_admin.user, endorse=True)
    with pytest.raises(DomainError, match="理由"):
        relief_decide(application=application, actor=member_services, approve=False)


def test_only_the_firms_administrator_endorses(lawyer, colleague, outsider):
    application = _apply(lawyer)
    for user in (colleague.user, outsider.user, lawyer.user):
        with pytest.raises(PermissionDenied):
            relief_endorse(application=application, user=user, endorse=True)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.REPORTS])
def test_only_member_services_decide_relief(lawyer, firm_admin, staff_user, role):
    application = _apply(lawyer)
    relief_endorse(application=application, user=firm_admin.user, endorse=True)
    with pytest.raises(PermissionDenied):
        relief_decide(
            application=application, actor=staff_user(role), approve=True, amount=Decimal("1")
        )


# --- portal pages ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["colleague", "outsider", "firm_admin"])
def test_other_lawyers_cannot_open_a_report(client, request, lawyer, persona):
    report = _report(lawyer)
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(reverse("rights:report_detail", args=[report.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_other_lawyers_cannot_open_an_application(client, request, lawyer, persona):
    application = _apply(lawyer)
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(reverse("rights:relief_detail", args=[application.pk])).status_code == 404
    response = client.post(
        reverse("rights:relief_endorse", args=[application.pk]), {"decision": "yes"}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == ReliefStatus.AWAITING_ENDORSEMENT


def test_another_firms_administrator_cannot_endorse(client, lawyer, other_firm):
    from tests.conftest import _with_account
    from tests.members.factories import FirmAdministratorFactory, LawyerFactory

    other_admin = _with_account(LawyerFactory(firm=other_firm), "other-admin@example.cn")
    FirmAdministratorFactory(firm=other_firm, lawyer=other_admin)
    application = _apply(lawyer)
    client.force_login(other_admin.user)
    url = reverse("rights:relief_endorse", args=[application.pk])
    assert client.post(url, {"decision": "yes"}).status_code == 404


def test_lawyer_reports_and_follows_in_the_portal(client, lawyer, member_services):
    client.force_login(lawyer.user)
    response = client.post(
        reverse("rights:report_list"),
        {
            "kind": "files_withheld",
            "occurred_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
            "authority": "某区人民法院",
            "description": "申请阅卷三次未获安排。",
        },
    )
    report = RightsReport.objects.get(lawyer=lawyer)
    assert response.status_code == 302
    rights_report_acknowledge(report=report, actor=member_services, note="已受理")
    body = client.get(reverse("rights:report_detail", args=[report.pk])).content.decode()
    assert "已受理" in body
    assert "某区人民法院" in body


def test_invalid_report_form_is_400_with_messages(client, lawyer):
    client.force_login(lawyer.user)
    response = client.post(reverse("rights:report_list"), {"kind": "nonsense"})
    assert response.status_code == 400
    assert not RightsReport.objects.exists()


def test_late_relief_application_shows_the_rule(client, lawyer):
    client.force_login(lawyer.user)
    response = client.post(
        reverse("rights:relief_list"),
        {
            "kind": "injury",
            "event_date": (timezone.localdate() - dt.timedelta(days=70)).isoformat(),
            "amount_requested": "5000",
            "description": "出庭途中摔伤。",
        },
    )
    assert response.status_code == 400
    assert "60 日内" in response.content.decode()


def test_firm_admin_endorses_in_the_portal(client, lawyer, firm_admin):
    application = _apply(lawyer)
    client.force_login(firm_admin.user)
    page = client.get(reverse("rights:relief_endorse_list")).content.decode()
    assert application.reference in page
    client.post(reverse("rights:relief_endorse", args=[application.pk]), {"decision": "yes"})
    application.refresh_from_db()
    assert application.status == ReliefStatus.SUBMITTED
    assert application.endorsed_by == firm_admin.user


@pytest.mark.parametrize("n", [2, 10])
def test_portal_lists_keep_a_query_budget(client, lawyer, django_assert_max_num_queries, n):
    for _ in range(n):
        _report(lawyer)
        _apply(lawyer, amount_requested=Decimal("100"))
    client.force_login(lawyer.user)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("rights:report_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("rights:relief_list")).status_code == 200


@pytest.mark.parametrize("name", ["report_list", "relief_list", "relief_endorse_list"])
def test_pages_need_login(client, name):
    assert client.get(reverse(f"rights:{name}")).status_code == 302


# --- admin -------------------------------------------------------------------------------


def test_member_services_close_a_report_in_admin(client, lawyer, member_services):
    report = rights_report_acknowledge(report=_report(lawyer), actor=member_services)
    client.force_login(member_services)
    url = reverse("admin:rights_rightsreport_step", args=[report.pk])
    response = client.post(url, {"step": "close", "note": "法院已安排阅卷。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED


def test_editor_cannot_use_the_step_view(client, lawyer, editor):
    report = _report(lawyer)
    client.force_login(editor)
    url = reverse("admin:rights_rightsreport_step", args=[report.pk])
    assert client.post(url, {"step": "acknowledge"}).status_code == 403
