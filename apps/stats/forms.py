from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ReportKind

MONTHS = [(m, _("%(m)s月") % {"m": m}) for m in range(1, 13)]


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("报表"), choices=ReportKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("月份（仅投诉处理月报）"),
        choices=[("", "—"), *MONTHS],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == ReportKind.COMPLAINTS_MONTHLY and not data.get("month"):
            self.add_error("month", _("投诉处理月报需要选择月份。"))
        year = data.get("year")
        if year and year > timezone.localdate().year:
            self.add_error("year", _("不能为尚未开始的年度生成报表。"))
        return data

    def params(self) -> dict[str, int]:
        params = {"year": self.cleaned_data["year"]}
        if self.cleaned_data["kind"] == ReportKind.COMPLAINTS_MONTHLY:
            params["month"] = self.cleaned_data["month"]
        return params
