"""A disciplinary decision changes the respondent's membership.

中止会员权利 (suspension of member rights) for N months suspends the membership from the
decision day, so the lawyer stops counting as a current member for members-only content
while keeping the portal; 取消会员资格 (expulsion) ends the membership. A review's new
decision replaces the old effect; reprimands change nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from apps.accounts.permissions import is_current_member, is_current_member_forget
from apps.complaints import services
from apps.complaints.models import Track
from apps.members.services import membership_sanction_apply
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(respondent):
    return MembershipFactory(lawyer=respondent)


def _ready_for_decision(complaint, officer, respondent):
    services.complaint_triage(complaint=complaint, actor=officer, track=Track.SIMPLE, reason="简")
    services.complaint_accept(complaint=complaint, actor=officer)
    services.complaint_start_investigation(
        complaint=complaint, actor=officer, investigators=[officer]
    )
    services.complaint_notify_respondent(complaint=complaint, actor=officer)
    services.complaint_defence_submit(complaint=complaint, user=respondent.user, text="答辩")


def _decide(complaint, officer, **kwargs):
    defaults = {"facts": "事实", "basis": "依据", "text": "决定"}
    return services.complaint_decide(complaint=complaint, actor=officer, **defaults, **kwargs)


def _member_now(user) -> bool:
    is_current_member_forget(user)
    return is_current_member(user)


def test_suspension_suspends_member_rights_for_the_months_decided(
    complaint, officer, respondent, membership
):
    _ready_for_decision(complaint, officer, respondent)
    assert _member_now(respondent.user)

    _decide(
        complaint,
        officer,
        outcome="sanction",
        sanction="suspension",
        suspension_months=3,
        publish_until=timezone.localdate() + dt.timedelta(days=90),
    )

    membership.refresh_from_db()
    today = timezone.localdate()
    assert membership.rights_suspended_from == today
    assert membership.rights_suspended_until == today + relativedelta(months=3, days=-1)
    assert membership.sanction_source == f"complaint:{complaint.reference}"
    assert membership.ended_on is None
    assert not _member_now(respondent.user)
    # History records who changed the membership and what.
    assert membership.history.first().rights_suspended_until == membership.rights_suspended_until


def test_expulsion_ends_the_membership(complaint, officer, respondent, membership):
    _ready_for_decision(complaint, officer, respondent)

    _decide(
        complaint,
        officer,
        outcome="sanction",
        sanction="expulsion",
        publish_until=timezone.localdate() + dt.timedelta(days=365),
    )

    membership.refresh_from_db()
    assert membership.ended_on == timezone.localdate()
    assert not _member_now(respondent.user)


def test_a_reprimand_leaves_the_membership_alone(complaint, officer, respondent, membership):
    _ready_for_decision(complaint, officer, respondent)

    _decide(complaint, officer, outcome="sanction", sanction="warning")

    membership.refresh_from_db()
    assert membership.rights_suspended_from is None
    assert membership.ended_on is None
    assert membership.sanction_source == ""
    assert _member_now(respondent.user)


def test_a_review_that_finds_no_violation_lifts_the_suspension(
    complaint, officer, respondent, membership
):
    _ready_for_decision(complaint, officer, respondent)
    _decide(
        complaint,
        officer,
        outcome="sanction",
        sanction="suspension",
        suspension_months=6,
        publish_until=timezone.localdate() + dt.timedelta(days=180),
    )
    services.complaint_reopen_for_review(complaint=complaint, actor=officer, reason="申请复查")
    services.complaint_notify_respondent(complaint=complaint, actor=officer)
    services.complaint_defence_submit(complaint=complaint, user=respondent.user, text="复查答辩")

    _decide(complaint, officer, outcome="no_violation")

    membership.refresh_from_db()
    assert membership.rights_suspended_from is None
    assert membership.rights_suspended_until is None
    assert membership.sanction_source == ""
    assert _member_now(respondent.user)


def test_lifting_never_touches_an_effect_imposed_by_another_decision(respondent, membership):
    today = timezone.localdate()
    membership_sanction_apply(
        lawyer=respondent, effect="suspension", starts_on=today, months=2, source="complaint:A"
    )

    membership_sanction_apply(lawyer=respondent, effect=None, starts_on=today, source="complaint:B")

    membership.refresh_from_db()
    assert membership.sanction_source == "complaint:A"
    assert membership.rights_suspended_until == today + relativedelta(months=2, days=-1)


def test_a_suspension_that_has_run_out_no_longer_counts(respondent, membership):
    long_ago = timezone.localdate() - relativedelta(years=1)
    membership_sanction_apply(
        lawyer=respondent, effect="suspension", starts_on=long_ago, months=1, source="complaint:C"
    )

    assert _member_now(respondent.user)


def test_a_respondent_without_membership_is_decided_without_error(complaint, officer, respondent):
    _ready_for_decision(complaint, officer, respondent)

    decision = _decide(
        complaint,
        officer,
        outcome="sanction",
        sanction="suspension",
        suspension_months=1,
        publish_until=timezone.localdate() + dt.timedelta(days=30),
    )

    assert decision.pk is not None
