"""Fixtures for complaints tests.

The shared personas (colleague, outsider, firm_admin, member_services, reports, editor, …)
come from tests/conftest.py, with the meanings its docstring gives. Here:

firm / other_firm: the same two member firms as there, named as the intake forms in these
            tests spell them (so colleague, outsider and firm_admin work at these).
respondent: practising lawyer at `firm` with a portal account (the one complained about).
officer / officer2: two staff members in the complaints-officer role.
complaint: a fresh complaint against `respondent` (state received).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from apps.accounts.roles import Role
from apps.complaints.services import complaint_submit
from tests.accounts.factories import UserFactory, staff_user
from tests.complaints.factories import submit_kwargs
from tests.members.factories import LawFirmFactory, LawyerFactory


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
def officer(db):
    return staff_user(role=Role.COMPLAINTS_OFFICER, email="officer@example.cn")


@pytest.fixture
def officer2(db):
    return staff_user(role=Role.COMPLAINTS_OFFICER, email="officer2@example.cn")


@pytest.fixture
def complaint(respondent):
    return complaint_submit(**submit_kwargs(respondent_lawyer=respondent)).complaint
