from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.members.models import Lawyer

from .models import Category, Mode


class CourseFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别")), *Category.choices]
    )
    mode = forms.ChoiceField(
        label=_("形式"), required=False, choices=[("", _("全部形式")), *Mode.choices]
    )


class CheckinForm(forms.Form):
    code = forms.CharField(
        label=_("签到码"),
        max_length=8,
        min_length=4,
        help_text=_("现场公布的 6 位签到码，不区分大小写。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ManualCreditForm(forms.Form):
    """Staff credit hours by hand (补登): the lawyer by licence number, a reason required."""

    licence_no = forms.CharField(label=_("执业证号"), max_length=17, min_length=17)
    hours = forms.DecimalField(
        label=_("学时"), min_value=Decimal("0.25"), max_value=Decimal(100), decimal_places=2
    )
    mode = forms.ChoiceField(label=_("计入方式"), choices=Mode.choices)
    credited_on = forms.DateField(
        label=_("计入日期"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    title = forms.CharField(label=_("学习内容"), max_length=200)
    reason = forms.CharField(label=_("补登理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_licence_no(self) -> Lawyer:
        licence_no = self.cleaned_data["licence_no"].strip()
        lawyer = Lawyer.objects.filter(licence_no=licence_no).first()
        if lawyer is None:
            raise forms.ValidationError(_("没有这个执业证号的律师。"))
        return lawyer


class ComplianceFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    short = forms.BooleanField(label=_("仅显示学时不足"), required=False)
    q = forms.CharField(label=_("姓名或执业证号"), required=False, max_length=50)


class CardPhotoForm(forms.Form):
    photo = forms.ImageField(
        label=_("照片"),
        help_text=_("JPEG、PNG 或 WebP，不超过 10 MB；保存时缩小并去除拍摄信息（含位置）。"),
    )
