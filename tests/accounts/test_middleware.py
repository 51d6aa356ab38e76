"""The second-factor guard in front of /admin/ (apps.accounts.middleware)."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import override_settings
from django.urls import reverse

from apps.accounts.roles import Role
from tests.accounts.factories import (
    PASSWORD,
    SuperuserFactory,
    UserFactory,
    staff_user,
    totp_code,
    totp_enroll,
)

pytestmark = pytest.mark.django_db

ACTIVATE_TOTP = "/accounts/2fa/totp/activate/"
mfa_required = override_settings(ADMIN_REQUIRE_MFA=True)


def test_allauth_mfa_urls_resolve():
    assert reverse("mfa_activate_totp") == ACTIVATE_TOTP
    assert reverse("mfa_authenticate") == "/accounts/2fa/authenticate/"


@mfa_required
@pytest.mark.parametrize("path", ["/admin/", "/admin/accounts/user/", "/admin/auth/group/"])
def test_staff_without_totp_are_sent_to_totp_activation(client, path):
    client.force_login(SuperuserFactory())

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP


@mfa_required
def test_english_admin_is_guarded_too(client):
    client.force_login(staff_user(role=Role.EDITOR))

    response = client.get("/en/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/en" + ACTIVATE_TOTP


@mfa_required
def test_staff_with_totp_get_the_admin(client):
    user = staff_user(role=Role.REPORTS)
    totp_enroll(user)
    client.force_login(user)

    assert client.get("/admin/").status_code == 200
    assert client.get("/en/admin/").status_code == 200


@mfa_required
def test_recovery_codes_alone_are_not_enough(client):
    user = staff_user(role=Role.REPORTS)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x", "used_mask": 0}
    )
    client.force_login(user)

    assert client.get("/admin/")["Location"] == ACTIVATE_TOTP


@mfa_required
def test_non_staff_are_not_sent_to_totp_activation(client):
    client.force_login(UserFactory(verified=True))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@mfa_required
def test_guard_leaves_other_pages_and_admin_logout_alone(client):
    client.force_login(staff_user(role=Role.EDITOR))

    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    response = client.post("/admin/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_guard_is_off_when_the_setting_is(client, settings):
    settings.ADMIN_REQUIRE_MFA = False
    client.force_login(staff_user(role=Role.EDITOR))

    assert client.get("/admin/").status_code == 200


@mfa_required
def test_staff_enroll_totp_then_reach_the_admin(client):
    user = staff_user(role=Role.EDITOR)

    login = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == "/admin/"  # the adapter sends staff to the back office

    assert client.get("/admin/")["Location"] == ACTIVATE_TOTP
    # allauth asks for the password again before a second factor is added.
    reauth = client.get(ACTIVATE_TOTP)
    assert reauth["Location"].startswith(reverse("account_reauthenticate"))
    resumed = client.post(reauth["Location"], {"password": PASSWORD})
    assert resumed["Location"] == ACTIVATE_TOTP
    page = client.get(ACTIVATE_TOTP)
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]

    valid_now = {format_hotp_value(hotp_value(secret, n)) for n in yield_hotp_counters_from_time()}
    wrong = next(code for code in ("000000", "111111", "222222") if code not in valid_now)
    bad = client.post(ACTIVATE_TOTP, {"code": wrong})
    assert bad.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()

    activated = client.post(ACTIVATE_TOTP, {"code": totp_code(secret)})
    assert activated.status_code == 302
    assert activated["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


@mfa_required
def test_staff_with_totp_must_give_a_code_at_login(client):
    user = staff_user(role=Role.EDITOR)
    secret = totp_enroll(user)

    login = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert login["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_django_admin_login_cannot_bypass_the_second_factor(client):
    user = staff_user(role=Role.EDITOR)
    totp_enroll(user)

    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_admin_login_page_sends_anonymous_visitors_to_allauth_login(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_non_staff_are_refused_at_the_admin_login(client):
    client.force_login(UserFactory(verified=True))

    assert client.get("/admin/login/?next=/admin/").status_code == 403
