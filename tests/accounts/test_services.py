from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.services import staff_user_create
from tests.accounts.factories import PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db


def test_staff_user_create_makes_a_verified_staff_member_in_the_role_group():
    user = staff_user_create(
        email="Wang.Li@Example.CN", name="王丽", password="long-enough-9!", role=Role.EDITOR
    )

    user.refresh_from_db()
    assert user.email == "wang.li@example.cn"
    assert user.name == "王丽"
    assert user.is_staff
    assert not user.is_superuser
    assert user.check_password("long-enough-9!")
    assert list(user.groups.values_list("name", flat=True)) == ["编辑"]
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)


def test_staff_user_create_accepts_the_role_slug():
    user = staff_user_create(
        email="report@example.cn", name="报表", password="long-enough-9!", role="reports"
    )
    assert user.groups.get().name == "统计报表"


def test_staff_user_create_refuses_an_email_already_in_use_whatever_its_case():
    UserFactory(email="taken@example.cn")

    with pytest.raises(ValidationError) as excinfo:
        staff_user_create(
            email="TAKEN@example.cn", name="重复", password="long-enough-9!", role=Role.REPORTS
        )

    assert "email" in excinfo.value.message_dict
    assert User.objects.filter(email="taken@example.cn").count() == 1


@pytest.mark.parametrize("password", ["12345678", "short", "password"])
def test_staff_user_create_refuses_a_weak_password_and_saves_nothing(password):
    with pytest.raises(ValidationError) as excinfo:
        staff_user_create(email="weak@example.cn", name="弱", password=password, role="editor")

    assert "password" in excinfo.value.message_dict
    assert not User.objects.filter(email="weak@example.cn").exists()


def test_staff_user_create_refuses_an_unknown_role_and_saves_nothing():
    with pytest.raises(ValueError, match="superhero"):
        staff_user_create(
            email="x@example.cn", name="某", password="long-enough-9!", role="superhero"
        )
    assert not User.objects.filter(email="x@example.cn").exists()


def test_staff_user_create_refuses_a_malformed_email():
    with pytest.raises(ValidationError) as excinfo:
        staff_user_create(email="not-an-email", name="某", password="long-enough-9!", role="editor")
    assert "email" in excinfo.value.message_dict


def test_user_factory_makes_unverified_users_unless_asked():
    plain = UserFactory()
    verified = UserFactory(email="v@example.cn", verified=True)

    assert not EmailAddress.objects.filter(user=plain).exists()
    assert EmailAddress.objects.get(user=verified).verified
    assert plain.check_password(PASSWORD)
    assert not plain.is_staff


def test_staff_user_helper_makes_a_verified_staff_member_in_the_role():
    user = staff_user(role=Role.MEMBER_SERVICES)

    assert user.is_staff
    assert user.groups.get().name == "会员服务"
    assert EmailAddress.objects.get(user=user).verified
