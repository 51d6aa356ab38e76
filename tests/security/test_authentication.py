"""Sign-in: structured logs without secrets, sessions a user sees and ends, credential
changes that end the other sessions, password rules and rate limits (ASVS V6–V7)."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.cache import cache
from django.test import Client

from apps.accounts.audit import identifier_digest
from tests.accounts.factories import PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory(email="liuyang@example.cn", verified=True)


def _login(user, password: str = PASSWORD) -> Client:
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 test")
    response = client.post(LOGIN, {"login": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _signed_in(client: Client) -> bool:
    response = client.get("/notifications/")
    return response.status_code == 200


def _auth_records(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "shlawyers.auth"]


def test_login_success_is_logged_as_a_structured_record_without_secrets(caplog, member):
    caplog.set_level(logging.INFO, logger="shlawyers.auth")
    _login(member)
    records = _auth_records(caplog)
    assert [r["event"] for r in records] == ["login_succeeded"]
    assert records[0]["user_id"] == member.pk
    assert records[0]["ip"] == "127.0.0.1"
    assert records[0]["user_agent"] == "Mozilla/5.0 test"
    text = caplog.text
    assert PASSWORD not in text
    assert member.email not in text


def test_login_failure_is_logged_without_the_password_or_the_address(caplog, member):
    caplog.set_level(logging.INFO, logger="shlawyers.auth")
    response = Client().post(LOGIN, {"login": member.email, "password": "wrong-Passw0rd!"})
    assert response.status_code == 200
    records = _auth_records(caplog)
    assert [r["event"] for r in records] == ["login_failed"]
    assert records[0]["identifier"] == identifier_digest(member.email)
    assert "wrong-Passw0rd!" not in caplog.text
    assert member.email not in caplog.text


def test_failures_for_an_unknown_address_look_the_same_in_the_log(caplog, member):
    caplog.set_level(logging.INFO, logger="shlawyers.auth")
    Client().post(LOGIN, {"login": "nobody@example.cn", "password": "wrong-Passw0rd!"})
    Client().post(LOGIN, {"login": member.email, "password": "wrong-Passw0rd!"})
    unknown, known = _auth_records(caplog)
    assert set(unknown) == set(known)


def test_a_user_sees_their_sessions_and_ends_the_others(member):
    phone, laptop = _login(member), _login(member)
    page = laptop.get("/accounts/sessions/")
    assert page.status_code == 200
    assert len(page.context["sessions"]) == 2
    response = laptop.post("/accounts/sessions/", {"action": "logout"})
    assert response.status_code == 302
    assert _signed_in(laptop)
    assert not _signed_in(phone)


def test_a_password_change_ends_the_other_sessions(member):
    phone, laptop = _login(member), _login(member)
    new = "Huangpu-river-at-dusk-" + "x" * 42  # 64 characters
    assert len(new) == 64
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert _signed_in(laptop)
    assert not _signed_in(phone)
    # the 64-character password works for a new sign-in
    assert _signed_in(_login(member, new))


def test_adding_a_second_factor_ends_the_other_sessions(member, django_capture_on_commit_callbacks):
    phone, laptop = _login(member), _login(member)
    # a second factor is a sensitive change: allauth asks for the password again first
    laptop.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = laptop.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        response = laptop.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.context["form"].errors
    assert _signed_in(laptop)
    assert not _signed_in(phone)


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("password123", True),  # on Django's common-password list
        ("12345678901234", True),  # numeric only
        ("short1!", True),  # under 8 characters
        ("Jing'an-temple-lantern-" + "q" * 41, False),  # 64 characters
    ],
)
def test_password_rules(member, password, refused):
    client = _login(member)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": password, "password2": password},
    )
    if refused:
        assert response.status_code == 200
        assert response.context["form"].errors["password1"]
    else:
        assert response.status_code == 302


def test_repeated_failed_logins_for_one_account_are_rate_limited(member):
    """allauth's login_failed limit (5 per 5 minutes per account): the sixth attempt is
    refused even with the right password, with a message, from any address."""
    for i in range(5):
        Client().post(LOGIN, {"login": member.email, "password": f"wrong-{i}"})
    response = Client(REMOTE_ADDR="10.0.0.9").post(
        LOGIN, {"login": member.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not response.wsgi_request.user.is_authenticated


def test_password_reset_requests_are_rate_limited(member):
    statuses = [
        Client().post("/accounts/password/reset/", {"email": member.email}).status_code
        for _ in range(7)
    ]
    assert 429 in statuses


# --- Account enumeration: an unknown address answers exactly like a known one --------


def _page_text(response) -> str:
    """The page without what differs on every render (CSRF tokens, CSP nonces)."""
    import re

    body = response.content.decode()
    body = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", body)  # masked CSRF tokens, any place
    return re.sub(r'nonce="[^"]+"', "", body)


def test_login_answers_the_same_for_an_unknown_address_and_a_wrong_password(member):
    known = Client().post(LOGIN, {"login": member.email, "password": "wrong-password-1"})
    unknown = Client().post(LOGIN, {"login": "nobody@example.cn", "password": "wrong-password-1"})

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    assert _page_text(known).replace(member.email, "nobody@example.cn") == _page_text(unknown)


def test_password_reset_answers_the_same_for_an_unknown_address(member):
    from django.core import mail

    known = Client().post("/accounts/password/reset/", {"email": member.email})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.cn"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Both addresses get a mail; only the account's holder gets a reset link.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, "nobody@example.cn"])
