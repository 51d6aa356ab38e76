"""The respondent's portal: who sees which complaint (404/403), the defence, the panels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from apps.complaints import services
from apps.complaints.models import Defence, Track
from apps.complaints.selectors import (
    complaint_get_for_user,
    public_sanctions_for_firm,
    public_sanctions_for_lawyer,
)
from apps.core.panels import panels_render
from tests.complaints.factories import pdf_upload, submit_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(complaint, officer, officer2):
    """The complaint after the association asked the respondent for a defence."""
    services.complaint_triage(complaint=complaint, actor=officer, track=Track.SIMPLE)
    services.complaint_accept(complaint=complaint, actor=officer)
    services.complaint_start_investigation(
        complaint=complaint, actor=officer, investigators=[officer]
    )
    services.complaint_notify_respondent(complaint=complaint, actor=officer)
    complaint.refresh_from_db()
    return complaint


def url(complaint):
    return f"/portal/complaints/{complaint.pk}/"


def test_anonymous_is_sent_to_login(client, asked):
    response = client.get(url(asked))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_others_get_404(client, request, asked, persona):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(url(asked)).status_code == 404


def test_missing_complaint_is_404(client, respondent):
    client.force_login(respondent.user)
    assert client.get("/portal/complaints/999999/").status_code == 404


def test_respondent_does_not_see_it_before_the_association_asks(client, complaint, respondent):
    client.force_login(respondent.user)
    assert client.get(url(complaint)).status_code == 404


def test_respondent_sees_allegations_but_not_the_complainant(
    client, asked, respondent, django_assert_max_num_queries
):
    client.force_login(respondent.user)
    with django_assert_max_num_queries(12):
        page = client.get(url(asked)).content.decode()
    assert "多次未按约定时间出庭" in page
    for secret in ("张伟", "13912345678", "zhangwei@example.cn", "漕溪北路"):
        assert secret not in page


def test_respondent_answers_once_with_files(client, asked, respondent):
    client.force_login(respondent.user)
    response = client.post(
        url(asked), {"text": "我方已按时出庭，附庭审笔录。", "files": [pdf_upload()]}
    )
    assert response.status_code == 302
    assert Defence.objects.get(complaint=asked).text.startswith("我方")
    again = client.post(url(asked), {"text": "再答一次"})
    assert again.status_code == 400


def test_empty_or_huge_defence_is_refused(client, asked, respondent):
    client.force_login(respondent.user)
    assert client.post(url(asked), {"text": ""}).status_code == 400
    assert client.post(url(asked), {"text": "字" * 10_001}).status_code == 400
    assert not Defence.objects.exists()


def test_firm_admin_reads_the_firm_complaint_but_cannot_answer_for_the_lawyer(
    client, asked, firm_admin
):
    client.force_login(firm_admin.user)
    assert client.get(url(asked)).status_code == 200
    assert client.post(url(asked), {"text": "代答"}).status_code == 403
    with pytest.raises(PermissionDenied):
        complaint_get_for_user(user=firm_admin.user, pk=asked.pk, for_defence=True)


def test_firm_admin_answers_a_complaint_about_the_firm(firm, firm_admin, officer):
    complaint = services.complaint_submit(**submit_kwargs(respondent_firm=firm)).complaint
    services.complaint_triage(complaint=complaint, actor=officer, track=Track.SIMPLE)
    services.complaint_accept(complaint=complaint, actor=officer)
    services.complaint_start_investigation(
        complaint=complaint, actor=officer, investigators=[officer]
    )
    services.complaint_notify_respondent(complaint=complaint, actor=officer)
    defence = services.complaint_defence_submit(
        complaint=complaint, user=firm_admin.user, text="本所说明"
    )
    assert defence.submitted_by == firm_admin.user


def test_outsider_selector_raises_404(asked, outsider):
    with pytest.raises(Http404):
        complaint_get_for_user(user=outsider.user, pk=asked.pk)


def test_portal_home_panel_lists_complaints_awaiting_an_answer(asked, respondent):
    request = RequestFactory().get("/portal/")
    request.user = respondent.user
    html = "".join(panels_render("portal.home", request, respondent))
    assert asked.reference in html


def test_public_sanction_appears_on_lawyer_page_only_within_its_period(asked, officer, respondent):
    services.complaint_defence_submit(complaint=asked, user=respondent.user, text="答辩")
    today = timezone.localdate()
    services.complaint_decide(
        complaint=asked,
        actor=officer,
        outcome="sanction",
        sanction="criticism",
        facts="事实",
        basis="依据",
        text="通报批评",
        publish_until=today + dt.timedelta(days=30),
    )
    assert len(public_sanctions_for_lawyer(lawyer=respondent)) == 1
    assert public_sanctions_for_lawyer(lawyer=respondent, today=today + dt.timedelta(days=31)) == []
    request = RequestFactory().get("/lawyers/x/")
    request.user = respondent.user
    html = "".join(panels_render("lawyer.public", request, respondent))
    assert "通报批评" in html
    assert asked.reference not in html  # no case details, let alone the complainant


def test_private_sanctions_are_never_published(asked, officer, respondent, firm):
    services.complaint_defence_submit(complaint=asked, user=respondent.user, text="答辩")
    services.complaint_decide(
        complaint=asked,
        actor=officer,
        outcome="sanction",
        sanction="admonition",
        facts="事实",
        basis="依据",
        text="训诫",
    )
    assert public_sanctions_for_lawyer(lawyer=respondent) == []
    assert public_sanctions_for_firm(firm=firm) == []


def test_after_the_deadline_the_form_gives_way_to_a_notice(client, asked, respondent):
    from apps.complaints.models import Complaint

    Complaint.objects.filter(pk=asked.pk).update(
        defence_due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(respondent.user)
    page = client.get(url(asked)).content.decode()
    assert "答辩期限已过" in page
    assert 'name="text"' not in page
    response = client.post(url(asked), {"text": "迟到的答辩"})
    assert response.status_code == 400
    assert not Defence.objects.exists()


def _asked_again(respondent, officer):
    complaint = services.complaint_submit(**submit_kwargs(respondent_lawyer=respondent)).complaint
    # Repeat complaints make the default rules suggest the complex track: say why not.
    services.complaint_triage(
        complaint=complaint, actor=officer, track=Track.SIMPLE, reason="事实清楚"
    )
    services.complaint_accept(complaint=complaint, actor=officer)
    services.complaint_start_investigation(
        complaint=complaint, actor=officer, investigators=[officer]
    )
    services.complaint_notify_respondent(complaint=complaint, actor=officer)
    return complaint


def test_portal_list_query_count_does_not_grow(
    client, asked, respondent, officer, django_assert_max_num_queries
):
    client.force_login(respondent.user)
    with django_assert_max_num_queries(14) as first:
        page = client.get("/portal/complaints/").content.decode()
    assert asked.reference in page
    for _ in range(6):
        _asked_again(respondent, officer)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get("/portal/complaints/").content.decode()
    assert page.count("/portal/complaints/") >= 7


def test_respondent_reads_the_decision(client, asked, respondent, officer):
    services.complaint_defence_submit(complaint=asked, user=respondent.user, text="答辩")
    services.complaint_decide(
        complaint=asked,
        actor=officer,
        outcome="sanction",
        sanction="warning",
        facts="未及时告知案件进展",
        basis="处分规则",
        text="给予警告。",
    )
    client.force_login(respondent.user)
    page = client.get(url(asked)).content.decode()
    assert "给予警告。" in page
    assert "未及时告知案件进展" in page
