"""The account's part of a member's own-data download (see `apps.core.personal_data`):
the account, its e-mail addresses, second factors (kind and dates, never the secret) and
signed-in sessions (address, browser, when). Sign-in events are written to the logs, not
kept in the database, so there is no login history to add."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.personal_data import personal_data_register, record, records


def personal_data_export(user: Any) -> dict[str, Any]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    return {
        "account": record(user, ["email", "name", "language", "date_joined", "last_login"]),
        "email_addresses": records(
            EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            ["email", "verified", "primary"],
        ),
        "second_factors": records(
            Authenticator.objects.filter(user=user).order_by("created_at"),
            ["type", "created_at", "last_used_at"],
        ),
        "sessions": records(
            UserSession.objects.filter(user=user).order_by("-last_seen_at"),
            ["created_at", "last_seen_at", "ip", "user_agent"],
        ),
    }


def register() -> None:
    personal_data_register("accounts", label=_("账户"), exporter=personal_data_export, order=10)
