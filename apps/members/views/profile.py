"""The lawyer's own profile: contacts and public profile; regulated fields via staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.exceptions import DomainError

from .. import selectors, services
from ..forms import LawyerProfileForm
from ..services.profile import LAWYER_PROFILE_FIELDS


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    if lawyer is None:
        raise Http404
    form = LawyerProfileForm(request.POST or None, instance=lawyer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {field: form.cleaned_data[field] for field in LAWYER_PROFILE_FIELDS}
            try:
                services.lawyer_profile_update(
                    lawyer=lawyer,
                    actor=request.user,  # type: ignore[arg-type]
                    data=data,
                    practice_areas=form.cleaned_data["practice_areas"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("个人资料已保存。"))
                return redirect("members:profile")
        status = 400
    return render(
        request,
        "members/profile.html",
        {
            "lawyer": lawyer,
            "form": form,
            "breadcrumbs": [(_("会员门户"), reverse("members:home")), (_("个人资料"), "")],
        },
        status=status,
    )
