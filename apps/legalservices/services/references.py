from __future__ import annotations

import secrets

from django.utils import timezone

# No 0/O, 1/I/L: references are read out over the phone.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def reference_new(prefix: str) -> str:
    """``FL20261130-7KQ3X``: prefix, date, five random characters (unique constraint
    on the column; a clash, one in 28 million per day, fails the insert and is retried)."""
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(5))
    return f"{prefix}{timezone.localdate():%Y%m%d}-{suffix}"
