"""Personas for members tests.

firm / other_firm: two active member firms.
lawyer:     practising at `firm`, has a portal account (lawyer.user).
colleague:  same firm, own account, not an administrator.
outsider:   practising at `other_firm`, own account.
firm_admin: practising at `firm`, appointed administrator of it.
member_services: staff in the member-services role (sees contacts, reads firm pages).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from apps.accounts.roles import Role
from apps.members.models import Gender
from tests.accounts.factories import UserFactory, staff_user
from tests.members.factories import (
    FirmAdministratorFactory,
    LawFirmFactory,
    LawyerFactory,
    MembershipFactory,
)


@pytest.fixture(autouse=True)
def _default_language(settings):
    """A request to /en/ leaves English active in this thread; start each test in Chinese."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _with_account(lawyer, email: str):
    lawyer.user = UserFactory(email=email, name=lawyer.name, verified=True)
    lawyer.save(update_fields=["user"])
    return lawyer


@pytest.fixture
def firm(db):
    return LawFirmFactory(name="上海申衡律师事务所")


@pytest.fixture
def other_firm(db):
    return LawFirmFactory(name="上海浦瀚律师事务所")


@pytest.fixture
def lawyer(firm):
    lawyer = _with_account(LawyerFactory(firm=firm, name="王明"), "wangming@example.cn")
    MembershipFactory(lawyer=lawyer)
    return lawyer


@pytest.fixture
def colleague(firm):
    return _with_account(
        LawyerFactory(firm=firm, name="李静", gender=Gender.FEMALE), "lijing@example.cn"
    )


@pytest.fixture
def outsider(other_firm):
    return _with_account(LawyerFactory(firm=other_firm, name="赵强"), "zhaoqiang@example.cn")


@pytest.fixture
def firm_admin(firm):
    admin = _with_account(
        LawyerFactory(firm=firm, name="陈芳", gender=Gender.FEMALE), "chenfang@example.cn"
    )
    FirmAdministratorFactory(firm=firm, lawyer=admin)
    return admin


@pytest.fixture
def member_services(db):
    return staff_user(role=Role.MEMBER_SERVICES, email="members@example.cn")


@pytest.fixture
def editor(db):
    return staff_user(role=Role.EDITOR, email="editor@example.cn")
