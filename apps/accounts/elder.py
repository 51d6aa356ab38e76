"""The elder-friendly mode (适老化) choice on the account (``User.elder_mode``).

core owns the switch, the cookie and the rendering (apps/core/views_access.py); this
module stores a signed-in member's choice so it follows them to another device:

* the switch, clicked while signed in, saves the choice on the account;
* at sign-in, an account that never chose adopts the choice this browser already made
  (an elder who switched before signing in keeps large type); an account that chose
  keeps its choice, and the browser's cookie follows it (core's ElderModeMiddleware).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest

from apps.core.views_access import ELDER_COOKIE, elder_mode_chosen

from .services import user_elder_mode_set


def _on_choice(sender: Any, request: HttpRequest, on: bool, **kwargs: Any) -> None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        user_elder_mode_set(user=user, on=on)


def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or user.elder_mode is not None:
        return
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        user_elder_mode_set(user=user, on=True)


def connect() -> None:
    elder_mode_chosen.connect(_on_choice, dispatch_uid="accounts.elder_choice")
    user_logged_in.connect(_on_login, dispatch_uid="accounts.elder_login")
