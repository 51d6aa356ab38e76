from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.search import search_query_clean
from apps.core.widgets import PlainSelect
from apps.members.models import District, FirmStatus, Language, LawyerStatus, PracticeArea

from .countries import CONTINENTS, COUNTRIES, country_name
from .models import (
    BusinessFeedback,
    ConsultationRequest,
    ContactMethod,
    MediationRequest,
    ProBonoRecord,
    SlotBooking,
)
from .selectors.lookup import reference_areas, reference_districts

MOBILE_OR_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def _clean_query(value: str) -> str:
    if not value:
        return ""
    clean = search_query_clean(value)
    if clean.error:
        raise forms.ValidationError(clean.error)
    return clean.text


def _reference_choices(field: forms.Field, objects: Callable[[], list[Any]]) -> None:
    """A ModelChoiceField's options from the cached reference data, named in the page's
    language, instead of a query per render. Lazy: read only when the form is rendered
    (the API uses the form to validate, never to render); a submitted value is still
    checked against the field's queryset."""
    empty = field.empty_label  # type: ignore[attr-defined]
    field.choices = lambda: [("", empty), *((obj.pk, obj.display_name) for obj in objects())]  # type: ignore[attr-defined]


class LookupForm(forms.Form):
    """Filters of the lawyer and firm lookup (GET)."""

    q = forms.CharField(label=_("姓名、拼音或执业证号"), required=False, max_length=100)
    firm = forms.CharField(label=_("执业机构"), required=False, max_length=100)
    area = forms.ModelChoiceField(
        label=_("业务领域"),
        queryset=PracticeArea.objects.order_by("order"),
        required=False,
        empty_label=_("全部领域"),
        widget=PlainSelect,
    )
    district = forms.ModelChoiceField(
        label=_("所在区"),
        queryset=District.objects.order_by("order"),
        required=False,
        empty_label=_("全部区"),
        widget=PlainSelect,
    )
    language = forms.ChoiceField(label=_("工作语言"), required=False, widget=PlainSelect)
    status = forms.ChoiceField(label=_("执业状态"), required=False, widget=PlainSelect)

    def __init__(self, *args: Any, for_firms: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _reference_choices(self.fields["area"], reference_areas)
        _reference_choices(self.fields["district"], reference_districts)
        self.fields["language"].choices = [("", _("不限")), *list(Language.choices)]
        statuses = FirmStatus.choices if for_firms else LawyerStatus.choices
        self.fields["status"].choices = [("", _("全部状态")), *list(statuses)]
        if for_firms:
            del self.fields["firm"]
            self.fields["q"].label = _("律所名称、拼音或许可证号")

    def clean_q(self) -> str:
        return _clean_query(self.cleaned_data.get("q", ""))

    def clean_firm(self) -> str:
        return _clean_query(self.cleaned_data.get("firm", ""))


class OverseasFilterForm(forms.Form):
    continent = forms.ChoiceField(label=_("大洲"), required=False, widget=PlainSelect)
    country = forms.ChoiceField(label=_("国家或地区"), required=False, widget=PlainSelect)
    city = forms.CharField(label=_("城市"), required=False, max_length=60)
    area = forms.ModelChoiceField(
        label=_("业务领域"),
        queryset=PracticeArea.objects.order_by("order"),
        required=False,
        empty_label=_("全部领域"),
        widget=PlainSelect,
    )
    language = forms.ChoiceField(label=_("服务语言"), required=False, widget=PlainSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _reference_choices(self.fields["area"], reference_areas)
        self.fields["continent"].choices = [("", _("全部大洲")), *list(CONTINENTS.items())]
        self.fields["country"].choices = [("", _("全部国家和地区"))] + [
            (code, country_name(code)) for code in COUNTRIES
        ]
        self.fields["language"].choices = [("", _("不限")), *list(Language.choices)]

    def clean_city(self) -> str:
        return (self.cleaned_data.get("city") or "").strip()


class _ContactMixin:
    def _clean_phone(self, value: str) -> str:
        value = re.sub(r"[\s]", "", value or "")
        if value and not MOBILE_OR_PHONE.match(value):
            raise forms.ValidationError(_("请填写有效的手机号码或固定电话（如 021-12345678）。"))
        return value


class ConsultationForm(_ContactMixin, forms.ModelForm):
    class Meta:
        model = ConsultationRequest
        fields = ["topic", "description", "district", "name", "contact_method", "phone", "email"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
            "contact_method": forms.RadioSelect,
        }
        help_texts = {
            "description": _("请简要说明事情经过和您想咨询的问题，不必填写身份证号等敏感信息。"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("order")
        self.fields["topic"].choices = [("", _("请选择")), *list(self.fields["topic"].choices)[1:]]

    def clean_phone(self) -> str:
        return self._clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        method = cleaned.get("contact_method")
        if method == ContactMethod.PHONE and not cleaned.get("phone"):
            self.add_error("phone", _("选择电话回复时请填写联系电话。"))
        if method == ContactMethod.EMAIL and not cleaned.get("email"):
            self.add_error("email", _("选择电子邮件回复时请填写电子邮箱。"))
        return cleaned


class SlotBookingForm(_ContactMixin, forms.ModelForm):
    slot = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SlotBooking
        fields = ["name", "phone", "question"]

    def clean_phone(self) -> str:
        phone = self._clean_phone(self.cleaned_data.get("phone", ""))
        if not phone:
            raise forms.ValidationError(_("请填写联系电话。"))
        return phone


class MediationForm(_ContactMixin, forms.ModelForm):
    class Meta:
        model = MediationRequest
        fields = ["name", "phone", "other_party", "dispute"]
        widgets = {"dispute": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}

    def clean_phone(self) -> str:
        phone = self._clean_phone(self.cleaned_data.get("phone", ""))
        if not phone:
            raise forms.ValidationError(_("请填写联系电话。"))
        return phone


class ProBonoRecordForm(forms.ModelForm):
    class Meta:
        model = ProBonoRecord
        fields = ["kind", "date", "hours", "people_helped", "place", "summary"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BusinessFeedbackForm(forms.ModelForm):
    class Meta:
        model = BusinessFeedback
        fields = ["theme", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6, "maxlength": 3000})}


class AlertSearchForm(forms.Form):
    q = forms.CharField(label=_("名称、网址或冒用的身份"), required=False, max_length=100)

    def clean_q(self) -> str:
        return _clean_query(self.cleaned_data.get("q", ""))
