"""A per-IP request budget for the public register, against scraping.

Fixed windows counted in the shared cache (Redis in production, so every web process
sees one count): the first request of a window `add`s the key, later ones `incr` it. Over
the budget the view answers 429 with a Chinese message (JSON for the API) and a
Retry-After header. Budgets are settings (LEGALSERVICES_RATE_LIMITS) so tests and
deployments can tune them: {scope: (requests, seconds)}.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "lookup": (120, 60),  # pages of the lookup: two a second on average
    "api": (60, 60),
    "forms": (10, 3600),  # consultation, booking and mediation submissions
}


def _limits(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "LEGALSERVICES_RATE_LIMITS", {}) or {}
    return configured.get(scope) or DEFAULT_LIMITS[scope]


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: the deployment's proxy sets it (X-Forwarded-For is forgeable).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request: HttpRequest, scope: str) -> int:
    """0 when the request is within budget, else the seconds until the window ends."""
    limit, window = _limits(scope)
    now = int(time.time())
    start = now - now % window
    key = f"ls:rl:{scope}:{client_ip(request)}:{start}"
    if cache.add(key, 1, timeout=window + 5):
        return 0
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return 0
    return 0 if count <= limit else max(start + window - now, 1)


def too_many(request: HttpRequest, retry_after: int, *, json: bool) -> HttpResponse:
    message = _("查询过于频繁，请稍后再试。")
    if json:
        response: HttpResponse = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "legalservices/429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope: str, *, json: bool = False, methods: tuple[str, ...] = ()) -> Callable:
    """Decorate a view: requests beyond the scope's budget get 429. With `methods`,
    only those methods count (a form's GET is free, its POST is budgeted)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not methods or request.method in methods:
                retry_after = over_limit(request, scope)
                if retry_after:
                    return too_many(request, retry_after, json=json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
