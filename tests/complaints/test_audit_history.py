"""Audit history of the complaints office: every staff change is recorded with who, when
and before/after; superusers and complaints officers see it, nobody else does; the
history holds no complainant identity and cannot be used to revert a complaint."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.complaints.models import AccessLog, Complaint, State, TriageRule
from tests.accounts.factories import StaffFactory
from tests.complaints.factories import TriageRuleFactory

pytestmark = pytest.mark.django_db


def _rule_post(rule: TriageRule, **changes) -> dict:
    data = {
        "name": rule.name,
        "active": "on" if rule.active else "",
        "order": rule.order,
        "category": rule.category,
        "min_prior_complaints": rule.min_prior_complaints or "",
        "min_complainants": rule.min_complainants or "",
        "keyword": rule.keyword,
        "track": rule.track,
    }
    data.update(changes)
    return data


def test_a_staff_change_to_a_triage_rule_records_who_when_and_before_after(
    client, officer, superuser, editor
):
    rule = TriageRuleFactory(name="多次投诉", track="simple")
    client.force_login(officer)
    url = reverse("admin:complaints_triagerule_change", args=[rule.pk])
    response = client.post(url, _rule_post(rule, track="complex"))
    assert response.status_code == 302

    latest = rule.history.latest()
    assert latest.history_user == officer
    assert latest.history_type == "~"
    assert latest.history_date is not None
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("track", "simple", "complex")]

    history_url = reverse("admin:complaints_triagerule_history", args=[rule.pk])
    client.force_login(superuser)
    page = client.get(history_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert officer.email in html or str(officer) in html
    assert "complex" in html
    assert "simple" in html

    client.force_login(editor)  # a role with no complaints permission
    assert client.get(history_url).status_code == 403


def test_workflow_steps_are_in_the_complaint_history_with_the_officer(
    client, officer, superuser, complaint
):
    client.force_login(officer)
    step = reverse("admin:complaints_complaint_step", args=[complaint.pk, "triage"])
    assert client.post(step, {"track": "simple", "reason": ""}).status_code == 302

    latest = complaint.history.latest()
    assert latest.history_user == officer
    assert (latest.prev_record.state, latest.state) == (State.RECEIVED, State.TRIAGED)

    history_url = reverse("admin:complaints_complaint_history", args=[complaint.pk])
    client.force_login(superuser)
    page = client.get(history_url)
    assert page.status_code == 200
    # The state is not an editable field; its before/after is on the page all the same.
    html = page.content.decode()
    assert "received" in html
    assert "triaged" in html


def test_complaint_history_holds_no_complainant_identity(complaint):
    fields = {f.name for f in Complaint.history.model._meta.get_fields()}
    for name in (
        "complainant_name",
        "complainant_id_number",
        "complainant_phone",
        "complainant_email",
        "complainant_address",
        "tracking_code_hash",
    ):
        assert name not in fields
    assert complaint.history.count() >= 1  # the filing itself is recorded


def test_complaint_history_needs_the_personal_data_permission_and_is_logged(
    client, officer, complaint
):
    viewer = StaffFactory(email="viewer@example.cn")
    viewer.user_permissions.add(Permission.objects.get(codename="view_complaint"))
    history_url = reverse("admin:complaints_complaint_history", args=[complaint.pk])

    client.force_login(viewer)
    assert client.get(history_url).status_code == 403

    client.force_login(officer)
    assert client.get(history_url).status_code == 200
    assert AccessLog.objects.filter(
        complaint=complaint, user=officer, action="history", with_pii=True
    ).exists()


def test_a_complaint_cannot_be_reverted_from_its_history(client, officer, complaint):
    client.force_login(officer)
    step = reverse("admin:complaints_complaint_step", args=[complaint.pk, "triage"])
    client.post(step, {"track": "simple", "reason": ""})
    first = complaint.history.earliest()
    revert = reverse(
        "admin:complaints_complaint_simple_history", args=[complaint.pk, first.history_id]
    )
    assert client.post(revert, {}).status_code == 403
    complaint.refresh_from_db()
    assert complaint.state == State.TRIAGED
