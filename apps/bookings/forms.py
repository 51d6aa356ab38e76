from django import forms
from django.utils.translation import gettext_lazy as _


class BookingForm(forms.Form):
    slot = forms.IntegerField(label=_("时段"), min_value=1)
    detainee_name = forms.CharField(label=_("在押人员姓名"), max_length=50)
    client_name = forms.CharField(label=_("委托人姓名"), max_length=50)
    case_reference = forms.CharField(label=_("案由/案号"), max_length=80)
