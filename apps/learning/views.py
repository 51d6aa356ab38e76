"""Portal pages of the CLE academy, the member card, and its public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.exceptions import DomainError
from apps.members.models import Lawyer

from . import card as member_card
from . import selectors, services
from .forms import CardPhotoForm, CheckinForm, CourseFilterForm
from .models import Enrolment
from .pdf import certificate_pdf

PAGE_SIZE = 20


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("会员门户"), reverse("members:home")),
        (_("律师云学院"), reverse("learning:home")),
        *more,
    ]


def _lawyer(request: HttpRequest) -> Lawyer:
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    if lawyer is None:
        raise Http404
    return lawyer


@login_required
@require_GET
def learning_home(request: HttpRequest) -> HttpResponse:
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    if lawyer is None:
        return render(request, "members/portal_no_profile.html", {})
    year = timezone.localdate().year
    enrolments = list(selectors.enrolment_list_for_user(user=request.user)[:50])  # type: ignore[arg-type]
    return render(
        request,
        "learning/home.html",
        {
            "lawyer": lawyer,
            "progress": selectors.progress_for_lawyer(lawyer=lawyer, year=year),
            "last_progress": selectors.progress_for_lawyer(lawyer=lawyer, year=year - 1),
            "enrolments": enrolments,
            "breadcrumbs": _crumbs(),
            "breadcrumbs_home": True,
        },
    )


@login_required
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    form = CourseFilterForm(request.GET or None)
    category = mode = ""
    if form.is_valid():
        category = form.cleaned_data["category"]
        mode = form.cleaned_data["mode"]
    page = Paginator(selectors.course_list_published(category=category, mode=mode), PAGE_SIZE)
    courses = page.get_page(request.GET.get("page"))
    return render(
        request,
        "learning/course_list.html",
        {"form": form, "page": courses, "breadcrumbs": _crumbs((_("课程"), ""))},
    )


def _course_page(
    request: HttpRequest, course_pk: int, *, error: str = "", status: int = 200
) -> HttpResponse:
    course = selectors.course_get_published(pk=course_pk)
    lawyer = selectors.lawyer_for_user(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "lawyer": lawyer,
            "enrolment": selectors.enrolment_for(course=course, lawyer=lawyer),
            "error": error,
            "breadcrumbs": _crumbs((_("课程"), reverse("learning:courses")), (course.title, "")),
        },
        status=status,
    )


@login_required
@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_page(request, pk)


@login_required
@require_POST
def course_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get_published(pk=pk)
    lawyer = _lawyer(request)
    try:
        services.enrolment_create(course=course, lawyer=lawyer)
    except DomainError as exc:
        return _course_page(request, pk, error=exc.message, status=409)
    messages.success(request, _("报名成功。"))
    return redirect("learning:course", pk=pk)


def _enrolment_action(request: HttpRequest, pk: int) -> Enrolment:
    return selectors.enrolment_get_for_user(user=request.user, pk=pk)  # type: ignore[arg-type]


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_action(request, pk)
    try:
        services.enrolment_cancel(enrolment=enrolment)
    except DomainError as exc:
        return _course_page(request, enrolment.course_id, error=exc.message, status=409)
    messages.success(request, _("已取消报名。"))
    return redirect("learning:course", pk=enrolment.course_id)


@login_required
@require_POST
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_action(request, pk)
    try:
        credit = services.enrolment_complete(enrolment=enrolment)
    except DomainError as exc:
        return _course_page(request, enrolment.course_id, error=exc.message, status=409)
    messages.success(request, _("课程已完成，计入 %(hours)s 学时。") % {"hours": credit.hours})
    return redirect("learning:home")


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    lawyer = _lawyer(request)
    status = 200
    if request.method == "POST":
        form = CheckinForm(request.POST)
        if form.is_valid():
            try:
                credit = services.checkin(lawyer=lawyer, code=form.cleaned_data["code"])
            except services.CheckinThrottled as exc:
                form.add_error("code", exc.message)
                status = 429
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                messages.success(
                    request,
                    _("签到成功：%(title)s，计入 %(hours)s 学时。")
                    % {"title": credit.title, "hours": credit.hours},
                )
                return redirect("learning:home")
        status = status if status == 429 else 400
    else:
        form = CheckinForm(initial={"code": request.GET.get("code", "")[:8]})
    return render(
        request,
        "learning/checkin.html",
        {"form": form, "breadcrumbs": _crumbs((_("现场签到"), ""))},
        status=status,
    )


@login_required
@require_GET
def certificate(request: HttpRequest, year: int) -> HttpResponse:
    """The signed-in lawyer's own certificate of hours for ``year`` (no id in the URL)."""
    lawyer = _lawyer(request)
    today = timezone.localdate()
    if year < lawyer.first_licensed.year or year > today.year:
        raise Http404
    progress = selectors.progress_for_lawyer(lawyer=lawyer, year=year)
    credits = list(selectors.credits_for_year(lawyer=lawyer, year=year))
    pdf = certificate_pdf(lawyer=lawyer, progress=progress, credits=credits)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cle-{year}-{lawyer.licence_no}.pdf"'
    return response


def _card_page(
    request: HttpRequest, lawyer: Lawyer, form: CardPhotoForm, status: int = 200
) -> HttpResponse:
    token = member_card.card_token(lawyer=lawyer)
    url = request.build_absolute_uri(reverse("learning_public:verify", args=[token]))
    return render(
        request,
        "learning/card.html",
        {
            "lawyer": lawyer,
            "photo": selectors.card_photo_for(lawyer=lawyer),
            "photo_form": form,
            "qr": member_card.qr_svg(url),
            "verify_url": url,
            "valid_hours": member_card.CARD_MAX_AGE // 3600,
            "breadcrumbs": [(_("会员门户"), reverse("members:home")), (_("电子会员证"), "")],
        },
        status=status,
    )


@login_required
@require_GET
@never_cache
def card(request: HttpRequest) -> HttpResponse:
    return _card_page(request, _lawyer(request), CardPhotoForm())


@login_required
@require_POST
@never_cache
def card_photo(request: HttpRequest) -> HttpResponse:
    """The lawyer's own photo (card and public lawyer page)."""
    lawyer = _lawyer(request)
    form = CardPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.card_photo_set(
                lawyer=lawyer,
                actor=request.user,  # type: ignore[arg-type]
                file=form.cleaned_data["photo"],
            )
        except DomainError as exc:
            form.add_error("photo", exc.message)
        else:
            messages.success(request, _("照片已更新。"))
            return redirect("learning:card")
    return _card_page(request, lawyer, form, status=400)


@require_GET
@never_cache
def card_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Public: who the card belongs to, now. Nothing private (no contacts, no ID number)."""
    try:
        lawyer_id = member_card.card_lawyer_id(token=token)
    except member_card.CardExpired:
        return render(request, "learning/card_invalid.html", {"expired": True}, status=410)
    except member_card.CardInvalid:
        return render(request, "learning/card_invalid.html", {"expired": False}, status=400)
    lawyer = Lawyer.objects.select_related("firm").filter(pk=lawyer_id).first()
    if lawyer is None:
        return render(request, "learning/card_invalid.html", {"expired": False}, status=404)
    return render(
        request,
        "learning/card_verify.html",
        {
            "lawyer": lawyer,
            "photo": selectors.card_photo_for(lawyer=lawyer),
            "checked_at": timezone.now(),
        },
    )
