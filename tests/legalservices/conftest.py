"""Personas (firm, lawyer, colleague, outsider, member_services, editor, …) come from
tests/conftest.py; here only what this app's tests add."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached totals live in the cache: start each test empty
    (this replaces tests/conftest.py's fixture of the same name, so it also forgets the
    reference data each process keeps for a few seconds)."""
    from django.core.cache import cache

    from apps.legalservices.selectors.lookup import reference_data_invalidate

    cache.clear()
    reference_data_invalidate()
    yield
    cache.clear()
