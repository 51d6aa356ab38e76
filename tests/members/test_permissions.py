"""apps.members.permissions: each rule once, table-driven over the personas."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.accounts.roles import Role
from apps.members import permissions
from apps.members.models import LawyerStatus

pytestmark = pytest.mark.django_db


def _user(who: str, request):
    """The persona's User: lawyers by their account, staff roles by staff_user."""
    if who == "anonymous":
        return AnonymousUser()
    if who in Role.values:
        return request.getfixturevalue("staff_user")(who)
    return request.getfixturevalue(who).user


@pytest.mark.parametrize(
    ("who", "manage", "view_firm", "contacts"),
    [
        ("anonymous", False, False, False),
        ("lawyer", False, False, False),
        ("colleague", False, False, False),
        ("outsider", False, False, False),
        ("firm_admin", True, True, False),
        (Role.MEMBER_SERVICES, False, True, True),
        (Role.REPORTS, False, False, False),
        (Role.EDITOR, False, False, False),
        (Role.PARTY_AFFAIRS, False, False, False),
    ],
)
def test_firm_rules_by_persona(request, firm, who, manage, view_firm, contacts):
    user = _user(who, request)
    assert permissions.can_manage_firm(user, firm) is manage
    assert permissions.can_manage_firm(user, firm.pk) is manage
    assert permissions.can_view_firm(user, firm) is view_firm
    assert permissions.can_view_contacts(user) is contacts


@pytest.mark.parametrize(
    "lapse",
    ["suspended", "left_the_firm", "account_deactivated"],
)
def test_administrator_right_lapses_by_itself(firm, other_firm, firm_admin, lapse):
    if lapse == "suspended":
        firm_admin.status = LawyerStatus.SUSPENDED
        firm_admin.save(update_fields=["status"])
    elif lapse == "left_the_firm":
        firm_admin.firm = other_firm
        firm_admin.save(update_fields=["firm"])
    else:
        firm_admin.user.is_active = False
        firm_admin.user.save(update_fields=["is_active"])
    assert not permissions.can_manage_firm(firm_admin.user, firm)
    assert not permissions.can_manage_firm(firm_admin.user, other_firm)


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("anonymous", False),
        ("lawyer", True),  # their own
        ("colleague", False),
        ("outsider", False),
        ("firm_admin", True),
        (Role.MEMBER_SERVICES, True),
        (Role.REPORTS, False),
        (Role.COMPLAINTS_OFFICER, False),
    ],
)
def test_who_sees_a_lawyers_contact_details(request, lawyer, who, visible):
    assert permissions.can_view_lawyer_contact(_user(who, request), lawyer) is visible


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("firm_admin", False),
        (Role.MEMBER_SERVICES, True),
        (Role.REPORTS, False),
        (Role.CHIEF_EDITOR, False),
        (Role.PARTY_AFFAIRS, False),
    ],
)
def test_staff_powers_behind_admin_actions(request, who, allowed):
    user = _user(who, request)
    assert permissions.can_decide_roster_changes(user) is allowed
    assert permissions.can_unlink_account(user) is allowed
    assert permissions.can_mark_dues_paid(user) is allowed


def test_deactivated_staff_lose_every_power(member_services):
    member_services.is_active = False
    member_services.save(update_fields=["is_active"])
    assert not permissions.can_view_contacts(member_services)
    assert not permissions.can_decide_roster_changes(member_services)
    assert not permissions.can_mark_dues_paid(member_services)
