from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HardshipKind, ObstructionKind


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("受阻类型"), choices=ObstructionKind.choices)
    occurred_on = forms.DateField(
        label=_("发生日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    authority = forms.CharField(
        label=_("发生地点或机关"),
        max_length=200,
        help_text=_("例如：某区看守所、某区人民法院。"),
    )
    description = forms.CharField(
        label=_("经过"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ReliefForm(forms.Form):
    kind = forms.ChoiceField(label=_("困难类型"), choices=HardshipKind.choices)
    event_date = forms.DateField(
        label=_("事件发生日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount_requested = forms.DecimalField(
        label=_("申请金额（元）"), min_value=1, max_digits=10, decimal_places=2
    )
    description = forms.CharField(
        label=_("情况说明"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


class EndorseForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("律所意见"),
        choices=[("yes", _("同意申请")), ("no", _("不同意"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
