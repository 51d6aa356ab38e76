import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core.exceptions import DomainError
from apps.members.models import DuesInvoice, FirmAdministrator, Lawyer, LawyerStatus, Membership
from apps.members.services import (
    dues_invoice_issue,
    dues_invoice_mark_paid,
    firm_administrator_appoint,
    firm_contact_update,
    lawyer_account_link,
    lawyer_account_unlink,
    lawyer_activation_start,
    membership_create,
)
from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory, staff_user
from tests.members.factories import DuesInvoiceFactory, LawFirmFactory, LawyerFactory

pytestmark = pytest.mark.django_db

# --- Activation -----------------------------------------------------------------------


@pytest.fixture
def unlinked(firm):
    return LawyerFactory(firm=firm, name="孙丽", email="sunli@lawyers.example.cn")


@pytest.mark.parametrize(
    ("case", "accepted"),
    [
        ("matching", True),
        ("address_in_other_case", True),
        ("spaced_licence", True),
        ("suspended", True),
        ("unknown_licence", False),
        ("wrong_name", False),
        ("other_email", False),
        ("no_email_on_record", False),
        ("revoked", False),
        ("already_linked", False),
    ],
)
def test_activation_start_accepts_only_an_exact_match_without_saying_why_not(
    case, accepted, firm, unlinked, lawyer
):
    target, licence_no, name, email = unlinked, unlinked.licence_no, "孙丽", unlinked.email
    if case == "address_in_other_case":
        email = "SunLi@Lawyers.Example.cn"
    elif case == "spaced_licence":
        licence_no = f"{licence_no[:5]} {licence_no[5:]}"
    elif case == "suspended":
        target = LawyerFactory(firm=firm, name="郑敏", status=LawyerStatus.SUSPENDED)
        licence_no, name, email = target.licence_no, "郑敏", target.email
    elif case == "unknown_licence":
        target, licence_no = None, "13101201010999999"
    elif case == "wrong_name":
        name = "孙莉"
    elif case == "other_email":
        email = "attacker@example.cn"
    elif case == "no_email_on_record":
        target = LawyerFactory(firm=firm, name="周杰", email="")
        licence_no, name, email = target.licence_no, "周杰", "a@example.cn"
    elif case == "revoked":
        target = LawyerFactory(firm=None, name="吴刚", status=LawyerStatus.REVOKED)
        licence_no, name, email = target.licence_no, "吴刚", target.email
    elif case == "already_linked":
        target, licence_no, name, email = lawyer, lawyer.licence_no, lawyer.name, lawyer.email

    start = lawyer_activation_start(licence_no=licence_no, name=name, email=email)

    assert start.record == target
    assert start.lawyer == (target if accepted else None)


def test_link_sets_the_user_and_copies_the_name(unlinked):
    user = UserFactory(email=unlinked.email, name="")
    lawyer_account_link(lawyer=unlinked, user=user)
    unlinked.refresh_from_db()
    user.refresh_from_db()
    assert unlinked.user == user
    assert user.name == "孙丽"
    assert unlinked.history.first().user_id == user.pk  # audit trail kept


def test_link_refuses_when_someone_else_linked_first(unlinked):
    lawyer_account_link(lawyer=unlinked, user=UserFactory())
    stale = Lawyer.objects.get(pk=unlinked.pk)
    stale.user = None  # what a concurrent request still believes
    with pytest.raises(DomainError) as exc:
        lawyer_account_link(lawyer=stale, user=UserFactory())
    assert exc.value.code == "already_linked"


def test_link_refuses_a_user_already_linked_to_another_lawyer(lawyer, unlinked):
    with pytest.raises(DomainError) as exc:
        lawyer_account_link(lawyer=unlinked, user=lawyer.user)
    assert exc.value.code == "user_taken"


def test_database_refuses_two_lawyers_on_one_user(lawyer, unlinked):
    unlinked.user = lawyer.user
    with pytest.raises(IntegrityError), transaction.atomic():
        unlinked.save()


@pytest.mark.django_db(transaction=True)
def test_concurrent_activations_of_one_licence_let_exactly_one_win():
    lawyer = LawyerFactory(name="钱伟")
    users = [UserFactory(email=f"race{i}@example.cn") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def activate(user):
        try:
            barrier.wait(timeout=5)
            lawyer_account_link(lawyer=Lawyer.objects.get(pk=lawyer.pk), user=user)
            outcomes.append("won")
        except DomainError as exc:
            outcomes.append(exc.code or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=activate, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(outcomes) == ["already_linked", "won"]
    lawyer.refresh_from_db()
    assert lawyer.user_id in {u.pk for u in users}


# --- Firm record and administrators ---------------------------------------------------


def test_firm_contact_update_changes_contact_fields(firm):
    updated = firm_contact_update(
        firm=firm, data={"phone": "021-60000000", "website": "https://new.example.cn"}
    )
    firm.refresh_from_db()
    assert firm.phone == "021-60000000" == updated.phone
    assert firm.history.count() == 2


def test_firm_contact_update_refuses_registration_fields(firm):
    with pytest.raises(DomainError):
        firm_contact_update(firm=firm, data={"name": "上海改名律师事务所"})
    firm.refresh_from_db()
    assert firm.name == "上海申衡律师事务所"


def test_firm_contact_update_validates(firm):
    with pytest.raises(ValidationError):
        firm_contact_update(firm=firm, data={"email": "not-an-email"})


def test_appointing_an_administrator_notifies_them(firm, colleague):
    admin = firm_administrator_appoint(firm=firm, lawyer=colleague)
    assert admin.firm == firm
    note = Notification.objects.get(recipient=colleague.user)
    assert note.key == "members_firm_admin_appointed"
    assert note.context["firm_name"] == firm.name


def test_appointing_twice_is_harmless(firm, firm_admin):
    firm_administrator_appoint(firm=firm, lawyer=firm_admin)
    assert FirmAdministrator.objects.filter(firm=firm, lawyer=firm_admin).count() == 1
    assert not Notification.objects.exists()


def test_only_lawyers_of_the_firm_can_administer_it(firm, outsider):
    with pytest.raises(DomainError) as exc:
        firm_administrator_appoint(firm=firm, lawyer=outsider)
    assert exc.value.code == "not_in_firm"


def test_suspended_lawyer_cannot_become_administrator(firm):
    lawyer = LawyerFactory(firm=firm, status=LawyerStatus.SUSPENDED)
    with pytest.raises(DomainError):
        firm_administrator_appoint(firm=firm, lawyer=lawyer)


# --- Memberships and dues -------------------------------------------------------------


def test_membership_numbers_follow_member_kind(lawyer, other_firm):
    individual = membership_create(member_since=dt.date(2020, 1, 1), lawyer=LawyerFactory())
    group = membership_create(member_since=dt.date(2020, 1, 1), firm=other_firm)
    assert individual.number.startswith("P")
    assert group.number.startswith("G")


def test_membership_needs_exactly_one_member(firm, lawyer):
    with pytest.raises(DomainError):
        membership_create(member_since=dt.date(2020, 1, 1), lawyer=lawyer, firm=firm)
    with pytest.raises(DomainError):
        membership_create(member_since=dt.date(2020, 1, 1))


def test_second_membership_for_a_lawyer_is_refused(lawyer):
    with pytest.raises(DomainError) as exc:
        membership_create(member_since=dt.date(2020, 1, 1), lawyer=lawyer)
    assert exc.value.code == "membership_exists"


def test_database_requires_exactly_one_member():
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(number="X1", member_since=dt.date(2020, 1, 1))


def test_issuing_dues_notifies_a_lawyer_with_an_account(lawyer):
    invoice = dues_invoice_issue(
        year=2026,
        amount=Decimal("2000"),
        due_date=dt.date(2026, 6, 30),
        lawyer=lawyer,
        issued_on=dt.date(2026, 1, 10),
    )
    assert invoice.number == f"2026-P{lawyer.pk:07d}"
    note = Notification.objects.get(recipient=lawyer.user)
    assert note.key == "members_dues_issued"
    assert note.context["amount"] == "2000"


def test_dues_are_issued_once_per_year_and_payer(firm):
    kwargs = {"year": 2026, "amount": Decimal("5000"), "due_date": dt.date(2026, 6, 30)}
    dues_invoice_issue(firm=firm, issued_on=dt.date(2026, 1, 10), **kwargs)
    with pytest.raises(DomainError):
        dues_invoice_issue(firm=firm, issued_on=dt.date(2026, 1, 10), **kwargs)


def test_dues_need_exactly_one_payer(firm, lawyer):
    with pytest.raises(DomainError):
        dues_invoice_issue(
            year=2026, amount=Decimal(1), due_date=dt.date(2026, 6, 30), lawyer=lawyer, firm=firm
        )


def test_database_refuses_dues_with_two_payers_or_a_duplicate_year(firm, lawyer):
    DuesInvoiceFactory(lawyer=lawyer, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesInvoiceFactory(lawyer=lawyer, firm=firm, year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesInvoiceFactory(lawyer=lawyer, year=2025)


def test_marking_dues_paid_sets_time_once(lawyer, member_services):
    invoice = DuesInvoiceFactory(lawyer=lawyer)
    paid = dues_invoice_mark_paid(invoice=invoice, actor=member_services)
    assert paid.paid_at is not None
    assert paid.paid_at <= timezone.now()
    with pytest.raises(DomainError):
        dues_invoice_mark_paid(invoice=invoice, actor=member_services)
    assert DuesInvoice.objects.paid().count() == 1


# Services behind admin actions check the actor themselves: a management command, a task
# or a future view calling them holds the same line as the admin button.
_NOT_ALLOWED_TO_CHANGE = [
    Role.REPORTS,  # sees members read-only
    Role.EDITOR,
    Role.PARTY_AFFAIRS,  # looks lawyers up, changes nothing
    Role.COMPLAINTS_OFFICER,
]


@pytest.mark.parametrize("role", _NOT_ALLOWED_TO_CHANGE)
def test_staff_without_change_permission_cannot_mark_dues_paid(lawyer, role):
    invoice = DuesInvoiceFactory(lawyer=lawyer)
    with pytest.raises(PermissionDenied):
        dues_invoice_mark_paid(invoice=invoice, actor=staff_user(role=role))
    invoice.refresh_from_db()
    assert invoice.paid_at is None


def test_lawyer_cannot_mark_own_dues_paid(lawyer):
    invoice = DuesInvoiceFactory(lawyer=lawyer)
    with pytest.raises(PermissionDenied):
        dues_invoice_mark_paid(invoice=invoice, actor=lawyer.user)


def test_deactivated_member_services_cannot_mark_dues_paid(lawyer, member_services):
    member_services.is_active = False
    member_services.save(update_fields=["is_active"])
    invoice = DuesInvoiceFactory(lawyer=lawyer)
    with pytest.raises(PermissionDenied):
        dues_invoice_mark_paid(invoice=invoice, actor=member_services)


def test_member_services_unlinks_a_portal_account(lawyer, member_services):
    unlinked = lawyer_account_unlink(lawyer=lawyer, actor=member_services)
    assert unlinked.user is None
    lawyer.refresh_from_db()
    assert lawyer.user_id is None


@pytest.mark.parametrize("role", _NOT_ALLOWED_TO_CHANGE)
def test_staff_without_change_permission_cannot_unlink_an_account(lawyer, role):
    with pytest.raises(PermissionDenied):
        lawyer_account_unlink(lawyer=lawyer, actor=staff_user(role=role))
    lawyer.refresh_from_db()
    assert lawyer.user_id is not None


def test_lawyer_cannot_unlink_their_own_account(lawyer):
    with pytest.raises(PermissionDenied):
        lawyer_account_unlink(lawyer=lawyer, actor=lawyer.user)


def test_firm_factory_builds_distinct_valid_firms():
    first, second = LawFirmFactory(), LawFirmFactory()
    first.full_clean()
    second.full_clean()
    assert first.uscc != second.uscc
