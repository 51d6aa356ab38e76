"""Fixtures for members tests.

The personas (firm, other_firm, lawyer, colleague, outsider, firm_admin, member_services,
editor, …) are defined once in tests/conftest.py — see its docstring for what each means.
"""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language(settings):
    """A request to /en/ leaves English active in this thread; start each test in Chinese."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
