"""Personas for complaints tests.

firm / other_firm: two member firms.
respondent: practising lawyer at `firm` with a portal account (the one complained about).
colleague:  same firm, own account, not an administrator.
outsider:   lawyer at `other_firm`.
firm_admin: administrator of `firm`.
officer / officer2: staff in the complaints-officer role.
member_services, reports, editor: other staff roles (no complainant data).
complaint: a fresh complaint against `respondent` (state received).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from apps.accounts.roles import Role
from apps.complaints.services import complaint_submit
from tests.accounts.factories import UserFactory, staff_user
from tests.complaints.factories import submit_kwargs
from tests.members.factories import FirmAdministratorFactory, LawFirmFactory, LawyerFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _with_account(lawyer, email):
    lawyer.user = UserFactory(email=email, name=lawyer.name, verified=True)
    lawyer.save(update_fields=["user"])
    return lawyer


@pytest.fixture
def firm(db):
    return LawFirmFactory(name="上海明律律师事务所")


@pytest.fixture
def other_firm(db):
    return LawFirmFactory(name="上海东港律师事务所")


@pytest.fixture
def respondent(firm):
    return _with_account(LawyerFactory(firm=firm, name="刘洋"), "liuyang@example.cn")


@pytest.fixture
def colleague(firm):
    return _with_account(LawyerFactory(firm=firm, name="孙丽"), "sunli@example.cn")


@pytest.fixture
def outsider(other_firm):
    return _with_account(LawyerFactory(firm=other_firm, name="周军"), "zhoujun@example.cn")


@pytest.fixture
def firm_admin(firm):
    admin = _with_account(LawyerFactory(firm=firm, name="吴敏"), "wumin@example.cn")
    FirmAdministratorFactory(firm=firm, lawyer=admin)
    return admin


@pytest.fixture
def officer(db):
    return staff_user(role=Role.COMPLAINTS_OFFICER, email="officer@example.cn")


@pytest.fixture
def officer2(db):
    return staff_user(role=Role.COMPLAINTS_OFFICER, email="officer2@example.cn")


@pytest.fixture
def member_services(db):
    return staff_user(role=Role.MEMBER_SERVICES, email="ms@example.cn")


@pytest.fixture
def reports(db):
    return staff_user(role=Role.REPORTS, email="reports@example.cn")


@pytest.fixture
def complaint(respondent):
    return complaint_submit(**submit_kwargs(respondent_lawyer=respondent)).complaint
