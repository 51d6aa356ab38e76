"""Annual reviews, honours, firm branches, and the audit trail of memberships, dues and
roster changes (simple_history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.members.models import (
    AnnualReview,
    LawFirm,
    PaymentMethod,
    ReviewResult,
    RosterChangeKind,
    RosterChangeStatus,
)
from apps.members.services import (
    dues_payment_record,
    roster_change_reject,
    roster_change_request,
)
from tests.members.factories import (
    AnnualReviewFactory,
    DuesInvoiceFactory,
    HonourFactory,
    LawFirmFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


# --- annual reviews and honours -----------------------------------------------------------


def test_one_review_per_lawyer_and_year(lawyer):
    AnnualReviewFactory(lawyer=lawyer, year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReviewFactory(lawyer=lawyer, year=2024, result=ReviewResult.INCOMPETENT)


def test_review_is_decided_after_its_year_ends(lawyer):
    review = AnnualReview(
        lawyer=lawyer, year=2024, result=ReviewResult.COMPETENT, decided_on=dt.date(2024, 12, 1)
    )
    with pytest.raises(ValidationError) as exc:
        review.full_clean()
    assert "decided_on" in exc.value.message_dict


def test_member_services_record_a_review_in_admin_and_a_duplicate_is_a_form_error(
    client, member_services, lawyer
):
    client.force_login(member_services)
    url = reverse("admin:members_annualreview_add")
    data = {
        "lawyer": lawyer.pk,
        "year": "2024",
        "result": ReviewResult.COMPETENT,
        "decided_on": "2025-05-20",
        "note": "",
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "result": ReviewResult.INCOMPETENT})
    assert again.status_code == 200
    assert again.context["adminform"].form.errors
    assert AnnualReview.objects.get(lawyer=lawyer).result == ReviewResult.COMPETENT
    assert AnnualReview.history.filter(lawyer_id=lawyer.pk).count() == 1


def test_portal_home_shows_my_grades_and_honours_not_a_colleagues(client, lawyer, colleague):
    AnnualReviewFactory(lawyer=lawyer, year=2023, result=ReviewResult.COMPETENT)
    AnnualReviewFactory(lawyer=lawyer, year=2024, result=ReviewResult.DEFERRED)
    HonourFactory(lawyer=lawyer, title="上海律师行业公益之星", year=2024)
    HonourFactory(lawyer=lawyer, title="协会通报表扬", year=2024, is_public=False)
    AnnualReviewFactory(lawyer=colleague, year=2022, result=ReviewResult.INCOMPETENT)
    client.force_login(lawyer.user)
    html = client.get(reverse("members:home")).content.decode()
    assert "我的年度考核与荣誉" in html
    assert "暂缓考核" in html  # the lawyer sees their deferral, the public does not
    assert "2023" in html
    assert "上海律师行业公益之星" in html
    assert "协会通报表扬" in html
    assert "不称职" not in html
    assert "2022" not in html


def test_portal_home_query_count_does_not_grow_with_reviews(
    client, lawyer, django_assert_max_num_queries
):
    client.force_login(lawyer.user)
    url = reverse("members:home")
    AnnualReviewFactory(lawyer=lawyer, year=2024)
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for year in range(2005, 2024):
        AnnualReviewFactory(lawyer=lawyer, year=year)
        HonourFactory(lawyer=lawyer, year=year)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count("称职") >= 20


# --- branches -----------------------------------------------------------------------------


def test_a_branch_names_one_head_office(firm):
    branch = LawFirmFactory(head_office=firm)
    branch.head_office_elsewhere = "北京市某律师事务所"
    with pytest.raises(ValidationError) as exc:
        branch.full_clean()
    assert exc.value.error_dict["head_office_elsewhere"][0].code == "two_head_offices"
    with pytest.raises(IntegrityError), transaction.atomic():
        LawFirm.objects.filter(pk=branch.pk).update(head_office_elsewhere="北京市某律师事务所")


def test_a_branch_cannot_have_branches_and_a_firm_not_be_its_own(firm, other_firm):
    branch = LawFirmFactory(head_office=firm)
    other_firm.head_office = branch
    with pytest.raises(ValidationError) as exc:
        other_firm.full_clean()
    assert exc.value.error_dict["head_office"][0].code == "branch_of_branch"
    other_firm.head_office = None
    firm.head_office = other_firm  # firm already has a branch
    with pytest.raises(ValidationError) as exc:
        firm.full_clean()
    assert exc.value.error_dict["head_office"][0].code == "head_office_is_branch"
    with pytest.raises(IntegrityError), transaction.atomic():
        LawFirm.objects.filter(pk=other_firm.pk).update(head_office=other_firm)


# --- audit trail --------------------------------------------------------------------------


def test_memberships_invoices_payments_and_roster_changes_keep_history(
    lawyer, firm, firm_admin, colleague, member_services
):
    membership = MembershipFactory(lawyer=colleague)  # the lawyer persona has one already
    membership.ended_on = dt.date(2025, 1, 1)
    membership.save()
    assert membership.history.count() == 2
    invoice = DuesInvoiceFactory(lawyer=lawyer, amount=Decimal("2000.00"))
    payment = dues_payment_record(
        invoice=invoice,
        amount=Decimal("2000.00"),
        method=PaymentMethod.BANK_TRANSFER,
        actor=member_services,
    )
    assert payment.history.count() == 1
    assert invoice.history.count() == 2  # issued, then settled
    change = roster_change_request(
        firm=firm,
        requested_by=firm_admin.user,
        kind=RosterChangeKind.LEAVE,
        lawyer=colleague,
        reason="已转所",
    )
    roster_change_reject(change=change, decided_by=member_services, note="材料不全")
    assert [h.status for h in change.history.order_by("history_id")] == [
        RosterChangeStatus.PENDING,
        RosterChangeStatus.REJECTED,
    ]


def test_history_revert_never_reopens_a_decided_roster_change(
    client, firm, firm_admin, colleague, member_services
):
    change = roster_change_request(
        firm=firm,
        requested_by=firm_admin.user,
        kind=RosterChangeKind.LEAVE,
        lawyer=colleague,
        reason="已转所",
    )
    roster_change_reject(change=change, decided_by=member_services, note="材料不全")
    pending = change.history.order_by("history_id").first()
    client.force_login(member_services)
    history = reverse("admin:members_rosterchange_history", args=[change.pk])
    assert client.get(history).status_code == 200
    url = reverse("admin:members_rosterchange_simple_history", args=[change.pk, pending.history_id])
    client.post(url, {})
    change.refresh_from_db()
    assert change.status == RosterChangeStatus.REJECTED


def test_member_services_read_the_history_of_dues_and_memberships(client, member_services, lawyer):
    invoice = DuesInvoiceFactory(lawyer=lawyer)
    membership = lawyer.membership
    client.force_login(member_services)
    for url in (
        reverse("admin:members_duesinvoice_history", args=[invoice.pk]),
        reverse("admin:members_membership_history", args=[membership.pk]),
    ):
        assert client.get(url).status_code == 200


# --- demo data ----------------------------------------------------------------------------


def test_demo_seed_adds_reviews_honours_and_branches_idempotently():
    import random

    from apps.members.demo import demo_firm, demo_lawyers, seed_members
    from apps.members.models import FirmBranch, Honour

    def counts() -> tuple[int, ...]:
        return (
            AnnualReview.objects.count(),
            Honour.objects.count(),
            FirmBranch.objects.count(),
            LawFirm.objects.filter(head_office__isnull=False).count(),
            LawFirm.objects.exclude(head_office_elsewhere="").count(),
        )

    seed_members(scale="small", rng=random.Random(1))
    first = counts()
    reviews, honours, elsewhere, here, of_firms_elsewhere = first
    assert reviews > 500
    assert honours >= 3
    assert elsewhere >= 3
    assert here >= 1
    assert of_firms_elsewhere >= 1
    assert set(AnnualReview.objects.values_list("result", flat=True)) >= {
        ReviewResult.COMPETENT,
        ReviewResult.BASICALLY_COMPETENT,
    }
    for review in AnnualReview.objects.order_by("?")[:50]:
        review.full_clean()
    for firm in LawFirm.objects.exclude(head_office=None, head_office_elsewhere=""):
        firm.full_clean()
    head = demo_firm()
    assert head.branches.exists()
    assert head.branches_elsewhere.count() == 3
    me = demo_lawyers(1)[0]
    assert set(me.annual_reviews.values_list("result", flat=True)) == {ReviewResult.COMPETENT}
    assert me.honours.filter(is_public=True).exists()
    assert me.honours.filter(is_public=False).exists()
    seed_members(scale="small", rng=random.Random(1))
    assert counts() == first
