"""A new account's e-mail language: the language its owner signed up in.

Connected in NotificationsConfig.ready(). Someone who activates their account on /en/
reads English, so their notification e-mails start in English; they can change it on the
inbox page. Users created any other way (admin, import, demo) keep the default, Chinese.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_signed_up
from django.dispatch import receiver
from django.http import HttpRequest

from apps.accounts.services import user_language_from_request


@receiver(user_signed_up, dispatch_uid="notifications.language_from_signup")
def language_from_signup(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    if request is None:
        return
    user_language_from_request(user=user, language_code=getattr(request, "LANGUAGE_CODE", None))
