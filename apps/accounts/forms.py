from __future__ import annotations

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
