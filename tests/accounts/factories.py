"""Users for tests. Other apps import these:

    UserFactory()                      # a plain user, no EmailAddress row
    UserFactory(email="a@b.cn", verified=True)   # + verified primary EmailAddress
    staff_user(role=Role.EDITOR)       # verified staff member in the editor group
    SuperuserFactory()
    secret = totp_enroll(user); totp_code(secret)   # second factor for /admin/ tests

Every user's password is PASSWORD.
"""

from __future__ import annotations

import time
from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from factory.django import DjangoModelFactory

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.accounts.services import role_group

PASSWORD = "pass-1234!"


def _add_verified_email(user: User) -> None:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.cn")
    name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """verified=True adds a verified, primary allauth EmailAddress (default: none)."""
        if create and extracted:
            _add_verified_email(obj)


class StaffFactory(UserFactory):
    """A staff member; role=Role.X puts them in that role's group. Verified by default."""

    email = factory.Sequence(lambda n: f"staff{n}@example.cn")
    is_staff = True

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create and extracted is not False:
            _add_verified_email(obj)

    @factory.post_generation
    def role(obj: User, create: bool, extracted: Role | str | None, **kwargs: Any) -> None:
        if create and extracted:
            obj.groups.add(role_group(role=extracted))


class SuperuserFactory(StaffFactory):
    email = factory.Sequence(lambda n: f"admin{n}@example.cn")
    is_superuser = True


def staff_user(role: Role | str = Role.EDITOR, **kwargs: Any) -> User:
    return StaffFactory(role=role, **kwargs)


def totp_enroll(user: User) -> str:
    """Give a user an activated TOTP authenticator; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app would show right now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
