from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .decorators import STAFF_POWERS_ATTR, staff_second_factor_redirect

# Views of the admin site a staff member without a second factor may still reach.
_EXEMPT_ADMIN_VIEWS = {"logout"}


class StaffSecondFactorMiddleware:
    """Keep staff out of /admin/ and every ``@staff_powers`` view until they have a second
    factor (TOTP) enrolled.

    On whenever DEBUG is off (settings.ADMIN_REQUIRE_MFA). Staff without TOTP are sent
    to allauth's TOTP activation page; allauth itself then asks for the code at login
    (and /admin/login/ is routed through allauth's login, see AccountsConfig.ready).

    Runs in process_view, where the resolved URL tells whether the view belongs to an
    admin site — under any language prefix (/admin/, /en/admin/).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not settings.ADMIN_REQUIRE_MFA or not self._marked(request, view_func):
            return None
        return staff_second_factor_redirect(request)

    @staticmethod
    def _marked(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
        """Is this an admin view (but logout) or a view marked ``@staff_powers``?"""
        match = request.resolver_match
        if match is None:
            return False
        in_admin = "admin" in match.app_names and match.url_name not in _EXEMPT_ADMIN_VIEWS
        return in_admin or bool(getattr(view_func, STAFF_POWERS_ATTR, False))


# Session keys (integers: seconds since the epoch). AUTH_AT is written at login by the
# user_logged_in receiver in AccountsConfig.ready(); SEEN_AT by the middleware below.
SESSION_AUTH_AT = "accounts.auth_at"
SESSION_SEEN_AT = "accounts.seen_at"
# Only rewrite SEEN_AT when it is this old: no session write on every request.
_SEEN_GRANULARITY = 60


def session_mark_login(request: HttpRequest) -> None:
    """Start the clocks of a fresh login (connected to ``user_logged_in``)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SESSION_AUTH_AT] = now
        session[SESSION_SEEN_AT] = now


class StaffSessionMiddleware:
    """Staff sessions end after ``settings.STAFF_SESSION_IDLE_TIMEOUT`` seconds without a
    request and, however busy, ``settings.STAFF_SESSION_MAX_AGE`` seconds after login.

    A staff session is a key to other people's personal data, so a browser left open in
    an office or stolen cookie is only good for so long; members (lawyers) keep Django's
    normal session lifetime. The clocks live in the session (server side), so a client
    cannot extend them; on expiry the session is flushed and the staff member is sent to
    the login page with ``?next=`` back to where they were (for a GET).

    Sits after AuthenticationMiddleware and before the second-factor guard.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            expired = self._expired(request)
            if expired:
                return self._end(request, expired)
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> str:
        """ "idle", "absolute" or "" (still valid; the idle clock is advanced)."""
        session = request.session
        now = int(time.time())
        auth_at = session.get(SESSION_AUTH_AT)
        seen_at = session.get(SESSION_SEEN_AT)
        if not isinstance(auth_at, int) or not isinstance(seen_at, int):
            # A session from before these clocks existed (or tampered with in the store):
            # start them now rather than trust nothing.
            session[SESSION_AUTH_AT] = session[SESSION_SEEN_AT] = now
            return ""
        if now - auth_at >= settings.STAFF_SESSION_MAX_AGE:
            return "absolute"
        if now - seen_at >= settings.STAFF_SESSION_IDLE_TIMEOUT:
            return "idle"
        if now - seen_at >= _SEEN_GRANULARITY:
            session[SESSION_SEEN_AT] = now
        return ""

    @staticmethod
    def _end(request: HttpRequest, reason: str) -> HttpResponse:
        next_path = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        logout(request)  # flushes the session: a new key, nothing of the old one kept
        if reason == "idle":
            text = _("您已超过 %(minutes)d 分钟未操作，为保护数据安全已自动退出，请重新登录。") % {
                "minutes": settings.STAFF_SESSION_IDLE_TIMEOUT // 60
            }
        else:
            text = _("工作人员登录有效期为 %(hours)d 小时，已自动退出，请重新登录。") % {
                "hours": settings.STAFF_SESSION_MAX_AGE // 3600
            }
        messages.info(request, text)
        url = reverse("account_login")
        htmx = bool(request.headers.get("HX-Request"))
        if next_path and not htmx:
            url += "?" + urlencode({"next": next_path})
        if htmx:
            # An htmx request would swap the login page into a fragment: send the whole
            # window there instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
