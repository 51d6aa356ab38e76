from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Language, Lawyer, PracticeArea
from ..services.profile import MAX_PRACTICE_AREAS


class LawyerProfileForm(forms.ModelForm):
    """The lawyer's own contacts and public profile (regulated fields are not here)."""

    languages = forms.MultipleChoiceField(
        label=_("工作语言"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("中文以外可提供服务的语言。"),
    )
    practice_areas = forms.ModelMultipleChoiceField(
        label=_("业务领域"),
        queryset=PracticeArea.objects.order_by("order", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("最多选择 5 项，显示在公开的律师查询页面。"),
    )

    class Meta:
        model = Lawyer
        fields = ("email", "mobile", "languages", "practice_areas")

    def clean_practice_areas(self):
        areas = self.cleaned_data["practice_areas"]
        if len(areas) > MAX_PRACTICE_AREAS:
            raise forms.ValidationError(
                _("业务领域最多选择 %(count)s 项。"), params={"count": MAX_PRACTICE_AREAS}
            )
        return areas
