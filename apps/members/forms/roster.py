"""Forms of the roster-change requests a firm administrator files."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..validators import normalise_code, validate_licence_no


class RosterJoinForm(forms.Form):
    licence_no = forms.CharField(
        label=_("执业证号"),
        max_length=24,
        help_text=_("律师执业证上的 17 位数字。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("姓名"), max_length=50, help_text=_("与执业证上的姓名一致。"))
    reason = forms.CharField(
        label=_("申请说明"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：已在司法行政机关办理转入本所的变更登记。"),
    )

    def clean_licence_no(self) -> str:
        value = normalise_code(self.cleaned_data["licence_no"])
        validate_licence_no(value)
        return value

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()


class RosterLeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("申请说明"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：该律师已转至其他律所或已停止在本所执业。"),
    )
