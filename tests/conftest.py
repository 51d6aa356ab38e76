"""Project-wide fixtures. App-specific factories live in tests/<app>/factories.py."""

# Real Celery for the tests that need it (a worker on Redis, a dead broker): see the module.
import pytest
from django.utils import translation

from tests.celery_support import celery_broker_down, celery_worker  # noqa: F401


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /en/ activates English for the thread; each test starts in Chinese."""
    translation.activate("zh-hans")
    yield
    translation.activate("zh-hans")
