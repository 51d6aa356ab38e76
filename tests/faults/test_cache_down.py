"""Redis stopped → the public pages still answer 200, built from the database.

The shared Redis server is never touched: the cache points at a port where nothing
listens, which is what a stopped Redis looks like to the client.
"""

from __future__ import annotations

import importlib
import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "apps.core.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/1",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}

PUBLIC_PAGES = [
    "/",
    "/news/",
    "/stats/",
    "/party/",
    "/lawyers/?q=王",
    "/firms/",
    "/overseas/",
    "/legal-help/",
    "/search/?q=律师",
    "/complaints/new/",
    "/accounts/login/",
    "/en/",
]


def test_production_settings_use_the_tolerant_cache_with_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    import shlawyers.settings as production

    production = importlib.reload(production)
    assert production.CACHES["default"]["BACKEND"] == "apps.core.cache.TolerantRedisCache"


@override_settings(CACHES=DEAD_REDIS)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_answer_200_with_redis_down(client, lawyer, path, caplog):
    caplog.set_level(logging.WARNING, logger="shlawyers.cache")
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"


@override_settings(CACHES=DEAD_REDIS)
def test_cache_calls_degrade_to_misses():
    assert cache.get("k", "fallback") == "fallback"
    cache.set("k", 1)
    assert cache.get_or_set("k", 5) == 5
    assert cache.add("k", 1) is True  # a lock "taken": callers go on
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError, match="Key not found"):
        cache.incr("counter")


@override_settings(CACHES=DEAD_REDIS)
def test_a_member_still_signs_in_with_redis_down(client, lawyer):
    from tests.accounts.factories import PASSWORD

    response = client.post("/accounts/login/", {"login": lawyer.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/portal/").status_code == 200
