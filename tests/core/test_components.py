"""The shared partials in templates/components/ and the core template tags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation


def test_pagination_keeps_the_query_string_and_marks_the_current_page(rf, db):
    request = rf.get("/search/", {"q": "法律 援助", "type": "news", "page": "3"})
    page = Paginator(range(200), 10).page(3)

    html = render_to_string("components/_pagination.html", {"page_obj": page}, request=request)

    assert (
        'rel="prev" href="?q=%E6%B3%95%E5%BE%8B+%E6%8F%B4%E5%8A%A9&amp;type=news&amp;page=2"'
        in html
    )
    assert (
        'rel="next" href="?q=%E6%B3%95%E5%BE%8B+%E6%8F%B4%E5%8A%A9&amp;type=news&amp;page=4"'
        in html
    )
    assert 'aria-current="page">3</a>' in html
    assert "…" in html  # 20 pages are elided
    assert 'page=20"' in html
    assert 'aria-label="分页"' in html
    assert "第 3 / 20 页，共 200 条" in html


def test_pagination_links_keep_every_other_parameter_and_the_place_of_page(rf, db):
    request = rf.get("/lawyers/?area=3&page=2&lang=en&lang=ja&q=a%26b")
    page = Paginator(range(50), 10).page(2)

    with translation.override("en"):
        html = render_to_string("components/_pagination.html", {"page_obj": page}, request=request)

    # What {% querystring page=n %} gives: page keeps its place, repeated keys stay.
    assert 'href="?area=3&amp;page=3&amp;lang=en&amp;lang=ja&amp;q=a%26b"' in html
    assert 'rel="prev" href="?area=3&amp;page=1&amp;lang=en&amp;lang=ja&amp;q=a%26b"' in html
    assert 'aria-label="Page 2" aria-current="page">2</a>' in html
    assert "Page 2 of 5, 50 items" in html


def test_pagination_adds_page_last_when_the_query_string_has_none(rf, db):
    request = rf.get("/search/?q=%3Cscript%3E")
    page = Paginator(range(30), 10).page(1)

    html = render_to_string("components/_pagination.html", {"page_obj": page}, request=request)

    assert 'rel="next" href="?q=%3Cscript%3E&amp;page=2"' in html
    assert '<span class="pagination-disabled">上一页</span>' in html
    assert "<script>" not in html


def test_pagination_renders_nothing_for_a_single_page(rf, db):
    page = Paginator(range(5), 10).page(1)

    html = render_to_string("components/_pagination.html", {"page_obj": page}, request=rf.get("/"))

    assert html.strip() == ""


def test_breadcrumbs_start_at_home_and_mark_the_current_page(rf, db):
    with translation.override("en"):
        html = render_to_string(
            "components/_breadcrumbs.html",
            {"crumbs": [("News", "/en/news/"), ("An article", "")]},
            request=rf.get("/en/news/1/"),
        )

    assert '<a href="/en/">' in html
    assert '<a href="/en/news/">News</a>' in html
    assert '<span aria-current="page">An article</span>' in html


class _ContactForm(forms.Form):
    email = forms.EmailField(label="电子邮箱", help_text="用于接收通知。")
    agree = forms.BooleanField(label="同意")


def test_field_component_links_errors_and_help_to_the_input():
    form = _ContactForm(data={"email": "nope"})
    form.is_valid()

    html = render_to_string("components/_field.html", {"field": form["email"]})

    assert 'class="field field-email field-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'id="id_email_helptext"' in html


def test_checkbox_field_puts_the_label_after_the_box():
    form = _ContactForm()

    html = render_to_string("components/_field.html", {"field": form["agree"]})

    assert html.index('type="checkbox"') < html.index("<label")


# What components/_field.html rendered as a template, before core_tags.form_field wrote
# the same markup in Python: the reference the tag is held to.
FIELD_TEMPLATE = (Path(__file__).parent / "data" / "field_component_reference.html").read_text()


class _EveryKindForm(forms.Form):
    name = forms.CharField(label="姓名 <b>", max_length=10, help_text='见<a href="/x/">说明</a>')
    email = forms.EmailField(label="电子邮箱", required=False)
    kind = forms.ChoiceField(label="类型", choices=[("a", "甲"), ("b", "乙")])
    way = forms.ChoiceField(
        label="方式", choices=[("1", "一"), ("2", "二")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="日期",
        choices=[("mon", "一"), ("tue", "二")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="可多选。",
    )
    agree = forms.BooleanField(label="同意", help_text="必须勾选。")
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def _tight(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


@pytest.mark.parametrize(
    "data",
    [None, {}, {"name": "x" * 11, "email": "nope", "kind": "z", "way": "9", "days": ["x"]}],
    ids=["unbound", "all-missing", "all-invalid"],
)
def test_field_component_writes_what_the_template_wrote_for_every_kind_of_field(data):
    form = _EveryKindForm(data)
    if data is not None:
        form.is_valid()
    reference = Template(FIELD_TEMPLATE)
    for field in form:
        expected = reference.render(Context({"field": field}))
        assert _tight(render_to_string("components/_field.html", {"field": field})) == _tight(
            expected
        ), field.name
        tag = Template("{% load core_tags %}{% form_field field %}").render(
            Context({"field": field})
        )
        assert _tight(tag) == _tight(expected), field.name
    assert "&lt;b&gt;" in render_to_string("components/_field.html", {"field": form["name"]})


def test_form_errors_summary_links_to_each_invalid_field():
    form = _ContactForm(data={"email": "nope"})
    form.is_valid()

    html = render_to_string("components/_form_errors.html", {"form": form})

    assert 'role="alert"' in html
    assert '<a href="#id_email">电子邮箱</a>' in html
    assert '<a href="#id_agree">同意</a>' in html


def test_form_errors_summary_is_empty_for_a_valid_form():
    form = _ContactForm(data={"email": "a@example.cn", "agree": "on"})
    form.is_valid()

    assert render_to_string("components/_form_errors.html", {"form": form}).strip() == ""


def test_messages_component_uses_alert_for_errors_only(rf):
    from django.contrib.messages.storage.base import Message

    messages = [Message(40, "出错了"), Message(25, "已保存")]

    html = render_to_string("components/_messages.html", {"messages": messages})

    assert '<p class="message message-error" role="alert">出错了</p>' in html
    assert '<p class="message message-success" role="status">已保存</p>' in html


def test_localized_path_adds_the_prefix_only_for_english():
    template = Template("{% load core_tags %}{% localized_path '/news/' %}")

    with translation.override("zh-hans"):
        assert template.render(Context()) == "/news/"
    with translation.override("en"):
        assert template.render(Context()) == "/en/news/"


def test_language_links_fall_back_to_the_home_page_for_unknown_paths(rf):
    template = Template(
        "{% load core_tags %}{% language_links as links %}"
        "{% for link in links %}{{ link.code }}={{ link.href }};{% endfor %}"
    )

    with translation.override("zh-hans"):
        html = template.render(Context({"request": rf.get("/no-such-page/")}))

    assert html == "zh-hans=/no-such-page/;zh-hant=/zh-hant/;en=/en/;"


def test_main_nav_marks_the_current_part(rf):
    template = Template(
        "{% load core_tags %}{% main_nav as items %}"
        "{% for item in items %}{% if item.current %}{{ item.href }}{% endif %}{% endfor %}"
    )

    with translation.override("en"):
        assert template.render(Context({"request": rf.get("/en/topics/rule-of-law/")})) == (
            "/en/news/"
        )
        assert template.render(Context({"request": rf.get("/en/")})) == "/en/"
