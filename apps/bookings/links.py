"""Signed, expiring, single-use links in e-mails (act without logging in).

A link carries ``<pk>:<nonce>`` signed with ``TimestampSigner`` (salted per action). It
is refused when the signature is wrong (tampered), older than ``max_age`` (expired), or
when the row's nonce no longer matches: the service that acts on a link rotates the nonce
in the same transaction, so a second use finds a different nonce (reused).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing


class LinkError(Exception):
    """``reason`` is "tampered", "expired" or "used"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LinkPayload:
    pk: int
    nonce: str


def link_token(*, salt: str, pk: int, nonce: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(f"{pk}:{nonce}")


def link_read(*, salt: str, token: str, max_age: dt.timedelta) -> LinkPayload:
    try:
        value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("tampered") from exc
    pk, _sep, nonce = value.partition(":")
    if not pk.isdigit() or not nonce:
        raise LinkError("tampered")
    return LinkPayload(int(pk), nonce)
