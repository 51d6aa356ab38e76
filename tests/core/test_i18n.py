"""apps.core.i18n: one way to show a bilingual value in the active language."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from apps.core.i18n import BilingualNameMixin, is_english, localized


class Named(BilingualNameMixin):
    def __init__(self, name: str, name_en: str) -> None:
        self.name, self.name_en = name, name_en


@pytest.mark.parametrize(
    ("language", "name_en", "shown"),
    [
        ("zh-hans", "Pudong", "浦东新区"),
        ("en", "Pudong", "Pudong"),
        ("en", "", "浦东新区"),  # no English yet: the Chinese, never an empty label
        ("zh-hant", "Pudong", "浦东新区"),  # the page's OpenCC conversion does the rest
    ],
)
def test_localized_picks_english_only_under_english_when_set(language, name_en, shown):
    obj = SimpleNamespace(name="浦东新区", name_en=name_en)
    with translation.override(language):
        assert localized(obj, "name") == shown
        assert Named("浦东新区", name_en).display_name == shown


def test_localized_reads_any_field_pair():
    link = SimpleNamespace(title="联系我们", title_en="Contact")
    with translation.override("en"):
        assert localized(link, "title") == "Contact"
    assert localized(link, "title", language="zh-hans") == "联系我们"


def test_localized_is_empty_for_nothing_and_missing_fields():
    assert localized(None, "name") == ""
    assert localized(SimpleNamespace(), "name") == ""


def test_is_english_follows_the_active_language():
    with translation.override("en"):
        assert is_english()
    with translation.override("zh-hans"):
        assert not is_english()
    assert is_english("en-gb")


def test_template_filter_matches_the_function():
    template = Template('{% load core_tags %}{{ obj|localized:"title" }}|{{ obj|localized }}')
    obj = SimpleNamespace(title="专题", title_en="Topics", name="名称", name_en="")
    with translation.override("en"):
        assert template.render(Context({"obj": obj})) == "Topics|名称"
    with translation.override("zh-hans"):
        assert template.render(Context({"obj": obj})) == "专题|名称"
