from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import ConfirmEmailVerificationCodeForm
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from apps.accounts.models import User


class UserAdminCreationForm(AdminUserCreationForm):
    """Admin "add user": e-mail, name and a password (or none, to log in by reset only)."""

    class Meta:
        model = User
        fields = ("email", "name")

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class UserAdminChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class EmailVerificationCodeForm(ConfirmEmailVerificationCodeForm):
    """allauth's "enter the code" form (ACCOUNT_FORMS["confirm_email_verification_code"]).

    When sign-up was refused, allauth's enumeration prevention shows the same code page
    with a stand-in verification that has no account behind it. allauth itself would
    accept that stand-in's code and then fail with a 500; here no code is right for it,
    and the answer is the ordinary "incorrect code".
    """

    def clean_code(self) -> str:
        if self.user is None:
            raise get_adapter().validation_error("incorrect_code")
        return super().clean_code()
