"""The sign-up form through which a lawyer activates a portal account."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm
from allauth.account.internal.flows.signup import prevent_enumeration
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User

from ..models import Lawyer
from ..services.accounts import ACTIVATION_SESSION_KEY, lawyer_activation_start
from ..validators import normalise_code, validate_licence_no


class LawyerActivationForm(SignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS["signup"]): a lawyer opens a portal account.

    The lawyer gives the licence number, the name on the licence, the e-mail address
    registered with the association and a password. Only the *format* of the licence
    number (and the password rules) are reported on the form. Whether the details match a
    record is never said here: matching or not, the visitor is sent on to "enter the code
    sent to <address>" — see ``services.accounts`` for the whole flow and its reasons.
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
            self.fields["email"].help_text = _(
                "须为在协会登记的电子邮箱；我们将向该邮箱发送验证码，请在本页面输入。"
            )

    def clean_licence_no(self) -> str:
        value = normalise_code(self.cleaned_data["licence_no"])
        validate_licence_no(value)
        return value

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth's hook after the user row is saved. The lawyer is *not* linked here:
        that waits for the confirmed address (services.accounts.lawyer_activation_complete).
        """
        if self.lawyer is not None and user.name != self.lawyer.name:
            user.name = self.lawyer.name
            user.save(update_fields=["name"])

    def try_save(self, request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
        adapter = get_adapter(request)
        try:
            ip = adapter.get_client_ip(request)
        except PermissionDenied:
            ip = ""
        email = self.cleaned_data["email"]
        start = lawyer_activation_start(
            licence_no=self.cleaned_data["licence_no"],
            name=self.cleaned_data["name"],
            email=email,
            ip=ip,
            user_agent=adapter.get_http_user_agent(request),
        )
        if start.lawyer is None:
            return None, self._refuse(request, email)
        self.lawyer = start.lawyer
        # An unconfirmed account that held the address has just been discarded.
        self.account_already_exists = False
        try:
            with transaction.atomic():
                user = self.save(request)
        except IntegrityError:
            # A concurrent sign-up with the same address committed first.
            return None, self._refuse(request, email)
        request.session[ACTIVATION_SESSION_KEY] = start.lawyer.pk
        return user, None

    def _refuse(self, request: HttpRequest, email: str) -> HttpResponse:
        """The one answer to every refusal, indistinguishable from going on: allauth's
        enumeration prevention sends the visitor to the same code page (which accepts no
        code) and mails the address given a generic "could not activate" notice
        (templates/account/email/account_already_exists_*)."""
        # Hash the password anyway, so a refusal takes as long as creating an account.
        make_password(self.cleaned_data.get("password1") or "")
        return prevent_enumeration(request, email=email)
