"""Decorators for views that exercise staff powers outside /admin/.

``@staff_powers`` marks a view as one where staff see or do more than a member would
(a firm roster with contacts, an unpublished article's preview, a private download).
:class:`apps.accounts.middleware.StaffSecondFactorMiddleware` then holds staff without
an enrolled second factor out of it, exactly as it does for /admin/. Members and
anonymous visitors are unaffected by the mark: the view's own permission checks apply.

Every later app marks its staff-facing views the same way; ``docs/architecture.md``
lists it in the "Adding an app" checklist. A view that exercises staff powers only on
some requests (the public article page showing staff a preview of an unpublished
article) calls :func:`staff_second_factor_redirect` at that point instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

V = TypeVar("V", bound=Callable[..., object])

STAFF_POWERS_ATTR = "staff_powers"


def staff_powers(view: V) -> V:
    """Mark ``view`` (function or ``as_view()`` result) as needing staff's second factor."""
    setattr(view, STAFF_POWERS_ATTR, True)
    return view


def staff_needs_second_factor(user: Any) -> bool:
    """True for a signed-in staff member without TOTP while settings.ADMIN_REQUIRE_MFA."""
    if not settings.ADMIN_REQUIRE_MFA:
        return False
    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return not is_mfa_enabled(user, [Authenticator.Type.TOTP])


def staff_second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """The redirect to TOTP activation when ``request.user`` is staff without a second
    factor (and it is required); None otherwise. What the middleware answers for /admin/
    and ``@staff_powers`` views, for views that need it on some requests only."""
    if not staff_needs_second_factor(getattr(request, "user", None)):
        return None
    messages.info(
        request,
        _(
            "使用工作人员权限（管理后台及仅工作人员可见的页面）前，请先启用两步验证（身份验证器应用）。"
        ),
    )
    # allauth ends activation on the recovery-codes page (and ignores ?next=): staff
    # should see and keep those codes before going on.
    return HttpResponseRedirect(reverse("mfa_activate_totp"))
