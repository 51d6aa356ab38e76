"""Personas for the registry: party-affairs staff (may everything here), another staff
role (may nothing here), a superuser for admin pages, the sector committee."""

from __future__ import annotations

import pytest

from apps.accounts.roles import Role
from tests.accounts.factories import staff_user
from tests.partyorg.factories import sector as make_sector


@pytest.fixture
def party_staff(db):
    return staff_user(role=Role.PARTY_AFFAIRS, email="party@example.cn", name="党建干部")


@pytest.fixture
def member_services(db):
    return staff_user(role=Role.MEMBER_SERVICES, email="members@example.cn")


@pytest.fixture
def reports_staff(db):
    return staff_user(role=Role.REPORTS, email="reports@example.cn")


@pytest.fixture
def sector(db):
    return make_sector()
