"""Fixed-window counters in the shared cache (Redis in production), per client address.

``hit`` counts an attempt and says whether it is still within the limit. Counting uses
cache.add + incr, both atomic in Redis, so concurrent requests cannot slip past.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address as the rate limits count it.

    Behind the reverse proxy every request comes from the proxy, so the client is read
    from X-Forwarded-For, trusting exactly ALLAUTH_TRUSTED_PROXY_COUNT proxies (the same
    setting allauth's own limits use): the entry that many places from the right was
    written by our outermost proxy; anything left of it the client could have forged.
    """
    trusted = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted > 0:
        hops = [
            h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
        ]
        if len(hops) >= trusted:
            return hops[-trusted]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, ident: str, window: int) -> str:
    bucket = int(time.time()) // window
    digest = hashlib.sha256(ident.encode()).hexdigest()[:24]
    return f"complaints:rl:{scope}:{digest}:{bucket}"


def hit(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False once more than ``limit`` attempts fell in this window."""
    key = _key(scope, ident, window)
    if cache.add(key, 1, window + 5):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window + 5)
        count = 1
    return count <= limit


def exceeded(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Already over the limit (without counting this look)."""
    count = cache.get(_key(scope, ident, window)) or 0
    return count >= limit
