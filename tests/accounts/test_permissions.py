"""is_current_member: the one answer to "may this user read members-only content?"."""

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.accounts.permissions import (
    MEMBER_STAFF_ROLES,
    current_member_hook_register,
    is_current_member,
    is_current_member_forget,
)
from apps.accounts.roles import Role
from tests.accounts.factories import SuperuserFactory, UserFactory, staff_user, totp_enroll

pytestmark = pytest.mark.django_db


def test_anonymous_is_not_a_member():
    assert is_current_member(AnonymousUser()) is False
    assert is_current_member(None) is False


def test_plain_user_without_lawyer_record_is_not_a_member():
    assert is_current_member(UserFactory()) is False


def test_inactive_user_is_never_a_member():
    assert is_current_member(SuperuserFactory(is_active=False)) is False


@pytest.mark.parametrize(
    ("role", "member"),
    [
        (Role.EDITOR, True),
        (Role.CHIEF_EDITOR, True),
        (Role.PARTY_AFFAIRS, False),
        (Role.COMPLAINTS_OFFICER, False),
        (Role.MEMBER_SERVICES, False),
        (Role.REPORTS, False),
    ],
)
def test_only_editorial_staff_roles_count_as_members(role, member):
    assert (role in MEMBER_STAFF_ROLES) is member
    assert is_current_member(staff_user(role=role)) is member


def test_superuser_counts_as_member():
    assert is_current_member(SuperuserFactory()) is True


def test_staff_without_second_factor_is_not_a_member_when_mfa_is_required(settings):
    settings.ADMIN_REQUIRE_MFA = True
    editor = staff_user(role=Role.EDITOR)
    assert is_current_member(editor) is False
    totp_enroll(editor)
    is_current_member_forget(editor)
    assert is_current_member(editor) is True


def test_answer_is_cached_on_the_user_for_the_request(django_assert_num_queries):
    editor = staff_user(role=Role.EDITOR)
    assert is_current_member(editor) is True
    with django_assert_num_queries(0):
        assert is_current_member(editor) is True


def test_registered_hook_answers_for_non_staff():
    user = UserFactory()
    current_member_hook_register("tests.always", lambda u: u.pk == user.pk)
    try:
        assert is_current_member(user) is True
        assert is_current_member(UserFactory()) is False
    finally:
        from apps.accounts import permissions

        permissions._hooks.pop("tests.always")


# --- lawyers: members' hook ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "member"),
    [("practising", True), ("suspended", False), ("revoked", False)],
)
def test_only_practising_lawyers_are_current_members(lawyer, status, member):
    lawyer.status = status
    lawyer.save(update_fields=["status"])
    assert is_current_member(lawyer.user) is member


def test_suspension_takes_effect_on_the_next_request(client, lawyer):
    """No flag to keep in step: the next request reads the lawyer's status afresh."""
    from apps.members.models import LawyerStatus

    user = lawyer.user
    assert is_current_member(user) is True
    lawyer.status = LawyerStatus.SUSPENDED
    lawyer.save(update_fields=["status"])
    fresh = type(user).objects.get(pk=user.pk)  # what the next request loads
    assert is_current_member(fresh) is False


def test_registered_user_without_lawyer_record_is_not_a_member(reader):
    assert is_current_member(reader) is False


def test_members_registers_its_hook():
    from apps.accounts import permissions

    assert "members.practising" in permissions._hooks
