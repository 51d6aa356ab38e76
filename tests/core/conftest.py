"""Fixtures for core tests: a clean cache, and registries restored after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from apps.core import figures, home


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # The locmem cache outlives a test's database transaction: site settings and key
    # figures cached by one test must not leak into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def figure_registry() -> Iterator[dict]:
    """The key-figure registry, emptied for the test and restored afterwards."""
    saved = dict(figures._registry)
    figures._registry.clear()
    yield figures._registry
    figures._registry.clear()
    figures._registry.update(saved)


@pytest.fixture
def section_registry() -> Iterator[dict]:
    """The home-section registry, emptied for the test and restored afterwards."""
    saved = dict(home._registry)
    home._registry.clear()
    yield home._registry
    home._registry.clear()
    home._registry.update(saved)


@pytest.fixture
def member_figures(db, figure_registry: dict) -> dict:
    """The members' figures as the members app registers them (see the report / apps.py)."""
    from apps.members.selectors import member_counts

    figures.key_figure_register(
        "members.lawyers",
        label=_("个人会员"),
        unit=_("名"),
        value=lambda: member_counts()["lawyers"],
        order=10,
    )
    figures.key_figure_register(
        "members.firms",
        label=_("团体会员"),
        unit=_("家"),
        value=lambda: member_counts()["firms"],
        order=20,
    )
    return figure_registry
