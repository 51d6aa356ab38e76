from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.adapters import AccountAdapter
from apps.accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db


def login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_members_land_in_the_portal_after_login(client):
    response = login(client, UserFactory(verified=True))

    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_staff_land_in_the_back_office_after_login(client):
    response = login(client, staff_user(role=Role.REPORTS))

    assert response["Location"] == "/admin/"


def test_an_explicit_next_wins_over_the_role_landing_page(client):
    user = staff_user(role=Role.EDITOR)

    response = client.post(
        reverse("account_login") + "?next=/portal/",
        {"login": user.email, "password": PASSWORD, "next": "/portal/"},
    )

    assert response["Location"] == "/portal/"


def test_unverified_users_are_held_at_email_verification(client, mailoutbox):
    response = login(client, UserFactory(verified=False))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1


def test_wrong_password_is_refused_without_error(client):
    user = UserFactory(verified=True)

    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_signup_is_open_for_lawyer_activation():
    assert AccountAdapter(RequestFactory().get("/")).is_open_for_signup(RequestFactory().get("/"))


def test_allauth_mails_name_the_association_not_example_com(client, mailoutbox):
    from apps.core.selectors import site_settings_get

    login(client, UserFactory(verified=False))

    (message,) = mailoutbox
    name = site_settings_get().site_name
    assert message.subject.startswith(f"[{name}] ")
    assert "example.com" not in message.subject + message.body
    assert name in message.body
