"""The sign-up form through which a lawyer activates a portal account."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm
from django import forms
from django.db import transaction
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..models import Lawyer
from ..services import lawyer_account_link, lawyer_for_activation
from ..validators import normalise_code, validate_licence_no


class LawyerActivationForm(SignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS["signup"]): a lawyer opens a portal account.

    The lawyer gives the licence number, the name on the licence and the e-mail address
    registered with the association, plus a password. The account and the link to the
    lawyer are created in one transaction; allauth's mandatory e-mail verification keeps
    the account from logging in until the address is confirmed.
    """

    licence_no = forms.CharField(
        label=_("执业证号"),
        max_length=24,
        help_text=_("律师执业证上的 17 位数字。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        help_text=_("与执业证上的姓名一致。"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["licence_no", "name", "email", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lawyer: Lawyer | None = None
        if "email" in self.fields:
            self.fields["email"].help_text = _("须为在协会登记的电子邮箱，开通后需验证。")

    def clean_licence_no(self) -> str:
        value = normalise_code(self.cleaned_data["licence_no"])
        validate_licence_no(value)
        return value

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        licence_no, name = cleaned.get("licence_no"), cleaned.get("name")
        email = cleaned.get("email")
        if licence_no and name and email:
            try:
                self.lawyer = lawyer_for_activation(licence_no=licence_no, name=name, email=email)
            except DomainError as exc:
                field = {
                    "unknown_licence": "licence_no",
                    "name_mismatch": "name",
                    "email_mismatch": "email",
                }.get(exc.code or "")
                self.add_error(field, exc.message)
        return cleaned

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth's hook after the user row is saved: link it to the lawyer."""
        assert self.lawyer is not None
        lawyer_account_link(lawyer=self.lawyer, user=user)

    def save(self, request: HttpRequest) -> User:
        # The user, its e-mail address and the link commit together or not at all.
        with transaction.atomic():
            return super().save(request)

    def try_save(self, request: HttpRequest) -> tuple[User | None, Any]:
        try:
            return super().try_save(request)
        except DomainError as exc:
            # Lost a race with a concurrent activation: nothing was saved.
            self.add_error(None, exc.message)
            response = TemplateResponse(request, "account/signup.html", {"form": self})
            response.status_code = 409
            return None, response
