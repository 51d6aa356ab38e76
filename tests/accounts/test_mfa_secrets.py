"""Second-factor secrets are stored encrypted (issue #14 item 2), and still work."""

from __future__ import annotations

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps as django_apps
from django.test import override_settings

from apps.accounts.mfa import FERNET_PREFIX, mfa_decrypt, mfa_encrypt
from tests.accounts.factories import UserFactory, totp_code, totp_enroll

pytestmark = pytest.mark.django_db


def test_a_totp_key_is_not_in_the_database_in_the_clear():
    user = UserFactory()
    secret = totp_enroll(user)

    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]

    assert secret not in stored
    assert stored.startswith(FERNET_PREFIX)
    assert mfa_decrypt(stored) == secret


def test_an_encrypted_totp_key_still_checks_codes():
    user = UserFactory()
    secret = totp_enroll(user)
    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))

    assert totp.validate_code(totp_code(secret))
    assert not totp.validate_code("000000" if totp_code(secret) != "000000" else "111111")


def test_recovery_codes_seed_is_encrypted_and_codes_still_work():
    user = UserFactory()
    totp_enroll(user)
    codes = RecoveryCodes.activate(user)

    stored = codes.instance.data["seed"]
    assert stored.startswith(FERNET_PREFIX)
    fresh = RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk))
    assert fresh.validate_code(fresh.get_unused_codes()[0])


def test_keys_made_before_a_secret_key_rotation_still_decrypt(settings):
    token = mfa_encrypt("JBSWY3DPEHPK3PXP")
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="n" * 60, SECRET_KEY_FALLBACKS=[old]):
        assert mfa_decrypt(token) == "JBSWY3DPEHPK3PXP"


def test_the_migration_encrypts_secrets_stored_in_the_clear():
    user = UserFactory()
    row = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    migration = importlib.import_module("apps.accounts.migrations.0005_encrypt_mfa_secrets")

    migration.encrypt_existing(django_apps, None)
    migration.encrypt_existing(django_apps, None)  # idempotent

    row.refresh_from_db()
    assert row.data["secret"].startswith(FERNET_PREFIX)
    assert mfa_decrypt(row.data["secret"]) == "JBSWY3DPEHPK3PXP"
