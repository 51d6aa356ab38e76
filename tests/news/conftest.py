"""Fixtures for news tests.

The shared personas (editor: 编辑 role, writes and submits, cannot publish; chief_editor:
总编辑 role, news.publish_article; reader: signed in, not a member; lawyer, outsider, …) are
defined once in tests/conftest.py. Local to news:

member_user:        the account of a practising lawyer at a firm of its own (members-only
                    articles, contributions).
other_member_user:  another such account.
"""

from __future__ import annotations

import pytest

from tests.accounts.factories import UserFactory
from tests.members.factories import LawyerFactory


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
