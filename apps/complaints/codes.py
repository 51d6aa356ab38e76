"""Reference numbers and secret tracking codes."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import F

# No 0/O, 1/I/L: the code is read off a screen and typed in again.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31**12 ≈ 2**59: guessing is hopeless behind the rate limit
_DUMMY_HASH = make_password("not-a-real-code")


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


def tracking_code_hash(code: str) -> str:
    return make_password(tracking_code_normalise(code))


def tracking_code_check(code: str, hashed: str | None) -> bool:
    """Constant work whether or not a complaint exists (pass None for 'no such reference')."""
    if hashed is None:
        check_password(tracking_code_normalise(code), _DUMMY_HASH)
        return False
    return check_password(tracking_code_normalise(code), hashed)
