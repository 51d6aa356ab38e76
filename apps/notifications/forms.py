"""The e-mail preference form on the inbox page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Language


class EmailLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("通知邮件语言"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        help_text=_("站内通知随页面语言显示；邮件按这里选择的语言发送。"),
        error_messages={"invalid_choice": _("请选择简体中文或 English。")},
    )
