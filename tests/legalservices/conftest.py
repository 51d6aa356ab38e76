"""Personas (firm, lawyer, colleague, outsider, member_services, editor, …) come from
tests/conftest.py; here only what this app's tests add."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached totals live in the cache: start each test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
