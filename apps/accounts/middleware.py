from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .decorators import STAFF_POWERS_ATTR

# Views of the admin site a staff member without a second factor may still reach.
_EXEMPT_ADMIN_VIEWS = {"logout"}


class StaffSecondFactorMiddleware:
    """Keep staff out of /admin/ and every ``@staff_powers`` view until they have a second
    factor (TOTP) enrolled.

    On whenever DEBUG is off (settings.ADMIN_REQUIRE_MFA). Staff without TOTP are sent
    to allauth's TOTP activation page; allauth itself then asks for the code at login
    (and /admin/login/ is routed through allauth's login, see AccountsConfig.ready).

    Runs in process_view, where the resolved URL tells whether the view belongs to an
    admin site — under any language prefix (/admin/, /en/admin/).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not settings.ADMIN_REQUIRE_MFA or not self._needs_second_factor(request, view_func):
            return None
        messages.info(request, _("进入管理后台前，请先为您的账户启用两步验证（身份验证器应用）。"))
        # allauth ends activation on the recovery-codes page (and ignores ?next=): staff
        # should see and keep those codes before going on to the admin.
        return HttpResponseRedirect(reverse("mfa_activate_totp"))

    @staticmethod
    def _needs_second_factor(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
        match = request.resolver_match
        if match is None:
            return False
        in_admin = "admin" in match.app_names and match.url_name not in _EXEMPT_ADMIN_VIEWS
        if not in_admin and not getattr(view_func, STAFF_POWERS_ATTR, False):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import is_mfa_enabled

        return not is_mfa_enabled(user, [Authenticator.Type.TOTP])
