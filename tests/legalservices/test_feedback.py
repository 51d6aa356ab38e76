"""Business-environment feedback: staff triage through one service (permission, lock,
history), the lawyer who filed it reads the answer in the portal, /stats/ counts themes
from the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.legalservices.models import BusinessFeedback, FeedbackStatus, FeedbackTheme, Mediator
from apps.legalservices.services.feedback import business_feedback_triage
from tests.members.factories import LawyerFactory

pytestmark = pytest.mark.django_db


def _feedback(lawyer, **kwargs) -> BusinessFeedback:
    defaults = {
        "theme": FeedbackTheme.OTHER,
        "title": "看守所会见预约难",
        "description": "周一上午预约系统长时间无号。",
    }
    return BusinessFeedback.objects.create(lawyer=lawyer, **{**defaults, **kwargs})


# --- the service --------------------------------------------------------------------------


def test_triage_sets_theme_and_answer_and_records_who(lawyer, member_services):
    feedback = _feedback(lawyer)
    done = business_feedback_triage(
        actor=member_services,
        feedback=feedback,
        theme=FeedbackTheme.ACCESS,
        answer="已转市司法局监所管理处，预约号源周一起增加。",
    )
    assert done.theme == FeedbackTheme.ACCESS
    assert done.status == FeedbackStatus.ANSWERED  # an answer answers it
    assert done.answered_by == member_services
    assert done.answered_at is not None
    assert done.history.latest().history_user == member_services


@pytest.mark.parametrize(
    ("start", "change", "message"),
    [
        ({}, {"status": FeedbackStatus.ANSWERED}, "须填写答复"),
        ({"status": FeedbackStatus.ANSWERED, "answer": "已答复"}, {"answer": ""}, "不能清空"),
        (
            {"status": FeedbackStatus.CLOSED, "answer": "已办结"},
            {"status": FeedbackStatus.NEW},
            "不能退回",
        ),
        ({}, {"theme": "weather"}, "未知的主题"),
        ({}, {"status": "lost"}, "未知的处理状态"),
    ],
)
def test_triage_refuses_steps_the_rules_forbid(lawyer, member_services, start, change, message):
    feedback = _feedback(lawyer, **start)
    with pytest.raises(DomainError) as exc:
        business_feedback_triage(actor=member_services, feedback=feedback, **change)
    assert message in exc.value.message
    feedback.refresh_from_db()
    assert feedback.status == start.get("status", FeedbackStatus.NEW)


def test_triage_needs_the_change_permission(lawyer, editor, reports):
    feedback = _feedback(lawyer)
    for actor in (editor, reports, lawyer.user):
        with pytest.raises(PermissionDenied):
            business_feedback_triage(
                actor=actor, feedback=feedback, status=FeedbackStatus.FORWARDED
            )
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEW


# --- admin ---------------------------------------------------------------------------------


def test_admin_change_form_answers_through_the_service(client, lawyer, member_services):
    feedback = _feedback(lawyer)
    client.force_login(member_services)
    url = reverse("admin:legalservices_businessfeedback_change", args=[feedback.pk])
    response = client.post(
        url,
        {"theme": FeedbackTheme.FILING, "status": FeedbackStatus.NEW, "answer": "已协调法院。"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED
    assert feedback.answered_by == member_services
    assert feedback.history.latest().history_user == member_services


def test_admin_form_shows_a_rule_violation_as_an_error_not_a_500(client, lawyer, member_services):
    feedback = _feedback(lawyer)
    client.force_login(member_services)
    url = reverse("admin:legalservices_businessfeedback_change", args=[feedback.pk])
    response = client.post(
        url, {"theme": FeedbackTheme.FILING, "status": FeedbackStatus.ANSWERED, "answer": ""}
    )
    assert response.status_code == 200
    assert "须填写答复内容" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEW


def test_admin_actions_forward_and_close_through_the_service(client, lawyer, member_services):
    first, second = _feedback(lawyer), _feedback(lawyer, title="网上立案退回")
    client.force_login(member_services)
    url = reverse("admin:legalservices_businessfeedback_changelist")
    ids = [first.pk, second.pk]
    client.post(url, {"action": "mark_forwarded", admin.helpers.ACTION_CHECKBOX_NAME: ids})
    assert set(BusinessFeedback.objects.values_list("status", flat=True)) == {"forwarded"}
    client.post(url, {"action": "mark_closed", admin.helpers.ACTION_CHECKBOX_NAME: ids})
    assert set(BusinessFeedback.objects.values_list("status", flat=True)) == {"closed"}
    assert first.history.count() == 3


def test_reports_role_reads_feedback_but_cannot_triage(client, lawyer, reports):
    feedback = _feedback(lawyer)
    client.force_login(reports)
    url = reverse("admin:legalservices_businessfeedback_changelist")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"action": "mark_closed", admin.helpers.ACTION_CHECKBOX_NAME: [feedback.pk]}
    )
    assert response.status_code == 403
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEW


# --- portal and stats ---------------------------------------------------------------------


def test_the_lawyer_who_filed_it_reads_the_answer(client, lawyer, colleague, member_services):
    mine = _feedback(lawyer, title="执行款迟迟不到账")
    business_feedback_triage(actor=member_services, feedback=mine, answer="已与执行局沟通。")
    _feedback(colleague, title="同事的反映", answer="同事的答复", status="answered")
    client.force_login(lawyer.user)
    html = client.get(reverse("legalservices_portal:feedback")).content.decode()
    assert "执行款迟迟不到账" in html
    assert "已与执行局沟通。" in html
    assert "同事的反映" not in html
    assert "同事的答复" not in html


def test_feedback_page_query_count_does_not_grow(client, lawyer, django_assert_max_num_queries):
    client.force_login(lawyer.user)
    url = reverse("legalservices_portal:feedback")
    _feedback(lawyer)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(15):
        _feedback(lawyer, title=f"反映{i}", answer="已答复", status="answered")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count("已答复") >= 15


def test_filing_redirects_to_the_list_of_my_feedback(client, lawyer):
    client.force_login(lawyer.user)
    data = {"theme": "access", "title": "会见难", "description": "预约无号。"}
    response = client.post(reverse("legalservices_portal:feedback"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("legalservices_portal:feedback")


def test_stats_counts_by_theme_follow_triage(
    client, lawyer, member_services, django_capture_on_commit_callbacks
):
    # Each block stands for a committed transaction: its bump runs, as after a commit.
    # The fixtures' saves left a bump pending in the test's never-committed transaction,
    # which would swallow the next ones (one bump per transaction): start afresh.
    connection._stats_pending_bump = None
    with django_capture_on_commit_callbacks(execute=True):
        feedback = _feedback(lawyer, theme=FeedbackTheme.OTHER)
        _feedback(lawyer, theme=FeedbackTheme.FILING)

    def counts() -> dict[str, int]:
        data = client.get("/stats/data/feedback-by-theme.json").json()
        return {row["key"]: row[data["columns"][-1]] for row in data["rows"]}

    before = counts()
    assert before[FeedbackTheme.OTHER] == 1
    assert before[FeedbackTheme.FILING] == 1
    with django_capture_on_commit_callbacks(execute=True):
        business_feedback_triage(
            actor=member_services, feedback=feedback, theme=FeedbackTheme.FILING
        )
    after = counts()
    assert after[FeedbackTheme.OTHER] == 0
    assert after[FeedbackTheme.FILING] == 2


# --- mediator roster admin -----------------------------------------------------------------


def _licensed_years_ago(years: int):
    today = timezone.localdate()
    return LawyerFactory(first_licensed=today.replace(year=today.year - years) - dt.timedelta(1))


@pytest.mark.parametrize(("years", "ok"), [(2, False), (3, True)])
def test_mediator_admin_form_enforces_three_years(client, member_services, years, ok):
    lawyer = _licensed_years_ago(years)
    client.force_login(member_services)
    response = client.post(
        reverse("admin:legalservices_mediator_add"),
        {
            "lawyer": lawyer.pk,
            "specialities": "婚姻家事",
            "appointed_on": timezone.localdate().isoformat(),
            "is_active": "on",
        },
    )
    assert Mediator.objects.filter(lawyer=lawyer).exists() is ok
    if ok:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "调解律师须执业满三年" in response.content.decode()


def test_mediator_admin_refuses_to_reactivate_a_suspended_lawyer(client, member_services):
    lawyer = _licensed_years_ago(8)
    mediator = Mediator.objects.create(
        lawyer=lawyer, appointed_on=timezone.localdate(), is_active=False
    )
    lawyer.status = "suspended"
    lawyer.save()
    client.force_login(member_services)
    url = reverse("admin:legalservices_mediator_change", args=[mediator.pk])
    data = {"lawyer": lawyer.pk, "appointed_on": mediator.appointed_on.isoformat()}
    response = client.post(url, {**data, "is_active": "on"})
    assert response.status_code == 200
    assert "只有执业律师可以担任调解律师" in response.content.decode()
    assert client.post(url, data).status_code == 302  # inactive: allowed
