"""The inbox at /notifications/: list, read one, mark one or all read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.services import user_language_set

from . import selectors, services
from .forms import EmailLanguageForm
from .rendering import notification_body, notification_title

PAGE_SIZE = 20


def _breadcrumbs(*tail: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("会员门户"), reverse("members:home")),
        (_("站内通知"), reverse("notifications:inbox")),
        *tail,
    ]


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("notifications:inbox")


def _inbox_page(
    request: HttpRequest, *, language_form: EmailLanguageForm | None = None, status: int = 200
) -> HttpResponse:
    unread_only = request.GET.get("filter") == "unread"
    notifications = selectors.notification_list_for_user(user=request.user, unread_only=unread_only)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread_only": unread_only,
            "breadcrumbs": _breadcrumbs(),
            "language_form": language_form
            or EmailLanguageForm(initial={"language": request.user.language}),
        },
        status=status,
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    return _inbox_page(request)


@login_required
@require_POST
def email_language(request: HttpRequest) -> HttpResponse:
    """The user's own e-mail language (nobody else's: it is always request.user)."""
    form = EmailLanguageForm(request.POST)
    if not form.is_valid():
        return _inbox_page(request, language_form=form, status=400)
    user_language_set(user=request.user, language=form.cleaned_data["language"])
    messages.success(request, _("已保存通知邮件语言。"))
    return HttpResponseRedirect(reverse("notifications:inbox") + "#email-settings")


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification is reading it (idempotent; the first read time is kept)."""
    notification = selectors.notification_get_for_user(user=request.user, pk=pk)
    services.notification_mark_read(notification=notification)
    title = notification_title(notification)
    return render(
        request,
        "notifications/detail.html",
        {
            "notification": notification,
            "title": title,
            "body": notification_body(notification),
            "breadcrumbs": _breadcrumbs((title, "")),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get_for_user(user=request.user, pk=pk)
    services.notification_mark_read(notification=notification)
    return HttpResponseRedirect(_next_url(request))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext("已将 %(count)d 条通知标为已读。", "已将 %(count)d 条通知标为已读。", count)
            % {"count": count},
        )
    return HttpResponseRedirect(_next_url(request))
