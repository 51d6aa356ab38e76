"""Staff sessions end when idle and after an absolute lifetime; members' sessions do not.
Changing e-mail, password or the second factor needs recent re-authentication and is
mailed to the account's address."""

from __future__ import annotations

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from apps.accounts.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT
from apps.accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db

MINUTE = 60


def _set_clocks(client, *, auth_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_AUTH_AT] = now - auth_ago
    session[SESSION_SEEN_AT] = now - seen_ago
    session.save()


def _login(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


# --- idle timeout and absolute lifetime ---------------------------------------------------


def test_login_starts_both_clocks(client):
    before = int(time.time())
    _login(client, staff_user(role=Role.EDITOR))
    assert client.session[SESSION_AUTH_AT] >= before
    assert client.session[SESSION_SEEN_AT] >= before


@pytest.mark.parametrize(
    ("auth_ago", "seen_ago", "ends"),
    [
        (10 * MINUTE, 29 * MINUTE, False),
        (10 * MINUTE, 30 * MINUTE, True),  # idle for the whole timeout
        (11 * 60 * MINUTE, 1 * MINUTE, False),
        (12 * 60 * MINUTE, 1 * MINUTE, True),  # busy, but logged in 12 hours ago
    ],
)
def test_staff_session_ends_when_idle_or_too_old(client, settings, auth_ago, seen_ago, ends):
    assert settings.STAFF_SESSION_IDLE_TIMEOUT == 30 * MINUTE
    assert settings.STAFF_SESSION_MAX_AGE == 12 * 60 * MINUTE
    client.force_login(staff_user(role=Role.EDITOR))
    _set_clocks(client, auth_ago=auth_ago, seen_ago=seen_ago)

    response = client.get("/admin/news/article/?q=x")

    if ends:
        assert response.status_code == 302
        assert response["Location"] == (
            reverse("account_login") + "?next=%2Fadmin%2Fnews%2Farticle%2F%3Fq%3Dx"
        )
        assert "_auth_user_id" not in client.session
    else:
        assert response.status_code == 200
        assert client.session["_auth_user_id"]


def test_activity_moves_the_idle_clock_but_not_the_lifetime(client):
    client.force_login(staff_user(role=Role.EDITOR))
    _set_clocks(client, auth_ago=60 * MINUTE, seen_ago=20 * MINUTE)
    auth_at = client.session[SESSION_AUTH_AT]

    assert client.get("/admin/").status_code == 200

    assert int(time.time()) - client.session[SESSION_SEEN_AT] < 5
    assert client.session[SESSION_AUTH_AT] == auth_at


def test_expired_post_is_not_replayed_after_login(client):
    client.force_login(staff_user(role=Role.EDITOR))
    _set_clocks(client, auth_ago=60 * MINUTE, seen_ago=31 * MINUTE)

    response = client.post("/admin/news/tag/add/", {"name": "x"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")


def test_staff_session_without_clocks_gets_them_rather_than_ending(client):
    client.force_login(staff_user(role=Role.EDITOR))
    session = client.session
    del session[SESSION_AUTH_AT]
    session.save()

    assert client.get("/admin/").status_code == 200
    assert isinstance(client.session[SESSION_AUTH_AT], int)


def test_members_keep_normal_sessions(client, lawyer):
    client.force_login(lawyer.user)
    _set_clocks(client, auth_ago=48 * 60 * MINUTE, seen_ago=3 * 60 * MINUTE)

    assert client.get(reverse("members:home")).status_code == 200
    assert client.session["_auth_user_id"] == str(lawyer.user.pk)


# --- re-authentication and notices ----------------------------------------------------------


def test_adding_an_email_address_needs_recent_reauthentication(client):
    user = UserFactory(verified=True)
    client.force_login(user)  # no authentication recorded in this session

    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.cn"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not user.emailaddress_set.filter(email="new@example.cn").exists()


def _reauthenticate(client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content


def test_adding_an_email_address_after_reauthenticating_is_allowed(client):
    user = UserFactory(verified=True)
    client.force_login(user)
    _reauthenticate(client)
    mail.outbox.clear()

    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.cn"})

    # The new address is added once the code mailed to it is typed in.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [m.to for m in mail.outbox] == [["new@example.cn"]]


def test_changing_the_primary_address_is_mailed_to_the_old_one(client):
    user = UserFactory(email="old@example.cn", verified=True)
    EmailAddress.objects.create(user=user, email="new@example.cn", verified=True)
    client.force_login(user)
    _reauthenticate(client)
    mail.outbox.clear()

    response = client.post(
        reverse("account_email"), {"action_primary": "", "email": "new@example.cn"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.cn"
    assert [m.to for m in mail.outbox] == [["old@example.cn"]]


def test_reauthentication_expires_after_five_minutes(client, settings):
    assert settings.ACCOUNT_REAUTHENTICATION_TIMEOUT == 5 * MINUTE
    user = UserFactory(verified=True)
    client.force_login(user)
    _reauthenticate(client)
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] -= 5 * MINUTE + 1
    session["account_authentication_methods"] = records
    session.save()

    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.cn"})

    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_password_change_asks_for_the_old_password_and_is_mailed(client):
    user = UserFactory(verified=True)
    client.force_login(user)
    mail.outbox.clear()
    new = "Another-pass-2026!"

    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "nope", "password1": new, "password2": new},
    )
    assert wrong.status_code == 200
    assert mail.outbox == []

    done = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert done.status_code == 302
    (notice,) = mail.outbox
    assert notice.to == [user.email]


def test_second_factor_changes_need_reauthentication(client):
    user = staff_user(role=Role.EDITOR)
    client.force_login(user)

    for name in ("mfa_activate_totp", "mfa_generate_recovery_codes"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_reauthenticate")), name


def test_enrolling_a_second_factor_is_mailed_to_the_account(
    client, django_capture_on_commit_callbacks
):
    from tests.accounts.factories import totp_code

    user = staff_user(role=Role.EDITOR)
    client.force_login(user)
    _reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_expired_htmx_request_sends_the_whole_window_to_login(client):
    client.force_login(staff_user(role=Role.EDITOR))
    _set_clocks(client, auth_ago=60 * MINUTE, seen_ago=31 * MINUTE)

    response = client.get("/admin/", headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("account_login")
    assert "_auth_user_id" not in client.session
