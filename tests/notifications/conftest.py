from __future__ import annotations

from pathlib import Path

import pytest

from tests.accounts.factories import UserFactory

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def lawyer(db):
    return UserFactory(email="lawyer@example.cn", name="张律师")


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.cn", name="李律师")


@pytest.fixture
def test_email_templates(settings):
    """Adds tests/notifications/templates (test-only e-mail keys) to the template dirs."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates
