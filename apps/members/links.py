"""Signed, expiring links to a dues statement, sent in the dues reminder e-mail.

A link carries ``<invoice pk>:<recipient user pk>`` signed with ``TimestampSigner``
(salted for this use). It opens the statement only after login, and only for the account
it was sent to (who must still be the invoice's lawyer or an administrator of its firm);
anyone else gets 404. A wrong signature is "tampered" (400), one older than
``DUES_LINK_MAX_AGE`` "expired" (410). The link shows what the portal shows the same
person anyway, so it is not single-use: a second click from the e-mail simply works.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

DUES_LINK_SALT = "members.dues-statement-link"
DUES_LINK_MAX_AGE = dt.timedelta(days=30)
LINK_STATUS = {"tampered": 400, "expired": 410}


class LinkError(Exception):
    """``reason`` is "tampered" or "expired"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DuesLink:
    invoice_id: int
    user_id: int


def dues_link_token(*, invoice_id: int, user_id: int) -> str:
    return signing.TimestampSigner(salt=DUES_LINK_SALT).sign(f"{invoice_id}.{user_id}")


def dues_link_path(*, invoice_id: int, user_id: int) -> str:
    """The site path of the link (e-mail templates prefix ``site_url``)."""
    token = dues_link_token(invoice_id=invoice_id, user_id=user_id)
    return reverse("members:dues_link", args=[token])


def dues_link_read(token: str, *, max_age: dt.timedelta = DUES_LINK_MAX_AGE) -> DuesLink:
    try:
        value = signing.TimestampSigner(salt=DUES_LINK_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("tampered") from exc
    invoice_id, _sep, user_id = value.partition(".")
    if not invoice_id.isdigit() or not user_id.isdigit():
        raise LinkError("tampered")
    return DuesLink(int(invoice_id), int(user_id))
