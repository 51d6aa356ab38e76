from __future__ import annotations

import copy
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from apps.core.home import home_section_register, home_section_unregister, home_sections

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def test_templates():
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    with override_settings(TEMPLATES=templates):
        yield


def test_home_renders_registered_sections_in_order(client, db, section_registry, test_templates):
    home_section_register(
        "second", template="core_tests/_section.html", context=lambda r: {"name": "乙"}, order=20
    )
    home_section_register(
        "first", template="core_tests/_section.html", context=lambda r: {"name": "甲"}, order=10
    )

    html = client.get("/").content.decode()

    assert '<section class="home-section" id="section-甲"><h2>甲</h2><p>/</p></section>' in html
    assert html.index("section-甲") < html.index("section-乙")


def test_a_section_without_context_gets_the_request(client, db, section_registry, test_templates):
    home_section_register("plain", template="core_tests/_section.html")

    assert "<p>/en/</p>" in client.get("/en/").content.decode()


def test_a_broken_section_is_left_out_and_logged(client, db, section_registry, caplog):
    home_section_register("missing", template="core_tests/_no_such_template.html")

    with caplog.at_level(logging.ERROR, logger="apps.core.home"):
        response = client.get("/")

    assert response.status_code == 200
    assert "Home section missing failed" in caplog.text


def test_unregister_removes_a_section(section_registry):
    home_section_register("a", template="core_tests/_section.html")
    home_section_unregister("a")

    assert home_sections() == []
