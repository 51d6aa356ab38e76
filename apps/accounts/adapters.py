from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks. Sign-up is a lawyer's account activation (licence number, name and
    the address on record, confirmed by a code typed into the same session; see
    apps.members.services.accounts and ACCOUNT_FORMS); mail goes out through Django's
    e-mail backend, as allauth does by default."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Open: the activation form itself refuses anyone who is not a listed lawyer.
        return True

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Staff land in the back office (where the second-factor guard meets them),
        # everyone else in the member portal. An explicit ?next= still wins in allauth.
        user = request.user
        if user.is_authenticated and user.is_staff:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)
