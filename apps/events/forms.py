from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event, EventOption, Kind


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部")), *Kind.choices], required=False
    )


class RegistrationForm(forms.Form):
    option = forms.ModelChoiceField(
        label=_("报名项目"),
        queryset=EventOption.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = event.options.all()
        self.fields["option"].queryset = options
        self.has_options = bool(list(options))
        if self.has_options:
            self.fields["option"].required = True
        else:
            del self.fields["option"]


class CheckinForm(forms.Form):
    code = forms.CharField(label=_("签到码"), max_length=8, min_length=4)


class VoteForm(forms.Form):
    entry = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
