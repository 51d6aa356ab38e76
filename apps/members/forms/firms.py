"""Forms of the firm portal pages: the contact record and the roster filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import LawFirm, LawyerStatus
from ..services import FIRM_CONTACT_FIELDS


class FirmContactForm(forms.ModelForm):
    """What a firm administrator may change about the firm in the portal."""

    website = forms.URLField(
        label=_("网站"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = LawFirm
        fields = FIRM_CONTACT_FIELDS
        widgets = {
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }


class RosterFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或执业证号"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("执业状态"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部")), *LawyerStatus.choices]
