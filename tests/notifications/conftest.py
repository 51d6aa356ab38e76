"""Fixtures for notifications tests. The personas (lawyer, outsider, member_services,
superuser, …) come from tests/conftest.py; a notification's recipient is a User, so tests
use ``lawyer.user``."""

from __future__ import annotations

from pathlib import Path

import pytest

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def test_email_templates(settings):
    """Adds tests/notifications/templates (test-only e-mail keys) to the template dirs."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates
