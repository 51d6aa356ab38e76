"""Sign-in events as structured log records, and sessions ended on a credential change.

Every login success and failure goes to the ``shlawyers.auth`` logger as one record whose
message is a JSON object (event, user id, client IP as allauth counts it behind the proxy,
user agent) — never a password, a code or the login address itself: a failed attempt
carries a keyed hash of the address typed, so repeated guesses at one account can be
correlated without writing the address (personal data) into the logs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger("shlawyers.auth")

# The credential keys a login form may use for the identifier (never the password).
_IDENTIFIER_KEYS = ("email", "login", "username")


def _client(request: HttpRequest | None) -> dict[str, str]:
    if request is None:
        return {"ip": "", "user_agent": ""}
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        ip = get_adapter().get_client_ip(request)
    except PermissionDenied:  # no address at all (a request built in code, not served)
        ip = ""
    return {
        "ip": ip,
        "user_agent": request.headers.get("user-agent", "")[:200],
    }


def identifier_digest(value: str) -> str:
    """A keyed, non-reversible tag for a login identifier (case-insensitive)."""
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


def _emit(event: str, level: int, **fields: Any) -> None:
    record = {"event": event, **fields}
    logger.log(
        level, json.dumps(record, ensure_ascii=False, sort_keys=True), extra={"auth": record}
    )


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _emit(
        "login_succeeded",
        logging.INFO,
        user_id=user.pk,
        staff=bool(user.is_staff),
        **_client(request),
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    identifier = next((str(credentials[k]) for k in _IDENTIFIER_KEYS if credentials.get(k)), "")
    _emit(
        "login_failed",
        logging.WARNING,
        identifier=identifier_digest(identifier) if identifier else "",
        **_client(request),
    )


def on_second_factor_changed(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    """A second factor added, removed or its recovery codes reset: every other session of
    the user ends (as a password change does through Django's session hash)."""
    if request is None or user is None:
        return
    from allauth.usersessions.models import UserSession

    # Compared with this request's own key (allauth's is_current() reads a request
    # context that is gone when the signal is sent from an on_commit callback).
    current = getattr(getattr(request, "session", None), "session_key", None)
    for session in UserSession.objects.filter(user_id=user.pk).exclude(session_key=current):
        session.end()
    _emit("second_factor_changed", logging.INFO, user_id=user.pk, **_client(request))


def personal_data_downloaded(request: HttpRequest, *, user: Any, size: int, seconds: float) -> None:
    """A member downloaded their own data (apps.accounts.views.my_data): who, when (the
    record's time), from where, how big the file was and how long it took to build."""
    _emit(
        "personal_data_downloaded",
        logging.INFO,
        user_id=user.pk,
        size=size,
        seconds=round(seconds, 3),
        **_client(request),
    )


def connect() -> None:
    from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    user_logged_in.connect(on_logged_in, dispatch_uid="accounts.audit.logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.audit.login_failed")
    for signal in (authenticator_added, authenticator_removed, authenticator_reset):
        signal.connect(on_second_factor_changed, dispatch_uid=f"accounts.audit.mfa.{id(signal)}")
