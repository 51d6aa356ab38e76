"""/elder-mode/?on=1|0&next=… — the elder-friendly mode switch (适老化).

A plain link in every page's header (it works without JavaScript): it sets a cookie for a
year and goes back to the page it came from. base.html asks ``elder_mode`` (the
``site`` context processor) and then puts ``class="elder"`` on <html> and loads
static/css/elder.css (larger type, AAA contrast, 44 px targets, no motion).

Signed-in members keep the choice on their account (``User.elder_mode``, owned by
accounts), so it follows them to another device:

* the switch also sends ``elder_mode_chosen``; accounts saves the choice on the account
  (only for a same-site click: a link on another site cannot change an account);
* a page for a signed-in member follows the account's choice (``elder_mode_is_on``), and
  ``ElderModeMiddleware`` brings this browser's cookie in line with it — so the choice
  holds after signing out on that device too; at sign-in the account's choice wins
  (an account that never chose adopts the browser's, see apps/accounts/elder.py);
* anonymous visitors have the cookie alone. The page cache serves and stores only
  anonymous requests and keys them by this cookie (``pagecache.RENDERING_COOKIES``), so
  an account's choice never leaks into a cached page.

core does not import accounts: it reads ``user.elder_mode`` if the user model has it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.functional import empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

ELDER_COOKIE = "elder_mode"
ELDER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# Sent by the switch: ``request``, ``on`` (bool). Receivers store the choice elsewhere.
elder_mode_chosen = Signal()


def _account_choice(request: HttpRequest) -> bool | None:
    """The signed-in member's stored choice, or None (anonymous, or never chose)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "elder_mode", None)


def elder_mode_is_on(request: HttpRequest) -> bool:
    choice = _account_choice(request)
    if choice is not None:
        return bool(choice)
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def elder_cookie_set(response: HttpResponse, *, on: bool, secure: bool) -> None:
    if on:
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ELDER_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=secure,
            httponly=True,
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")


@require_GET
def elder_mode(request: HttpRequest) -> HttpResponse:
    on = request.GET.get("on") == "1"
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    response = HttpResponseRedirect(target)
    elder_cookie_set(response, on=on, secure=request.is_secure())
    # A browser tells us when a request comes from another site's page (Fetch Metadata);
    # such a request still switches this browser, never the account.
    if request.headers.get("Sec-Fetch-Site") != "cross-site":
        elder_mode_chosen.send(sender=elder_mode, request=request, on=on)
    response["Cache-Control"] = "no-store"
    return response


class ElderModeMiddleware:
    """Bring the browser's elder cookie in line with a signed-in member's account.

    Looks only at a user the request already loaded (a page that rendered the header, a
    sign-in), so it never adds a query; anonymous requests are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or getattr(user, "_wrapped", None) is empty:
            return response
        choice = _account_choice(request)
        if choice is None or ELDER_COOKIE in response.cookies:
            return response
        if bool(choice) != (request.COOKIES.get(ELDER_COOKIE) == "1"):
            elder_cookie_set(response, on=bool(choice), secure=request.is_secure())
        return response
