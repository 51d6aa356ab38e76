"""The account's own pages outside allauth: the member's own-data download (PIPL)."""

from __future__ import annotations

import time

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.personal_data import personal_data_zip, sections

from . import audit


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def my_data(request: HttpRequest) -> HttpResponse:
    """GET: what the download holds. POST (after a recent sign-in or re-authentication —
    allauth keeps the POST and replays it once the password is confirmed): the ZIP,
    built synchronously (a demo lawyer's takes well under a second), logged."""
    if request.method == "GET":
        return render(
            request,
            "accounts/my_data.html",
            {
                "sections": sections(),
                "breadcrumbs": [(_("会员门户"), "/portal/"), (_("下载我的个人数据"), "")],
            },
        )
    started = time.monotonic()
    payload = personal_data_zip(request.user)
    audit.personal_data_downloaded(
        request, user=request.user, size=len(payload), seconds=time.monotonic() - started
    )
    filename = f"shlawyers-personal-data-{timezone.localdate():%Y%m%d}.zip"
    response = HttpResponse(payload, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
