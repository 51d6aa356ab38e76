"""Full-page cache for anonymous public pages.

What is cached: the complete response (status, headers, body) of a GET to a view that
opted in — ``@public_cacheable`` on the view, or its URL name in ``CACHEABLE_VIEWS`` below
(so other apps' views opt in without touching their code). Nothing else: portal, admin,
forms, search and anything not listed are never stored.

Who is served from the cache: a GET/HEAD with no session cookie and no messages cookie —
so never a logged-in member (a member always has a session cookie), never a visitor with
a flash message waiting. The key is the full path with its query (the language prefix is
part of the path: /, /en/, /zh-hant/ are three entries) plus every cookie that changes
the rendering (``RENDERING_COOKIES``: the elder-mode switch).

What is stored: only a 200 with no Set-Cookie, no ``Cache-Control: private/no-store``, no
``Vary`` beyond Cookie/Accept-Language, rendered for an anonymous user. A page that sets a
cookie (a CSRF token, a message, a session) is therefore never stored. For the opted-in
views the CSRF token is not rendered (``csrf_context`` below): the header search form and
the language switch are GET forms that need none, and the htmx header only matters for
POSTs, which an anonymous visitor makes on none of these pages.

CSP nonces: the middleware sits outside CSPMiddleware, so it stores the
Content-Security-Policy header together with the body it was made for; a hit replays
both, and the page's inline scripts still match the policy. Repeating a nonce across
visitors is acceptable here because the page holds no user input that could inject a
script (it is the same anonymous page for everyone, sanitised on the way in) — the nonce
protects against injected markup, and that markup would be in the cached body either way.

Invalidation: one content version (a random token under ``VERSION_KEY``) is part of every
entry; a save or delete of any model of a project app except the private ones
(``PRIVATE_APPS``) replaces it once per transaction, after commit. Bulk updates that send
no signal, and time-based publication (an article scheduled for 09:00), are covered by
the short TTL (``PAGECACHE_TTL``, default 120 s).

Per-process layer (``PAGECACHE_LOCAL_SECONDS``, default 1 s in production, 0 = off): each
worker keeps the last ``LOCAL_ENTRIES`` entries it served and the content version it last
read from Redis. Within that many seconds of the last read a hit is answered from the
worker's memory without a Redis round trip; after it, the next request reads the version
(and the entry) from Redis again. So a publish reaches every visitor at most that long
after its commit, and a hit costs no network at all (Redis and the workers share the
machine's cores: fewer round trips are CPU given back to rendering).

Hit hooks: a view with a side effect per visit (the article view counter) registers a
hook with ``register_hit_hook(view_name, fn)``; ``fn(request, **url_kwargs)`` then runs on
each hit, with the URL kwargs the page was stored under. A view listed with
``needs_hook=True`` is cached only once its hook exists. A view whose stored rendering
must not run the hook on its hits (the members-only teaser of an article: nobody read
it) calls ``hit_hook_skip(request)`` while rendering.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "pagecache:version"
ENTRY_PREFIX = "pagecache:page:"
HEADER = "X-Cache"
RENDERING_COOKIES: tuple[str, ...] = ("elder_mode",)
# Apps whose rows never appear on a public page; their writes don't invalidate.
PRIVATE_APPS: frozenset[str] = frozenset({"accounts", "notifications"})


@dataclass(frozen=True)
class CacheRule:
    # Query parameters allowed in a cached URL; None = any. A lookup with a free-text
    # query is not worth a cache entry per query.
    allowed_params: frozenset[str] | None = None
    needs_hook: bool = False


_PAGE_ONLY = CacheRule(allowed_params=frozenset({"page"}))

CACHEABLE_VIEWS: dict[str, CacheRule] = {
    "core:home": CacheRule(),
    "news:index": CacheRule(),
    "news:channel": CacheRule(),
    "news:article": CacheRule(needs_hook=True),  # the view counter counts each visit
    "news:topics": CacheRule(),
    "news:topic": CacheRule(),
    "news:rules": CacheRule(),
    "news:magazine": CacheRule(),
    "stats:home": CacheRule(),
    "partyorg:home": CacheRule(),
    "legalservices:overseas": CacheRule(),
    "legalservices:overseas_map_data": CacheRule(),
    "legalservices:overseas_detail": CacheRule(),
    "legalservices:lawyer_list": _PAGE_ONLY,
    "legalservices:firm_list": _PAGE_ONLY,
    "legalservices:firm_detail": CacheRule(),
    "legalservices:lawyer_detail": CacheRule(),
}

_hit_hooks: dict[str, Callable[..., None]] = {}


def register_hit_hook(view_name: str, fn: Callable[..., None]) -> None:
    """``fn(request, **url_kwargs)`` runs on every cache hit of ``view_name`` (it must be
    cheap and must not raise: it is called without the view, so no database work)."""
    _hit_hooks[view_name] = fn


def hit_hook_skip(request: HttpRequest) -> None:
    """The page being rendered is stored without its hit hook: hits of it run none."""
    request._pagecache_skip_hook = True  # type: ignore[attr-defined]


def public_cacheable(view: Callable[..., Any]) -> Callable[..., Any]:
    """Opt a view in (any query string allowed)."""
    view.public_cacheable = True  # type: ignore[attr-defined]
    return view


def ttl() -> int:
    return int(getattr(settings, "PAGECACHE_TTL", 120))


def enabled() -> bool:
    return bool(getattr(settings, "PAGECACHE_ENABLED", True))


def local_seconds() -> float:
    return float(getattr(settings, "PAGECACHE_LOCAL_SECONDS", 0))


# Per-process layer ------------------------------------------------------------------------

LOCAL_ENTRIES = 64
LOCAL_MAX_BYTES = 256 * 1024  # a larger page is served from Redis only


def _clock() -> float:
    return time.monotonic()


class _LocalLayer:
    """The worker's copy of recent entries and of the content version it last read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._versions: dict[str, tuple[str, float]] = {}  # version key -> (version, read at)

    def version(self, version_key: str, window: float) -> str | None:
        """The version read from Redis less than ``window`` seconds ago, else None."""
        known = self._versions.get(version_key)
        if known is None or _clock() - known[1] >= window:
            return None
        return known[0]

    def remember_version(self, version_key: str, version: str) -> None:
        self._versions[version_key] = (version, _clock())

    def get(self, key: str, version: str) -> dict[str, Any] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry["version"] != version:
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if len(entry["content"]) > LOCAL_MAX_BYTES:
            return
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > LOCAL_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._versions.clear()


_local = _LocalLayer()


# Invalidation ----------------------------------------------------------------------------


def _db_name() -> str:
    return str(settings.DATABASES["default"].get("NAME", ""))


def _version_key() -> str:
    return f"{VERSION_KEY}:{_db_name()}"


def content_version() -> str:
    version = cache.get(_version_key())
    if version is None:
        cache.add(_version_key(), uuid.uuid4().hex, None)
        version = cache.get(_version_key())
    return str(version)


def pagecache_invalidate() -> None:
    """Every cached page becomes stale at once (a new version; old entries expire)."""
    cache.set(_version_key(), uuid.uuid4().hex, None)


def _content_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or not enabled():  # loaddata; or no page cache to invalidate
        # (web and workers share settings: PAGECACHE_ENABLED must be the same for both)
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _safe_invalidate()
        return
    # Once per transaction: a marker on the connection, cleared when the bump runs or
    # when the transaction rolls back (Django drops the on_commit callbacks then, so the
    # marker is checked against the pending callbacks).
    pending = getattr(connection, "_pagecache_pending", None)
    if pending is not None and any(entry[1] is pending for entry in connection.run_on_commit):
        return

    def bump() -> None:
        connection._pagecache_pending = None
        _safe_invalidate()

    connection._pagecache_pending = bump
    transaction.on_commit(bump, robust=True)


def _safe_invalidate() -> None:
    try:
        pagecache_invalidate()
    except Exception:  # a cache outage must not break the save; the TTL still bounds it
        import logging

        logging.getLogger(__name__).exception("page cache invalidation failed")


def connect_invalidation() -> int:
    """Connect the receivers for every model of a public-content project app."""
    count = 0
    for model in apps.get_models(include_auto_created=True):
        module = model.__module__
        if not module.startswith("apps.") or model._meta.app_label in PRIVATE_APPS:
            continue
        uid = f"pagecache_{model._meta.label}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=uid + "_delete")
        count += 1
    return count


# Request side ----------------------------------------------------------------------------


def _bypass(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return True
    if "messages" in cookies:  # django.contrib.messages' CookieStorage
        return True
    return request.path_info.startswith((settings.STATIC_URL or "/static/", settings.MEDIA_URL))


def _entry_key(request: HttpRequest) -> str:
    # The database name too: development servers on several databases share one Redis.
    parts = [_db_name(), request.get_full_path()]
    parts += [f"{name}={request.COOKIES.get(name, '')}" for name in RENDERING_COOKIES]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return ENTRY_PREFIX + digest


def _rule_for(request: HttpRequest, view_func: Callable[..., Any]) -> CacheRule | None:
    if getattr(view_func, "public_cacheable", False):
        return CacheRule()
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    rule = CACHEABLE_VIEWS.get(match.view_name)
    if rule is None:
        return None
    if rule.needs_hook and match.view_name not in _hit_hooks:
        return None
    if rule.allowed_params is not None and not set(request.GET) <= rule.allowed_params:
        return None
    return rule


def request_is_cacheable(request: HttpRequest) -> bool:
    return bool(getattr(request, "_pagecache", False))


def csrf_context(request: HttpRequest) -> dict[str, Any]:
    """Context processor, listed after Django's built-in csrf one: for a cacheable
    anonymous page, no CSRF token (rendering one would set the csrftoken cookie and make
    the page uncacheable). Everywhere else the built-in lazy token stays."""
    if request_is_cacheable(request):
        return {"csrf_token": ""}  # not a password: cached pages carry no CSRF token  # nosec B105
    return {}


_STORABLE_VARY = {"cookie", "accept-language", "accept-encoding"}


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= _STORABLE_VARY


class PageCacheMiddleware:
    """Serves and stores opted-in anonymous pages. Placed right after SecurityMiddleware,
    outside CSPMiddleware (see the module docstring for why)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not enabled() or _bypass(request):
            return self.get_response(request)
        key = _entry_key(request)
        version_key = _version_key()
        window = local_seconds()
        if window > 0:
            local_version = _local.version(version_key, window)
            if local_version is not None:
                local_entry = _local.get(key, local_version)
                if local_entry is not None:
                    return self._replay(request, local_entry)
        try:
            found = cache.get_many([version_key, key])
        except Exception:
            found = {}
        entry = found.get(key)
        version = found.get(version_key)
        if window > 0 and version is not None:
            _local.remember_version(version_key, version)
        if entry is not None and version is not None and entry["version"] == version:
            if window > 0:
                _local.put(key, entry)
            return self._replay(request, entry)
        request._pagecache_key = key  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request_is_cacheable(request):
            if request.method == "GET" and _storable(request, response):
                self._store(request, key, response)
            response[HEADER] = "MISS"
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if not hasattr(request, "_pagecache_key"):
            return None
        if _rule_for(request, view_func) is not None:
            request._pagecache = True  # type: ignore[attr-defined]
        return None

    def _store(self, request: HttpRequest, key: str, response: HttpResponse) -> None:
        match = request.resolver_match
        entry = {
            "version": content_version(),
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() != HEADER.lower()],
            "content": response.content,
            "view_name": match.view_name if match else "",
            "kwargs": dict(match.kwargs) if match else {},
            "hook": not getattr(request, "_pagecache_skip_hook", False),
            "stored": time.time(),
        }
        try:
            cache.set(key, entry, ttl())
        except Exception:
            return
        if local_seconds() > 0:
            _local.remember_version(_version_key(), entry["version"])  # just read from Redis
            _local.put(key, entry)

    def _replay(self, request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[HEADER] = "HIT"
        hook = _hit_hooks.get(entry["view_name"]) if entry.get("hook", True) else None
        if hook is not None:
            try:
                hook(request, **entry["kwargs"])
            except Exception:
                import logging

                logging.getLogger(__name__).exception("page cache hit hook failed")
        return response


# Bench mode: SQL queries per request in a header ------------------------------------------


class QueryCountMiddleware:
    """``X-SQL-Queries`` on every response — only in MIDDLEWARE when BENCH_SQL_HEADER is
    set (the bench harness sets it); costs one execute_wrapper per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.db import connection

        count = 0

        def counter(execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-SQL-Queries"] = str(count)
        return response
