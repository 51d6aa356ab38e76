import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from apps.members.models import FirmStatus, LawyerStatus
from apps.members.selectors import (
    dues_status,
    firm_dues_for_user,
    firm_get_for_user,
    firm_roster_list_for_user,
    firms_administered_by,
    lawyer_contact_visible,
    lawyer_dues_list_for_user,
    lawyer_for_user,
    member_counts,
    years_in_practice,
)
from apps.members.services import firm_contact_update
from tests.members.factories import (
    DuesInvoiceFactory,
    LawFirmFactory,
    LawyerFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


# --- Own record -----------------------------------------------------------------------


def test_lawyer_sees_own_record(lawyer):
    assert lawyer_for_user(user=lawyer.user) == lawyer


def test_staff_and_anonymous_have_no_lawyer_record(member_services):
    assert lawyer_for_user(user=member_services) is None
    assert lawyer_for_user(user=AnonymousUser()) is None


def test_own_dues_only(lawyer, colleague):
    mine = DuesInvoiceFactory(lawyer=lawyer)
    DuesInvoiceFactory(lawyer=colleague)
    assert list(lawyer_dues_list_for_user(user=lawyer.user)) == [mine]


def test_dues_status_for_the_year():
    year = timezone.localdate().year
    paid = DuesInvoiceFactory.build(year=year, paid_at=timezone.now())
    open_ = DuesInvoiceFactory.build(year=year, due_date=dt.date(year + 1, 1, 1))
    late = DuesInvoiceFactory.build(year=year, due_date=dt.date(year - 1, 12, 31))
    assert dues_status(invoices=[paid]) == "paid"
    assert dues_status(invoices=[open_]) == "unpaid"
    assert dues_status(invoices=[late]) == "overdue"
    assert dues_status(invoices=[]) == "none"


def test_years_in_practice_counts_whole_years(lawyer):
    lawyer.first_licensed = dt.date(2015, 3, 1)
    assert years_in_practice(lawyer=lawyer, today=dt.date(2026, 2, 28)) == 10
    assert years_in_practice(lawyer=lawyer, today=dt.date(2026, 3, 1)) == 11


# --- Firm administration --------------------------------------------------------------


def test_firm_admin_may_read_and_change_the_firm(firm, firm_admin):
    assert firm_get_for_user(user=firm_admin.user, pk=firm.pk) == firm
    assert firm_get_for_user(user=firm_admin.user, pk=firm.pk, for_change=True) == firm
    assert list(firms_administered_by(user=firm_admin.user)) == [firm]


@pytest.mark.parametrize("persona", ["lawyer", "colleague", "outsider"])
def test_non_administrators_are_refused_firm_pages(request, firm, firm_admin, persona):
    user = request.getfixturevalue(persona).user
    with pytest.raises(PermissionDenied):
        firm_get_for_user(user=user, pk=firm.pk)


def test_outsider_admin_of_another_firm_is_refused(firm, other_firm, outsider):
    from tests.members.factories import FirmAdministratorFactory

    FirmAdministratorFactory(firm=other_firm, lawyer=outsider)
    assert firm_get_for_user(user=outsider.user, pk=other_firm.pk) == other_firm
    with pytest.raises(PermissionDenied):
        firm_get_for_user(user=outsider.user, pk=firm.pk)


def test_member_services_may_read_but_not_change_in_the_portal(firm, member_services):
    assert firm_get_for_user(user=member_services, pk=firm.pk) == firm
    with pytest.raises(PermissionDenied):
        firm_get_for_user(user=member_services, pk=firm.pk, for_change=True)


def test_other_staff_roles_are_refused(firm, editor):
    with pytest.raises(PermissionDenied):
        firm_get_for_user(user=editor, pk=firm.pk)


def test_missing_firm_is_404(firm_admin):
    with pytest.raises(Http404):
        firm_get_for_user(user=firm_admin.user, pk=999_999)


def test_administrator_right_lapses_when_the_lawyer_leaves(firm, other_firm, firm_admin):
    firm_admin.firm = other_firm
    firm_admin.save()
    assert not firms_administered_by(user=firm_admin.user).exists()
    with pytest.raises(PermissionDenied):
        firm_get_for_user(user=firm_admin.user, pk=firm.pk)


def test_administrator_right_lapses_when_suspended(firm, firm_admin):
    firm_admin.status = LawyerStatus.SUSPENDED
    firm_admin.save()
    assert not firms_administered_by(user=firm_admin.user).exists()


# --- Contact details (PII) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "visible"),
    [
        ("lawyer", True),  # themself
        ("firm_admin", True),
        ("member_services", True),
        ("colleague", False),
        ("outsider", False),
        ("editor", False),
    ],
)
def test_who_sees_a_lawyers_contact_details(request, lawyer, firm_admin, viewer, visible):
    user = request.getfixturevalue(viewer)
    user = getattr(user, "user", user)
    assert lawyer_contact_visible(viewer=user, lawyer=lawyer) is visible


def test_anonymous_never_sees_contact_details(lawyer):
    assert lawyer_contact_visible(viewer=AnonymousUser(), lawyer=lawyer) is False


# --- Roster and dues ------------------------------------------------------------------


def test_roster_lists_only_the_firms_lawyers(firm, firm_admin, lawyer, colleague, outsider):
    roster = list(firm_roster_list_for_user(user=firm_admin.user, firm_pk=firm.pk))
    assert set(roster) == {firm_admin, lawyer, colleague}


def test_roster_filters_by_status_and_query(firm, firm_admin, lawyer, colleague):
    colleague.status = LawyerStatus.SUSPENDED
    colleague.save()
    by_status = firm_roster_list_for_user(
        user=firm_admin.user, firm_pk=firm.pk, status=LawyerStatus.SUSPENDED
    )
    assert list(by_status) == [colleague]
    by_name = firm_roster_list_for_user(user=firm_admin.user, firm_pk=firm.pk, query="王")
    assert list(by_name) == [lawyer]
    by_licence = firm_roster_list_for_user(
        user=firm_admin.user, firm_pk=firm.pk, query=lawyer.licence_no[:14]
    )
    assert lawyer in by_licence
    ignored = firm_roster_list_for_user(user=firm_admin.user, firm_pk=firm.pk, status="bogus")
    assert ignored.count() == 3


def test_roster_flags_this_years_paid_dues(firm, firm_admin, lawyer, colleague):
    DuesInvoiceFactory(lawyer=lawyer, paid_at=timezone.now())
    DuesInvoiceFactory(lawyer=colleague)
    flags = {
        lw.pk: lw.dues_paid_this_year
        for lw in firm_roster_list_for_user(user=firm_admin.user, firm_pk=firm.pk)
    }
    assert flags == {lawyer.pk: 1, colleague.pk: 0, firm_admin.pk: 0}


def test_roster_refused_to_colleague(firm, colleague):
    with pytest.raises(PermissionDenied):
        firm_roster_list_for_user(user=colleague.user, firm_pk=firm.pk)


def test_firm_dues_summary(firm, firm_admin, lawyer, colleague, outsider):
    year = timezone.localdate().year
    DuesInvoiceFactory(lawyer=lawyer, year=year, paid_at=timezone.now())
    DuesInvoiceFactory(lawyer=colleague, year=year)
    DuesInvoiceFactory(lawyer=outsider, year=year)
    firm_invoice = DuesInvoiceFactory(lawyer=None, firm=firm, year=year)
    summary = firm_dues_for_user(user=firm_admin.user, firm_pk=firm.pk)
    assert summary.firm_invoices == [firm_invoice]
    assert (summary.lawyers_total, summary.lawyers_paid) == (2, 1)
    assert summary.lawyers_unpaid == [colleague]
    assert summary.lawyers_unpaid_count == 1


# --- Member counts --------------------------------------------------------------------


def test_member_counts_count_practising_members_and_active_member_firms(firm, other_firm):
    MembershipFactory(lawyer=LawyerFactory(firm=firm))
    MembershipFactory(lawyer=LawyerFactory(firm=firm, status=LawyerStatus.SUSPENDED))
    LawyerFactory(firm=firm)  # no membership
    MembershipFactory(lawyer=None, firm=firm)
    MembershipFactory(lawyer=None, firm=LawFirmFactory(status=FirmStatus.DISSOLVED))
    assert member_counts() == {"lawyers": 1, "firms": 1}


def test_member_counts_are_cached_and_invalidated_on_change(firm, django_assert_num_queries):
    MembershipFactory(lawyer=LawyerFactory(firm=firm))
    assert member_counts()["lawyers"] == 1
    with django_assert_num_queries(0):
        assert member_counts()["lawyers"] == 1
    MembershipFactory(lawyer=LawyerFactory(firm=firm))
    assert member_counts()["lawyers"] == 2
    firm_contact_update(firm=firm, data={"phone": "021-1"})  # a firm save also invalidates
    with django_assert_num_queries(2):
        member_counts()
