"""Back office: role matrix, personal data only for officers, access log, workflow steps,
dashboard and query budgets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.complaints.models import AccessLog, Complaint, State
from apps.complaints.services import complaint_submit
from tests.accounts.factories import StaffFactory
from tests.complaints.factories import pdf_upload, submit_kwargs, valid_id

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:complaints_complaint_changelist")


def change_url(complaint):
    return reverse("admin:complaints_complaint_change", args=[complaint.pk])


def step_url(complaint, step):
    return reverse("admin:complaints_complaint_step", args=[complaint.pk, step])


@pytest.fixture
def viewer_without_pii(db):
    """Staff who may open complaints but hold no complainant-data permission."""
    user = StaffFactory(email="viewer@example.cn")
    user.user_permissions.add(Permission.objects.get(codename="view_complaint"))
    return user


def test_officer_sees_the_complainant_and_the_view_is_logged(client, officer, complaint):
    client.force_login(officer)
    page = client.get(change_url(complaint)).content.decode()
    assert "张伟" in page
    assert valid_id(7) in page
    log = AccessLog.objects.get()
    assert (log.user, log.complaint, log.action, log.with_pii) == (officer, complaint, "view", True)


def test_staff_without_pii_permission_never_see_complainant_fields(
    client, viewer_without_pii, complaint
):
    client.force_login(viewer_without_pii)
    response = client.get(change_url(complaint))
    assert response.status_code == 200
    page = response.content.decode()
    for secret in ("张伟", valid_id(7), "13912345678", "zhangwei@example.cn", "漕溪北路"):
        assert secret not in page
    assert AccessLog.objects.get().with_pii is False


def test_search_by_id_number_is_for_officers_only(client, viewer_without_pii, officer, complaint):
    client.force_login(viewer_without_pii)
    page = client.get(CHANGELIST, {"q": valid_id(7)}).content.decode()
    assert complaint.reference not in page
    client.force_login(officer)
    page = client.get(CHANGELIST, {"q": valid_id(7)}).content.decode()
    assert complaint.reference in page


@pytest.mark.parametrize("role_fixture", ["member_services", "reports"])
def test_other_roles_cannot_open_complaints(client, request, role_fixture, complaint):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(complaint)).status_code == 403
    assert client.get(reverse("admin:complaints_complaint_dashboard")).status_code == 403


def test_changelist_query_count_does_not_grow(
    client, officer, respondent, django_assert_max_num_queries
):
    for _ in range(3):
        complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    client.force_login(officer)
    with django_assert_max_num_queries(14) as few:
        assert client.get(CHANGELIST).status_code == 200
    for _ in range(12):
        complaint_submit(**submit_kwargs(respondent_lawyer=respondent))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(CHANGELIST).status_code == 200


def test_officer_triages_in_admin_and_an_illegal_step_gets_a_message(client, officer, complaint):
    client.force_login(officer)
    response = client.post(step_url(complaint, "accept"), {"reason": ""})
    assert response.status_code == 400
    assert "不能受理" in response.content.decode()
    response = client.post(step_url(complaint, "triage"), {"track": "simple", "reason": ""})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.TRIAGED


def test_change_page_offers_only_the_steps_allowed_now(client, officer, complaint):
    client.force_login(officer)
    page = client.get(change_url(complaint)).content.decode()
    assert step_url(complaint, "triage") in page
    assert step_url(complaint, "decide") not in page


def test_staff_without_decide_permission_cannot_decide(client, viewer_without_pii, complaint):
    client.force_login(viewer_without_pii)
    assert client.get(step_url(complaint, "decide")).status_code == 403


def test_unknown_step_is_refused(client, officer, complaint):
    client.force_login(officer)
    assert client.get(step_url(complaint, "teleport")).status_code == 403


def test_complaints_cannot_be_added_or_deleted_in_admin(client, officer, complaint):
    client.force_login(officer)
    assert client.get(reverse("admin:complaints_complaint_add")).status_code == 403
    assert (
        client.get(reverse("admin:complaints_complaint_delete", args=[complaint.pk])).status_code
        == 403
    )


def test_dashboard_lists_overdue_and_warns_about_missing_calendar(
    client, officer, complaint, monkeypatch
):
    monkeypatch.setattr("apps.complaints.workdays.library_knows", lambda year: year <= 2026)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 11, 30))
    Complaint.objects.filter(pk=complaint.pk).update(due_on=dt.date(2026, 1, 5))
    client.force_login(officer)
    page = client.get(reverse("admin:complaints_complaint_dashboard")).content.decode()
    assert complaint.reference in page
    assert "2027" in page  # the library stops at 2026


def test_power_of_attorney_download_needs_the_pii_permission(
    client, officer, viewer_without_pii, respondent
):
    complaint = complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent, acting_for=True, principal_name="张父"),
        power_of_attorney=pdf_upload("poa.pdf"),
    ).complaint
    attachment = complaint.attachments.get()
    url = reverse("admin:complaints_complaint_file", args=[complaint.pk, attachment.pk])
    client.force_login(viewer_without_pii)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AccessLog.objects.filter(action="file", with_pii=True).exists()


def _export(client, complaint):
    return client.post(
        CHANGELIST,
        {"action": "export_xlsx", "_selected_action": [complaint.pk], "index": 0},
    )


def test_export_masks_id_numbers_even_for_officers(client, officer, respondent):
    import io

    import openpyxl

    complaint = complaint_submit(
        **submit_kwargs(respondent_lawyer=respondent, facts='=HYPERLINK("http://evil")')
    ).complaint
    client.force_login(officer)
    response = _export(client, complaint)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "张伟" in values
    assert valid_id(7) not in values
    assert any(isinstance(v, str) and v.startswith("310") and "*" in v for v in values)
    assert AccessLog.objects.filter(action="export", complaint=complaint).exists()


def test_export_without_pii_permission_has_no_names(client, viewer_without_pii, complaint):
    import io

    import openpyxl

    client.force_login(viewer_without_pii)
    response = _export(client, complaint)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert complaint.reference in values
    assert "张伟" not in values


def test_joint_interview_needs_the_party_secretary(client, officer, firm):
    from apps.complaints.models import Interview

    client.force_login(officer)
    url = reverse("admin:complaints_interview_add")
    data = {
        "firm": firm.pk,
        "kind": "joint",
        "held_on": "2026-11-20",
        "head_name": "陈主任",
        "reason": "一年内三次被投诉",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "双约谈须填写律所党组织书记" in response.content.decode()
    response = client.post(url, {**data, "party_secretary_name": "王书记"})
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.recorded_by == officer


def test_dashboard_query_count_does_not_grow(
    client, officer, respondent, django_assert_max_num_queries
):
    def overdue_complaint():
        c = complaint_submit(**submit_kwargs(respondent_lawyer=respondent)).complaint
        Complaint.objects.filter(pk=c.pk).update(due_on=dt.date(2026, 1, 5))

    overdue_complaint()
    client.force_login(officer)
    url = reverse("admin:complaints_complaint_dashboard")
    with django_assert_max_num_queries(14) as first:
        client.get(url)
    for _ in range(10):
        overdue_complaint()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def test_holiday_table_warns_about_years_without_a_calendar(client, officer, monkeypatch):
    monkeypatch.setattr("apps.complaints.workdays.library_knows", lambda year: year <= 2026)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 11, 30))
    client.force_login(officer)
    page = client.get(reverse("admin:complaints_holidayoverride_changelist")).content.decode()
    assert "2027" in page
    assert "法定节假日尚未录入" in page
