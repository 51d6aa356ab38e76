from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached snapshot, version or upstream counts."""
    cache.clear()
    yield
    cache.clear()
