"""Member contributions (网上投稿): the form, a lawyer's own list and pages, attachments.

Only current member lawyers reach these pages (selectors.contribution_require_lawyer);
the writes go through apps.news.services.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.decorators import staff_powers
from apps.core.exceptions import DomainError

from .. import selectors, services
from ..forms import ContributionForm
from ._common import page, private_download


def _contribution_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    # The portal home is /portal/ by the URL contract (members' "members:home").
    return [
        (_("会员门户"), reverse("members:home")),
        (_("网上投稿"), reverse("news:contribute")),
        *items,
    ]


@login_required
@require_http_methods(["GET", "POST"])
def contribute(request: HttpRequest) -> HttpResponse:
    selectors.contribution_require_lawyer(request.user)
    status = 200
    if request.method == "POST":
        form = ContributionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                contribution = services.contribution_submit(
                    author=request.user, **form.service_kwargs()
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("投稿已提交，编辑部处理后会通知您。"))
                return redirect("news:contribution_detail", pk=contribution.pk)
        status = 400
    else:
        form = ContributionForm(initial={"submit_token": uuid.uuid4()})
    return render(
        request,
        "news/contributions/form.html",
        {
            "form": form,
            "recent": selectors.contribution_list_for_user(user=request.user)[:5],
            "breadcrumbs": _contribution_crumbs((_("我要投稿"), "")),
        },
        status=status,
    )


@login_required
@require_GET
def contribution_list(request: HttpRequest) -> HttpResponse:
    selectors.contribution_require_lawyer(request.user)
    return render(
        request,
        "news/contributions/list.html",
        {
            "page_obj": page(request, selectors.contribution_list_for_user(user=request.user)),
            "breadcrumbs": _contribution_crumbs((_("我的投稿"), "")),
        },
    )


@login_required
@require_GET
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = selectors.contribution_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "news/contributions/detail.html",
        {
            "contribution": contribution,
            "breadcrumbs": _contribution_crumbs(
                (_("我的投稿"), reverse("news:contribution_list")), (contribution.title, "")
            ),
        },
    )


@staff_powers
@login_required
@require_GET
def contribution_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The attachment of a contribution, from private storage, always as a download."""
    contribution = selectors.contribution_get_for_download(user=request.user, pk=pk)
    return private_download(
        contribution.attachment,
        filename=contribution.attachment_filename,
        content_type=contribution.attachment_content_type,
        cache_control="private, no-store",
    )
