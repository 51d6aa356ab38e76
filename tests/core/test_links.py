"""apps.core.links.url_with: reverse() for list rows, the same URL for less work."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from apps.core.links import url_with


@pytest.mark.parametrize("language", ["zh-hans", "en", "zh-hant"])
@pytest.mark.parametrize(
    ("viewname", "value"),
    [
        ("legalservices:firm_detail", 7),
        ("legalservices:firm_detail", 1234567),
        ("legalservices:firm_detail", "42"),
        ("legalservices:lawyer_detail", "31010200610000001"),
        ("legalservices:overseas_detail", 5),
        ("legalservices:programme_detail", "pro-bono"),  # a slug: reverse() itself
    ],
)
def test_url_with_gives_what_reverse_gives(viewname, value, language):
    with translation.override(language):
        assert url_with(viewname, value) == reverse(viewname, args=[value])


def test_a_keyword_argument_is_spliced_the_same_way():
    assert url_with("news:article", 9, kwarg="pk") == reverse("news:article", kwargs={"pk": 9})


@pytest.mark.parametrize("value", ["123", "3101020061000000a", "", "../1"])
def test_a_value_the_pattern_refuses_still_raises_no_reverse_match(value):
    # The licence number is exactly 17 digits: a 3-digit "licence" has no URL.
    with pytest.raises(NoReverseMatch):
        url_with("legalservices:lawyer_detail", value)


def test_the_template_tag_writes_the_same_link():
    html = Template('{% load core_tags %}{% url_with "legalservices:firm_detail" pk %}').render(
        Context({"pk": 12})
    )
    assert html == reverse("legalservices:firm_detail", args=[12])
