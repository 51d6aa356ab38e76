"""Portal pages for events, clubs and contests; the public list; calendar files; e-mail links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.exceptions import DomainError
from apps.members.models import Lawyer

from . import ical, selectors, services
from .forms import CheckinForm, EventFilterForm, RegistrationForm, VoteForm
from .links import LinkError

PAGE_SIZE = 20
LINK_STATUS = {"tampered": 400, "expired": 410, "used": 410}


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("会员门户"), reverse("members:home")),
        (_("活动与评选"), reverse("events:list")),
        *more,
    ]


def _lawyer(request: HttpRequest) -> Lawyer:
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    if lawyer is None:
        raise Http404
    return lawyer


def _filtered(request: HttpRequest) -> tuple[EventFilterForm, object]:
    form = EventFilterForm(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    page = Paginator(selectors.event_list_published(kind=kind), PAGE_SIZE)
    return form, page.get_page(request.GET.get("page"))


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form, page = _filtered(request)
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    mine = list(selectors.registration_list_for_user(user=request.user)[:20])  # type: ignore[arg-type]
    feed = selectors.feed_for_lawyer(lawyer=lawyer) if lawyer else None
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": page,
            "lawyer": lawyer,
            "mine": mine,
            "feed": feed,
            "breadcrumbs": _crumbs(),
        },
    )


@require_GET
def public_event_list(request: HttpRequest) -> HttpResponse:
    form, page = _filtered(request)
    return render(request, "events/public_list.html", {"form": form, "page": page})


def _event_page(
    request: HttpRequest,
    pk: int,
    *,
    form: RegistrationForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    event = selectors.event_get_published(pk=pk)
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    registration = selectors.registration_for(event=event, lawyer=lawyer)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "lawyer": lawyer,
            "registration": registration,
            "position": selectors.waitlist_position(registration=registration)
            if registration
            else None,
            "form": form or RegistrationForm(event=event),
            "error": error,
            "breadcrumbs": _crumbs((event.title, "")),
        },
        status=status,
    )


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_page(request, pk)


@login_required
@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_published(pk=pk)
    lawyer = _lawyer(request)
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return _event_page(request, pk, form=form, status=400)
    try:
        registration = services.registration_create(
            event=event, lawyer=lawyer, option=form.cleaned_data.get("option")
        )
    except DomainError as exc:
        return _event_page(request, pk, form=form, error=exc.message, status=409)
    if registration.status == "waitlisted":
        messages.info(
            request, _("名额已满，您已进入候补名单；有人取消时将按顺序自动递补并通知您。")
        )
    else:
        messages.success(request, _("报名成功。"))
    return redirect("events:event", pk=pk)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]
    try:
        services.registration_cancel(registration=registration)
    except DomainError as exc:
        return _event_page(request, registration.event_id, error=exc.message, status=409)
    messages.success(request, _("已取消报名。"))
    return redirect("events:event", pk=registration.event_id)


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get_published(pk=pk)
    body = ical.event_ical(
        event, url=request.build_absolute_uri(reverse("events:event", args=[pk]))
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{pk}.ics"'
    return response


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A lawyer's own events; the secret token in the URL is the only credential (a
    calendar app cannot log in). Renewing the token revokes the old URL."""
    lawyer, registrations = selectors.calendar_registrations(token=token)
    body = ical.lawyer_ical(_("%(name)s的协会活动") % {"name": lawyer.name}, registrations)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    lawyer = _lawyer(request)
    renew = selectors.feed_for_lawyer(lawyer=lawyer) is not None
    services.calendar_feed_get_or_create(lawyer=lawyer, renew=renew)
    messages.success(
        request,
        _("已生成新的订阅地址，旧地址已失效。") if renew else _("已生成日历订阅地址。"),
    )
    return redirect("events:list")


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    lawyer = _lawyer(request)
    status = 200
    if request.method == "POST":
        form = CheckinForm(request.POST)
        if form.is_valid():
            try:
                registration = services.checkin(lawyer=lawyer, code=form.cleaned_data["code"])
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                messages.success(
                    request, _("签到成功：%(title)s") % {"title": registration.event.title}
                )
                return redirect("events:event", pk=registration.event_id)
        status = 400
    else:
        form = CheckinForm(initial={"code": request.GET.get("code", "")[:8]})
    return render(
        request,
        "events/checkin.html",
        {"form": form, "breadcrumbs": _crumbs((_("活动签到"), ""))},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners prefetch links and must not cancel anything); POST acts."""
    if request.method == "GET":
        try:
            services.link_read(
                salt=services.CANCEL_LINK_SALT, token=token, max_age=services.CANCEL_LINK_MAX_AGE
            )
        except LinkError as exc:
            return render(
                request,
                "events/link_invalid.html",
                {"reason": exc.reason},
                status=LINK_STATUS[exc.reason],
            )
        return render(request, "events/link_cancel.html", {"token": token})
    try:
        registration = services.registration_cancel_by_link(token=token)
    except LinkError as exc:
        return render(
            request,
            "events/link_invalid.html",
            {"reason": exc.reason},
            status=LINK_STATUS[exc.reason],
        )
    except DomainError as exc:
        return render(
            request,
            "events/link_invalid.html",
            {"reason": "refused", "message": exc.message},
            status=409,
        )
    return render(request, "events/link_done.html", {"registration": registration})


@login_required
@require_GET
def club_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/club_list.html",
        {"clubs": list(selectors.club_list()), "breadcrumbs": _crumbs((_("俱乐部"), ""))},
    )


@login_required
@require_GET
def club_detail(request: HttpRequest, slug: str) -> HttpResponse:
    club = selectors.club_get(slug=slug)
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "events/club_detail.html",
        {
            "club": club,
            "is_member": selectors.club_is_member(club=club, lawyer=lawyer),
            "events": list(selectors.event_list_published(club=club)[:50]),
            "breadcrumbs": _crumbs((_("俱乐部"), reverse("events:clubs")), (club.name, "")),
        },
    )


@login_required
@require_POST
def club_join(request: HttpRequest, slug: str) -> HttpResponse:
    club = selectors.club_get(slug=slug)
    try:
        services.club_join(club=club, lawyer=_lawyer(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("events:club", slug=slug)
    messages.success(request, _("已加入%(club)s。") % {"club": club.name})
    return redirect("events:club", slug=slug)


@login_required
@require_POST
def club_leave(request: HttpRequest, slug: str) -> HttpResponse:
    club = selectors.club_get(slug=slug)
    services.club_leave(club=club, lawyer=_lawyer(request))
    messages.success(request, _("已退出%(club)s。") % {"club": club.name})
    return redirect("events:club", slug=slug)


@login_required
@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.contest_list_published(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "events/contest_list.html",
        {"page": page, "breadcrumbs": _crumbs((_("评选"), ""))},
    )


def _can_see_tallies(request: HttpRequest, contest) -> bool:
    return contest.tallies_visible() or request.user.has_perm("events.view_vote")


def _contest_page(request: HttpRequest, pk: int, *, error: str = "", status: int = 200):
    contest = selectors.contest_get_published(pk=pk)
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    tallies = _can_see_tallies(request, contest)
    return render(
        request,
        "events/contest_detail.html",
        {
            "contest": contest,
            "ballot": selectors.contest_ballot(
                contest=contest, lawyer=lawyer, with_tallies=tallies
            ),
            "tallies": tallies,
            "is_open": contest.is_open(),
            "error": error,
            "breadcrumbs": _crumbs((_("评选"), reverse("events:contests")), (contest.title, "")),
        },
        status=status,
    )


@login_required
@require_GET
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _contest_page(request, pk)


@login_required
@require_POST
def contest_vote(request: HttpRequest, pk: int) -> HttpResponse:
    contest = selectors.contest_get_published(pk=pk)
    lawyer = _lawyer(request)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _contest_page(request, pk, error=_("请选择要投票的参评项目。"), status=400)
    try:
        services.vote_cast(contest=contest, entry_id=form.cleaned_data["entry"], lawyer=lawyer)
    except DomainError as exc:
        return _contest_page(request, pk, error=exc.message, status=409)
    messages.success(request, _("投票成功，感谢参与。"))
    return redirect("events:contest", pk=pk)


@login_required
@require_GET
def contest_results(request: HttpRequest, pk: int) -> HttpResponse:
    contest = selectors.contest_get_published(pk=pk)
    if not _can_see_tallies(request, contest):
        return render(
            request,
            "events/contest_results.html",
            {
                "contest": contest,
                "hidden": True,
                "breadcrumbs": _crumbs(
                    (_("评选"), reverse("events:contests")), (contest.title, "")
                ),
            },
            status=403,
        )
    return render(
        request,
        "events/contest_results.html",
        {
            "contest": contest,
            "ballot": selectors.contest_ballot(contest=contest, lawyer=None, with_tallies=True),
            "breadcrumbs": _crumbs(
                (_("评选"), reverse("events:contests")),
                (contest.title, reverse("events:contest", args=[pk])),
                (_("结果"), ""),
            ),
        },
    )
