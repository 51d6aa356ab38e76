"""Second-factor secrets are stored encrypted (issue #14, ASVS V6).

allauth keeps each TOTP key and the recovery codes' seed in ``Authenticator.data`` and
passes them through its adapter's ``encrypt``/``decrypt`` hooks, which store plain text
by default. Ours uses Fernet (AES-128-CBC with an HMAC-SHA256 tag, from ``cryptography``)
with a key derived from ``MFA_ENCRYPTION_KEY`` if set, else from ``SECRET_KEY``; keys
derived from ``SECRET_KEY_FALLBACKS`` still decrypt, so rotating the secret key does not
lock staff out (re-save to re-encrypt). A database dump alone no longer yields codes.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

FERNET_PREFIX = "gAAAAA"  # every Fernet token starts with the version byte 0x80


def _key(material: str) -> bytes:
    digest = hashlib.sha256(f"shlawyers.mfa-secrets:{material}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=4)
def _fernet(primary: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_key(primary)), *(Fernet(_key(f)) for f in fallbacks)])


def mfa_fernet() -> MultiFernet:
    primary = getattr(settings, "MFA_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    fallbacks = tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ()) or ())
    return _fernet(primary, fallbacks)


def mfa_encrypt(text: str) -> str:
    return mfa_fernet().encrypt(text.encode()).decode("ascii")


def mfa_decrypt(token: str) -> str:
    return mfa_fernet().decrypt(token.encode("ascii")).decode()


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return mfa_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_decrypt(encrypted_text)
