"""Receivers of allauth's signals: the only hook allauth offers at "address confirmed".

Kept apart from ``signals.py`` (cache invalidation): this one drives a domain step, and
does nothing but hand over to the service that owns it.
"""

from __future__ import annotations

from typing import Any

from .services.accounts import ACTIVATION_SESSION_KEY, lawyer_activation_complete


def email_confirmed(sender: type, request: Any, email_address: Any, **kwargs: Any) -> None:
    """allauth ``email_confirmed``: link the lawyer whose address on record this is."""
    session = getattr(request, "session", None)
    lawyer_id = session.pop(ACTIVATION_SESSION_KEY, None) if session is not None else None
    lawyer_activation_complete(
        user=email_address.user,
        email=email_address.email,
        lawyer_id=lawyer_id if isinstance(lawyer_id, int) else None,
    )
