"""/elder-mode/?on=1|0&next=… — the elder-friendly mode switch (适老化).

A plain link in every page's header (it works without JavaScript): it sets a cookie for a
year and goes back to the page it came from. base.html reads the cookie and puts
``class="elder"`` on <html> and loads static/css/elder.css (larger type, AAA contrast,
44 px targets, no motion).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

ELDER_COOKIE = "elder_mode"
ELDER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def elder_mode_is_on(request: HttpRequest) -> bool:
    return request.COOKIES.get(ELDER_COOKIE) == "1"


@require_GET
def elder_mode(request: HttpRequest) -> HttpResponse:
    on = request.GET.get("on") == "1"
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    response = HttpResponseRedirect(target)
    if on:
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ELDER_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    response["Cache-Control"] = "no-store"
    return response
