"""Personas for news tests.

editor:        staff in the 编辑 role (writes, submits; cannot publish).
chief_editor:  staff in the 总编辑 role (news.publish_article).
reader:        a signed-in user with no lawyer record (not a member).
member_user:   a signed-in user linked to a practising lawyer (members-only articles).
"""

from __future__ import annotations

import pytest

from apps.accounts.roles import Role
from tests.accounts.factories import UserFactory, staff_user
from tests.members.factories import LawyerFactory


@pytest.fixture
def editor(db):
    return staff_user(role=Role.EDITOR, email="editor@example.cn", name="编辑小张")


@pytest.fixture
def chief_editor(db):
    return staff_user(role=Role.CHIEF_EDITOR, email="chief@example.cn", name="总编老李")


@pytest.fixture
def reader(db):
    return UserFactory(email="reader@example.cn", verified=True)


def _member(email: str, name: str):
    user = UserFactory(email=email, name=name, verified=True)
    lawyer = LawyerFactory(name=name)
    lawyer.user = user
    lawyer.save(update_fields=["user"])
    return user


@pytest.fixture
def member_user(db):
    return _member("member@example.cn", "陈律师")


@pytest.fixture
def other_member_user(db):
    return _member("member2@example.cn", "周律师")
