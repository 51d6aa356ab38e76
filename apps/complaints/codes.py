"""Reference numbers and secret tracking codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db.models import F

# No 0/O, 1/I/L: the code is read off a screen and typed in again.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31**12 ≈ 2**59: guessing is hopeless behind the rate limit
_DUMMY_HASH = "hmac-sha256$0000000000000000$" + "0" * 64


def reference_next(year: int) -> str:
    """TS<year>-<6-digit serial>, the serial taken under a row lock (one per year).

    Call inside the submitting transaction: the counter row stays locked until it
    commits, so two concurrent submissions can never get the same number, and a rolled
    back submission gives its number back.
    """
    from .models import ReferenceCounter

    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    return f"TS{year}-{counter.last + 1:06d}"


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def tracking_code_normalise(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:CODE_LENGTH]
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


# The code carries ~59 bits of entropy, so a slow password hash buys nothing: a keyed,
# salted HMAC is enough (a database leak alone reveals nothing; with the key as well, each
# code still needs ~2**58 guesses), and submitting or tracking stays cheap.
def _digest(salt: str, code: str) -> str:
    key = hashlib.sha256(("complaints-tracking:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(
        key, f"{salt}:{tracking_code_normalise(code)}".encode(), hashlib.sha256
    ).hexdigest()


def tracking_code_hash(code: str) -> str:
    salt = secrets.token_hex(8)
    return f"hmac-sha256${salt}${_digest(salt, code)}"


def tracking_code_check(code: str, hashed: str | None) -> bool:
    """Same work whether or not a complaint exists (pass None for 'no such reference')."""
    try:
        _algorithm, salt, digest = (hashed or _DUMMY_HASH).split("$", 2)
    except ValueError:
        return False
    ok = hmac.compare_digest(_digest(salt, code), digest)
    return ok and hashed is not None
