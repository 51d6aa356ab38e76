from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation


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

    @staticmethod
    def _site() -> SimpleNamespace:
        """The association's name (site settings, in the active language) and host, in
        place of django.contrib.sites' row, which nobody keeps (it says example.com)."""
        from apps.core.selectors import site_settings_get

        site = site_settings_get()
        name = site.site_name
        if translation.get_language().startswith("en") and site.site_name_en:
            name = site.site_name_en
        return SimpleNamespace(name=name, domain=urlsplit(settings.SITE_URL).netloc)

    def format_email_subject(self, subject: str) -> str:
        return f"[{self._site().name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth's templates greet and sign off with current_site.name / .domain.
        super().send_mail(template_prefix, email, {**context, "current_site": self._site()})
