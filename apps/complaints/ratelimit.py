"""Fixed-window counters in the shared cache (Redis in production), per client address.

``hit`` counts an attempt and says whether it is still within the limit. Counting uses
cache.add + incr, both atomic in Redis, so concurrent requests cannot slip past.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # Behind the production proxy REMOTE_ADDR is set from X-Forwarded-For by the proxy
    # configuration (gunicorn forwarded_allow_ips); a client-sent header is never trusted.
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
