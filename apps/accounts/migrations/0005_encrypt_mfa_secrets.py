"""Encrypt the second-factor secrets stored before apps/accounts/mfa.py: TOTP keys and
recovery-code seeds saved in the clear are re-saved as Fernet tokens (idempotent: tokens
are left alone). Reversing decrypts them again."""

from django.db import migrations

FIELDS = {"totp": "secret", "recovery_codes": "seed"}


def encrypt_existing(apps, schema_editor):
    from apps.accounts.mfa import FERNET_PREFIX, mfa_encrypt

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(FIELDS)):
        field = FIELDS[authenticator.type]
        value = (authenticator.data or {}).get(field)
        if isinstance(value, str) and value and not value.startswith(FERNET_PREFIX):
            authenticator.data[field] = mfa_encrypt(value)
            authenticator.save(update_fields=["data"])


def decrypt_existing(apps, schema_editor):
    from apps.accounts.mfa import FERNET_PREFIX, mfa_decrypt

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=list(FIELDS)):
        field = FIELDS[authenticator.type]
        value = (authenticator.data or {}).get(field)
        if isinstance(value, str) and value.startswith(FERNET_PREFIX):
            authenticator.data[field] = mfa_decrypt(value)
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_elder_mode"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_existing, decrypt_existing)]
