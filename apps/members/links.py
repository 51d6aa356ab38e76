"""Signed, expiring, single-use links to a dues statement, sent in the dues reminder e-mail.

Issue #10: e-mail links "act without logging in … and can be used once". Each e-mailed
link is a ``DuesStatementLink`` row (invoice, recipient, random nonce); the token signs
``<row pk>:<nonce>`` with ``TimestampSigner`` salted for this use. Opening it (a POST from
the page the link shows, so mail scanners that prefetch links do not use it up) marks the
row used under a lock and shows that one invoice's statement without a login. A wrong
signature is "tampered" (400), one older than ``DUES_LINK_MAX_AGE`` "expired" (410), a
second opening "used" (410); each page points to the portal, where the statement always is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

DUES_LINK_SALT = "members.dues-statement-link"
DUES_LINK_MAX_AGE = dt.timedelta(days=30)
LINK_STATUS = {"tampered": 400, "expired": 410, "used": 410}


class LinkError(Exception):
    """``reason`` is "tampered", "expired" or "used"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DuesLink:
    link_id: int
    nonce: str


def dues_link_token(*, link_id: int, nonce: str) -> str:
    return signing.TimestampSigner(salt=DUES_LINK_SALT).sign(f"{link_id}:{nonce}")


def dues_link_path(*, link_id: int, nonce: str) -> str:
    """The site path of the link (e-mail templates prefix ``site_url``)."""
    return reverse("members:dues_link", args=[dues_link_token(link_id=link_id, nonce=nonce)])


def dues_link_read(token: str, *, max_age: dt.timedelta = DUES_LINK_MAX_AGE) -> DuesLink:
    try:
        value = signing.TimestampSigner(salt=DUES_LINK_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("tampered") from exc
    link_id, _sep, nonce = value.partition(":")
    if not link_id.isdigit() or not nonce:
        raise LinkError("tampered")
    return DuesLink(int(link_id), nonce)
