"""Roster changes: firm administrators request, member services approve or reject."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from apps.accounts.roles import Role
from apps.core.exceptions import DomainError
from apps.members.models import (
    FirmAdministrator,
    FirmStatus,
    Lawyer,
    LawyerStatus,
    RosterChange,
    RosterChangeKind,
    RosterChangeStatus,
)
from apps.members.services import (
    roster_change_approve,
    roster_change_cancel,
    roster_change_reject,
    roster_change_request,
)
from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory, staff_user
from tests.members.factories import FirmAdministratorFactory, LawFirmFactory, LawyerFactory

pytestmark = pytest.mark.django_db

JOIN, LEAVE = RosterChangeKind.JOIN, RosterChangeKind.LEAVE
KEY = "members_roster_change_decided"


@pytest.fixture
def between_firms(db):
    """A practising lawyer with a portal account, currently at no firm."""
    return LawyerFactory(firm=None, name="周洁", user=UserFactory(email="zhoujie@example.cn"))


def _join(firm, admin, lawyer, **kwargs):
    return roster_change_request(
        firm=firm,
        requested_by=admin.user,
        kind=JOIN,
        licence_no=kwargs.pop("licence_no", lawyer.licence_no),
        name=kwargs.pop("name", lawyer.name),
        reason="已办理转所登记",
        **kwargs,
    )


def _leave(firm, admin, lawyer):
    return roster_change_request(
        firm=firm, requested_by=admin.user, kind=LEAVE, lawyer=lawyer, reason="已转所"
    )


# --- Request --------------------------------------------------------------------------


def test_admin_requests_a_join_by_licence_and_name(firm, firm_admin, between_firms):
    change = _join(firm, firm_admin, between_firms)
    assert change.status == RosterChangeStatus.PENDING
    assert change.lawyer == between_firms
    assert change.requested_by == firm_admin.user
    between_firms.refresh_from_db()
    assert between_firms.firm is None  # nothing moves before member services approve


def test_join_accepts_licence_with_spaces(firm, firm_admin, between_firms):
    spaced = f"{between_firms.licence_no[:5]} {between_firms.licence_no[5:]}"
    assert _join(firm, firm_admin, between_firms, licence_no=spaced).lawyer == between_firms


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        (lambda lw, firm, other: setattr(lw, "licence_no", "31011201911999999"), "unknown_licence"),
        (lambda lw, firm, other: None, "name_mismatch"),
        (lambda lw, firm, other: setattr(lw, "status", LawyerStatus.SUSPENDED), "not_practising"),
        (lambda lw, firm, other: setattr(lw, "firm", other), "in_other_firm"),
        (lambda lw, firm, other: setattr(lw, "firm", firm), "already_in_firm"),
    ],
    ids=["unknown", "wrong-name", "suspended", "at-other-firm", "already-here"],
)
def test_join_refusals(firm, other_firm, firm_admin, between_firms, setup, code):
    setup(between_firms, firm, other_firm)
    name = "别人" if code == "name_mismatch" else between_firms.name
    licence_no = between_firms.licence_no
    between_firms.refresh_from_db() if code == "unknown_licence" else between_firms.save()
    with pytest.raises(DomainError) as exc:
        _join(firm, firm_admin, between_firms, licence_no=licence_no, name=name)
    assert exc.value.code == code
    assert not RosterChange.objects.exists()


def test_inactive_firm_cannot_request_a_join(firm, firm_admin, between_firms):
    firm.status = FirmStatus.SUSPENDED
    firm.save()
    with pytest.raises(DomainError) as exc:
        _join(firm, firm_admin, between_firms)
    assert exc.value.code == "firm_inactive"


def test_admin_requests_a_leave_for_a_colleague(firm, firm_admin, colleague):
    change = _leave(firm, firm_admin, colleague)
    assert (change.kind, change.status) == (LEAVE, RosterChangeStatus.PENDING)


def test_leave_refused_for_a_lawyer_of_another_firm(firm, firm_admin, outsider):
    with pytest.raises(DomainError) as exc:
        _leave(firm, firm_admin, outsider)
    assert exc.value.code == "not_in_firm"


def test_only_administrator_cannot_request_own_leave(firm, firm_admin):
    with pytest.raises(DomainError) as exc:
        _leave(firm, firm_admin, firm_admin)
    assert exc.value.code == "only_admin"


def test_one_of_two_administrators_may_request_own_leave(firm, firm_admin, colleague):
    FirmAdministratorFactory(firm=firm, lawyer=colleague)
    assert _leave(firm, firm_admin, firm_admin).lawyer == firm_admin


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_non_administrators_cannot_request(request, firm, colleague, between_firms, who):
    requester = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        _join(firm, requester, between_firms)


def test_second_pending_request_for_a_lawyer_is_refused(firm, firm_admin, colleague, other_firm):
    _leave(firm, firm_admin, colleague)
    with pytest.raises(DomainError) as exc:
        _leave(firm, firm_admin, colleague)
    assert exc.value.code == "already_pending"


def test_database_allows_one_pending_change_per_lawyer(firm, firm_admin, colleague):
    RosterChange.objects.create(
        firm=firm, lawyer=colleague, kind=LEAVE, requested_by=firm_admin.user
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RosterChange.objects.create(
            firm=firm, lawyer=colleague, kind=LEAVE, requested_by=firm_admin.user
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_requests_leave_exactly_one_pending():
    firm = LawFirmFactory()
    admin = LawyerFactory(firm=firm, user=UserFactory(email="race-admin@example.cn"))
    FirmAdministratorFactory(firm=firm, lawyer=admin)
    target = LawyerFactory(firm=firm)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        try:
            barrier.wait(timeout=5)
            roster_change_request(
                firm=firm, requested_by=admin.user, kind=LEAVE, lawyer=target, reason="x"
            )
            outcomes.append("filed")
        except DomainError as exc:
            outcomes.append(exc.code or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(outcomes) == ["already_pending", "filed"]
    assert RosterChange.objects.filter(lawyer=target, status="pending").count() == 1


# --- Decide ---------------------------------------------------------------------------


def test_approving_a_join_moves_the_lawyer_and_notifies(
    firm, firm_admin, between_firms, member_services
):
    change = _join(firm, firm_admin, between_firms)
    roster_change_approve(change=change, decided_by=member_services, note="材料齐全")
    between_firms.refresh_from_db()
    change.refresh_from_db()
    assert between_firms.firm == firm
    assert change.status == RosterChangeStatus.APPROVED
    assert change.decided_by == member_services
    assert change.decided_at is not None
    notes = Notification.objects.filter(key=KEY)
    assert {n.recipient for n in notes} == {firm_admin.user, between_firms.user}
    assert all(n.context["status"] == "approved" for n in notes)
    assert between_firms.history.first().firm_id == firm.pk  # audit trail kept


def test_approving_a_leave_clears_firm_and_administrator_role(
    firm, firm_admin, colleague, member_services
):
    FirmAdministratorFactory(firm=firm, lawyer=colleague)
    change = _leave(firm, firm_admin, colleague)
    roster_change_approve(change=change, decided_by=member_services)
    colleague.refresh_from_db()
    assert colleague.firm is None
    assert not FirmAdministrator.objects.filter(lawyer=colleague).exists()
    assert FirmAdministrator.objects.filter(lawyer=firm_admin).exists()


def test_approve_rechecks_the_lawyer_state(firm, firm_admin, between_firms, member_services):
    change = _join(firm, firm_admin, between_firms)
    Lawyer.objects.filter(pk=between_firms.pk).update(firm=LawFirmFactory())
    with pytest.raises(DomainError) as exc:
        roster_change_approve(change=change, decided_by=member_services)
    assert exc.value.code == "in_other_firm"
    change.refresh_from_db()
    assert change.status == RosterChangeStatus.PENDING
    assert not Notification.objects.filter(key=KEY).exists()


def test_approve_needs_change_lawyer_permission(firm, firm_admin, colleague):
    change = _leave(firm, firm_admin, colleague)
    with pytest.raises(PermissionDenied):
        roster_change_approve(change=change, decided_by=staff_user(role=Role.REPORTS))
    with pytest.raises(PermissionDenied):
        roster_change_approve(change=change, decided_by=firm_admin.user)


def test_reject_keeps_the_roster_and_notifies_with_note(
    firm, firm_admin, colleague, member_services
):
    change = _leave(firm, firm_admin, colleague)
    roster_change_reject(change=change, decided_by=member_services, note="未见变更登记材料")
    colleague.refresh_from_db()
    change.refresh_from_db()
    assert colleague.firm == firm
    assert (change.status, change.decision_note) == ("rejected", "未见变更登记材料")
    notes = Notification.objects.filter(key=KEY)
    assert {n.recipient for n in notes} == {firm_admin.user, colleague.user}
    assert notes.first().context["decision_note"] == "未见变更登记材料"


def test_reject_needs_a_note(firm, firm_admin, colleague, member_services):
    change = _leave(firm, firm_admin, colleague)
    with pytest.raises(DomainError) as exc:
        roster_change_reject(change=change, decided_by=member_services, note="  ")
    assert exc.value.code == "note_required"


def test_decided_change_cannot_be_decided_again(firm, firm_admin, colleague, member_services):
    change = _leave(firm, firm_admin, colleague)
    roster_change_reject(change=change, decided_by=member_services, note="不予变更")
    for decide in (
        lambda: roster_change_approve(change=change, decided_by=member_services),
        lambda: roster_change_reject(change=change, decided_by=member_services, note="再次"),
        lambda: roster_change_cancel(change=change, cancelled_by=firm_admin.user),
    ):
        with pytest.raises(DomainError) as exc:
            decide()
        assert exc.value.code == "not_pending"


def test_requester_cancels_a_pending_change(firm, firm_admin, colleague):
    change = _leave(firm, firm_admin, colleague)
    roster_change_cancel(change=change, cancelled_by=firm_admin.user)
    change.refresh_from_db()
    assert change.status == RosterChangeStatus.CANCELLED
    assert not Notification.objects.filter(key=KEY).exists()
    assert _leave(firm, firm_admin, colleague).is_pending  # a new request is possible again


def test_only_the_requester_may_cancel(firm, firm_admin, colleague):
    change = _leave(firm, firm_admin, colleague)
    with pytest.raises(DomainError) as exc:
        roster_change_cancel(change=change, cancelled_by=colleague.user)
    assert exc.value.code == "not_requester"


def test_decision_email_renders(firm, firm_admin, colleague, member_services, mailoutbox):
    change = _leave(firm, firm_admin, colleague)
    from apps.notifications.rendering import email_render

    roster_change_reject(change=change, decided_by=member_services, note="材料不全")
    note = Notification.objects.get(key=KEY, recipient=colleague.user)
    rendered = email_render(key=KEY, context=note.context, recipient=colleague.user, url=note.url)
    assert "未获批准" in rendered.subject
    assert "材料不全" in rendered.text
    assert colleague.name in rendered.html


# --- Portal ---------------------------------------------------------------------------


def _url(name, firm, **kwargs):
    return reverse(f"members:{name}", kwargs={"pk": firm.pk, **kwargs})


@pytest.mark.parametrize("name", ["firm_roster_changes", "firm_roster_join"])
def test_roster_change_pages_need_login(client, firm, name):
    response = client.get(_url(name, firm))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_non_administrators_cannot_use_roster_change_pages(client, request, firm, colleague, who):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(_url("firm_roster_join", firm)).status_code in (403, 404)
    assert client.get(_url("firm_roster_changes", firm)).status_code in (403, 404)
    leave = _url("firm_roster_leave", firm, lawyer_pk=colleague.pk)
    assert client.post(leave, {"reason": "x"}).status_code in (403, 404)
    assert not RosterChange.objects.exists()


def test_admin_of_another_firm_gets_404_for_this_firms_objects(
    client, firm, other_firm, firm_admin, outsider
):
    other_admin = outsider
    FirmAdministratorFactory(firm=other_firm, lawyer=other_admin)
    change = _leave(firm, firm_admin, LawyerFactory(firm=firm))
    client.force_login(other_admin.user)
    # Through their own firm's URLs, another firm's lawyer or request does not exist.
    leave = _url("firm_roster_leave", other_firm, lawyer_pk=change.lawyer_id)
    assert client.get(leave).status_code == 404
    cancel = _url("firm_roster_change_cancel", other_firm, change_pk=change.pk)
    assert client.post(cancel).status_code == 404
    change.refresh_from_db()
    assert change.is_pending


def test_nonexistent_firm_is_404(client, firm_admin):
    client.force_login(firm_admin.user)
    assert client.get(reverse("members:firm_roster_join", kwargs={"pk": 999999})).status_code == 404


def test_admin_submits_a_join_request(client, firm, firm_admin, between_firms):
    client.force_login(firm_admin.user)
    assert client.get(_url("firm_roster_join", firm)).status_code == 200
    response = client.post(
        _url("firm_roster_join", firm),
        {"licence_no": between_firms.licence_no, "name": "周洁", "reason": "已办理转所登记"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("firm_roster_changes", firm)
    body = response.content.decode()
    assert "待会员服务部审核" in body
    assert "周洁" in body
    assert RosterChange.objects.get().lawyer == between_firms


def test_join_form_with_bad_licence_is_400(client, firm, firm_admin):
    client.force_login(firm_admin.user)
    response = client.post(
        _url("firm_roster_join", firm), {"licence_no": "123", "name": "周洁", "reason": "x"}
    )
    assert response.status_code == 400
    assert "form-errors" in response.content.decode()
    assert not RosterChange.objects.exists()


def test_join_refused_by_the_service_is_400_with_the_reason(client, firm, firm_admin, outsider):
    client.force_login(firm_admin.user)
    response = client.post(
        _url("firm_roster_join", firm),
        {"licence_no": outsider.licence_no, "name": outsider.name, "reason": "x"},
    )
    assert response.status_code == 400
    assert "须先由原律所办理离所" in response.content.decode()


def test_admin_requests_a_leave_from_the_roster(client, firm, firm_admin, colleague):
    client.force_login(firm_admin.user)
    roster = client.get(_url("firm_roster", firm)).content.decode()
    leave = _url("firm_roster_leave", firm, lawyer_pk=colleague.pk)
    assert leave in roster
    assert _url("firm_roster_changes", firm) in roster
    assert colleague.name in client.get(leave).content.decode()
    response = client.post(leave, {"reason": "已转至其他律所"})
    assert response.status_code == 302
    change = RosterChange.objects.get()
    assert (change.lawyer, change.kind, change.reason) == (colleague, LEAVE, "已转至其他律所")


def test_leave_without_reason_is_400(client, firm, firm_admin, colleague):
    client.force_login(firm_admin.user)
    response = client.post(_url("firm_roster_leave", firm, lawyer_pk=colleague.pk), {"reason": ""})
    assert response.status_code == 400
    assert not RosterChange.objects.exists()


def test_member_services_read_the_requests_but_cannot_file(
    client, firm, firm_admin, colleague, member_services
):
    _leave(firm, firm_admin, colleague)
    client.force_login(member_services)
    response = client.get(_url("firm_roster_changes", firm))
    assert response.status_code == 200
    assert colleague.name in response.content.decode()
    assert client.get(_url("firm_roster_join", firm)).status_code == 403


def test_admin_cancels_own_pending_request(client, firm, firm_admin, colleague):
    change = _leave(firm, firm_admin, colleague)
    client.force_login(firm_admin.user)
    cancel = _url("firm_roster_change_cancel", firm, change_pk=change.pk)
    assert cancel in client.get(_url("firm_roster_changes", firm)).content.decode()
    assert client.get(cancel).status_code == 405
    response = client.post(cancel, follow=True)
    assert "申请已撤回" in response.content.decode()
    change.refresh_from_db()
    assert change.status == RosterChangeStatus.CANCELLED
    again = client.post(cancel, follow=True)
    assert again.status_code == 200
    assert "不能再次操作" in again.content.decode()


def test_roster_change_list_query_budget(client, firm, firm_admin, django_assert_max_num_queries):
    client.force_login(firm_admin.user)

    def add(n):
        for _ in range(n):
            _leave(firm, firm_admin, LawyerFactory(firm=firm))

    add(2)
    with django_assert_max_num_queries(14) as few:
        assert client.get(_url("firm_roster_changes", firm)).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url("firm_roster_changes", firm)).status_code == 200


# --- Admin ----------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, member_services):
    client.force_login(member_services)
    return client


ADMIN_LIST = "admin:members_rosterchange_changelist"


def test_admin_approve_action_applies_and_reports_refusals(
    staff_client, firm, firm_admin, colleague, between_firms
):
    leave = _leave(firm, firm_admin, colleague)
    join = _join(firm, firm_admin, between_firms)
    Lawyer.objects.filter(pk=between_firms.pk).update(status=LawyerStatus.SUSPENDED)
    response = staff_client.post(
        reverse(ADMIN_LIST),
        {"action": "approve_selected", "_selected_action": [leave.pk, join.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert "已批准 1 项申请" in body
    assert "只有执业状态的律师可以加入律所" in body
    leave.refresh_from_db()
    join.refresh_from_db()
    assert (leave.status, join.status) == ("approved", "pending")


def test_admin_reject_action_asks_for_a_note_then_rejects(
    staff_client, firm, firm_admin, colleague
):
    change = _leave(firm, firm_admin, colleague)
    data = {"action": "reject_selected", "_selected_action": [change.pk]}
    first = staff_client.post(reverse(ADMIN_LIST), data)
    assert first.status_code == 200
    assert "处理意见" in first.content.decode()
    change.refresh_from_db()
    assert change.is_pending
    empty = staff_client.post(reverse(ADMIN_LIST), {**data, "apply": "1", "note": ""})
    assert empty.status_code == 200
    change.refresh_from_db()
    assert change.is_pending
    done = staff_client.post(
        reverse(ADMIN_LIST), {**data, "apply": "1", "note": "请补充材料"}, follow=True
    )
    assert "已驳回 1 项申请" in done.content.decode()
    change.refresh_from_db()
    assert (change.status, change.decision_note) == ("rejected", "请补充材料")


def test_admin_list_query_budget_and_search(
    staff_client, firm, firm_admin, django_assert_max_num_queries
):
    for _ in range(3):
        _leave(firm, firm_admin, LawyerFactory(firm=firm))
    with django_assert_max_num_queries(20) as few:
        assert staff_client.get(reverse(ADMIN_LIST)).status_code == 200
    for _ in range(15):
        _leave(firm, firm_admin, LawyerFactory(firm=firm))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(reverse(ADMIN_LIST), {"status": "pending"}).status_code == 200
    target = RosterChange.objects.first().lawyer
    found = staff_client.get(reverse(ADMIN_LIST), {"q": target.licence_no})
    assert found.context["cl"].result_count == 1


def test_reports_staff_see_requests_but_cannot_decide(client, firm, firm_admin, colleague):
    change = _leave(firm, firm_admin, colleague)
    client.force_login(staff_user(role=Role.REPORTS))
    assert client.get(reverse(ADMIN_LIST)).status_code == 200
    client.post(
        reverse(ADMIN_LIST), {"action": "approve_selected", "_selected_action": [change.pk]}
    )
    change.refresh_from_db()
    assert change.is_pending
