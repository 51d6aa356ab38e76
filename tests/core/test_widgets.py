"""PlainSelect (apps/core/widgets.py) renders what Django's Select renders, in Python."""

from __future__ import annotations

import re

import pytest
from django import forms

from apps.core.widgets import PlainSelect

CHOICES = [
    ("", "全部"),
    ("a", "甲"),
    ("Group", [("b", "乙"), ("c", "丙")]),
    (3, "数字"),
]


def _tight(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", ["", "a", "c", "3", None])
@pytest.mark.parametrize("required", [False, True])
def test_plain_select_renders_the_same_markup_as_djangos_select(value, required):
    def form(widget):
        class Form(forms.Form):
            pick = forms.ChoiceField(choices=CHOICES, required=required, widget=widget)

        return Form({"pick": value} if value is not None else None)

    assert _tight(form(PlainSelect)["pick"]) == _tight(form(forms.Select)["pick"])


def test_plain_select_marks_the_chosen_option_and_keeps_the_attributes():
    widget = PlainSelect(attrs={"aria-describedby": "help"})
    html = str(widget.render("area", "2", {"id": "id_area"}))
    assert html.startswith('<select name="area" aria-describedby="help" id="id_area">')
    widget = PlainSelect(choices=[("1", "一"), ("2", "二")])
    assert '<option value="2" selected>二</option>' in str(widget.render("area", "2"))


def test_plain_select_escapes_values_and_labels():
    hostile = '"><script>alert(1)</script>'
    html = str(PlainSelect(choices=[(hostile, hostile)]).render("x", None))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_only_the_first_of_two_equal_values_is_selected_as_in_djangos_select():
    choices = [("x", "一"), ("x", "二"), ("y", "三")]
    plain = str(PlainSelect(choices=choices).render("d", "x"))
    django_select = str(forms.Select(choices=choices).render("d", "x"))
    assert _tight(plain) == _tight(django_select)
    assert plain.count(" selected") == 1


def test_a_safe_label_is_not_escaped_twice_and_a_plain_one_is():
    from django.utils.safestring import mark_safe

    choices = [("a", mark_safe("<b>甲</b>")), ("b", "<b>乙</b>")]
    plain = str(PlainSelect(choices=choices).render("d", None))
    assert _tight(plain) == _tight(forms.Select(choices=choices).render("d", None))
    assert "<b>甲</b>" in plain
    assert "&lt;b&gt;乙&lt;/b&gt;" in plain
