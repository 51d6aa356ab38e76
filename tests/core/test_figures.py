from __future__ import annotations

import logging

import pytest
from django.test import override_settings

from apps.core.figures import (
    key_figure_register,
    key_figure_specs,
    key_figure_unregister,
    key_figures_get,
)


def test_figures_come_in_registration_order(figure_registry):
    key_figure_register("b", label="乙", value=lambda: 2, order=20)
    key_figure_register("a", label="甲", value=lambda: 1, order=10)

    assert [figure.key for figure in key_figures_get()] == ["a", "b"]
    assert [figure.value for figure in key_figures_get()] == [1, 2]


def test_registering_a_key_again_replaces_it(figure_registry):
    key_figure_register("a", label="甲", value=lambda: 1)
    key_figure_register("a", label="甲", value=lambda: 5)

    assert [figure.value for figure in key_figures_get()] == [5]


def test_unregister_removes_a_figure(figure_registry):
    key_figure_register("a", label="甲", value=lambda: 1)
    key_figure_unregister("a")
    key_figure_unregister("never-registered")

    assert key_figure_specs() == []
    assert key_figures_get() == []


def test_values_are_cached_with_the_time_they_were_computed(figure_registry):
    calls = []

    def provider() -> int:
        calls.append(1)
        return len(calls)

    key_figure_register("a", label="甲", value=provider)
    first = key_figures_get()
    second = key_figures_get()

    assert len(calls) == 1
    assert first == second
    assert first[0].as_of == second[0].as_of


def test_a_new_registration_is_not_hidden_by_the_cache(figure_registry):
    key_figure_register("a", label="甲", value=lambda: 1)
    key_figures_get()
    key_figure_register("b", label="乙", value=lambda: 2)

    assert [figure.key for figure in key_figures_get()] == ["a", "b"]


def test_a_failing_provider_is_logged_and_left_out(figure_registry, caplog):
    def broken() -> int:
        raise ZeroDivisionError

    key_figure_register("ok", label="甲", value=lambda: 1)
    key_figure_register("broken", label="乙", value=broken)

    with caplog.at_level(logging.ERROR, logger="apps.core.figures"):
        figures = key_figures_get()

    assert [figure.key for figure in figures] == ["ok"]
    assert "Key figure broken failed" in caplog.text


def test_a_failing_provider_raises_under_debug(figure_registry):
    def broken() -> int:
        raise ZeroDivisionError

    key_figure_register("broken", label="乙", value=broken)

    with override_settings(DEBUG=True), pytest.raises(ZeroDivisionError):
        key_figures_get()
