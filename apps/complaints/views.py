"""Public pages: scope checker, intake, confirmation, tracking (no login needed)."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.core.exceptions import DomainError

from . import pow as pow_challenge
from . import ratelimit
from .forms import IntakeForm, ScopeForm, SupplementForm, TrackForm
from .models import Category
from .selectors import complaint_public_view, complaint_track, respondent_resolve
from .services import complaint_submit, complaint_supplement
from .validators import MAX_FILE_BYTES, MAX_FILES

# Intake: with the proof-of-work solved, 5 complaints an hour from one address; without
# it (no JavaScript), 2 a day — a person without JS can still file, a script cannot flood.
INTAKE_LIMIT = (5, 60 * 60)
INTAKE_NO_POW_LIMIT = (2, 24 * 60 * 60)
# Tracking: 10 wrong reference/code pairs per address per 15 minutes.
TRACK_FAIL_LIMIT = (10, 15 * 60)
SESSION_KEY = "complaints_tracked"
DONE_SESSION_KEY = "complaints_done"


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("投诉受理"), reverse("complaints:scope")), *extra]


def scope(request: HttpRequest) -> HttpResponse:
    """The checker: a GET form, so it works without JavaScript and can be bookmarked."""
    form = ScopeForm(request.GET or None)
    advice = form.advice() if form.is_bound and form.is_valid() else None
    return render(
        request,
        "complaints/scope.html",
        {"form": form, "advice": advice, "breadcrumbs": _crumbs((_("投诉前自查"), ""))},
    )


def _initial_for(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"complainant_name": getattr(user, "name", "") or "", "email": user.email}


def _intake_page(request: HttpRequest, form: IntakeForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "complaints/new.html",
        {
            "form": form,
            "challenge_json": json.dumps(pow_challenge.challenge_create()),
            "scope_url": reverse("complaints:scope"),
            "max_files": MAX_FILES,
            "max_mb": MAX_FILE_BYTES // (1024 * 1024),
            "breadcrumbs": _crumbs((_("提交投诉"), "")),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _intake_page(
            request, IntakeForm(initial={**_initial_for(request), "submit_token": uuid.uuid4()})
        )
    form = IntakeForm(request.POST, request.FILES)
    if not form.is_valid():
        return _intake_page(request, form, status=400)
    data = form.cleaned_data
    address = ratelimit.client_address(request)
    if data["pow"]:
        if not pow_challenge.verify(data["pow"]):
            form.add_error(None, _("人机验证未通过或已过期，请稍候片刻再提交。"))
            return _intake_page(request, form, status=400)
        # settings.COMPLAINTS_INTAKE_LIMIT exists only in `make soak` mode (bench/soak.py).
        limit, window = getattr(settings, "COMPLAINTS_INTAKE_LIMIT", INTAKE_LIMIT)
        allowed = ratelimit.hit("intake", address, limit=limit, window=window)
    else:
        allowed = ratelimit.hit(
            "intake-nojs", address, limit=INTAKE_NO_POW_LIMIT[0], window=INTAKE_NO_POW_LIMIT[1]
        )
    if not allowed:
        return render(request, "complaints/too_many.html", {"breadcrumbs": _crumbs()}, status=429)
    lawyer, firm, free_text = respondent_resolve(
        lawyer_name=data["respondent_lawyer_name"],
        licence_no=data["respondent_lawyer_licence"],
        firm_name=data["respondent_firm_name"],
    )
    try:
        submitted = complaint_submit(
            complainant_name=data["complainant_name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data["phone"],
            email=data["email"],
            address=data["address"],
            acting_for=data["acting_for"],
            principal_name=data["principal_name"],
            co_complainants=data["co_complainants"],
            respondent_lawyer=lawyer,
            respondent_firm=firm,
            respondent_text=free_text,
            category=data["category"],
            facts=data["facts"],
            request=data["request"],
            evidence=data["evidence"],
            power_of_attorney=data["power_of_attorney"],
            consent=data["consent"],
            submitted_by=request.user if request.user.is_authenticated else None,
            submit_token=data["submit_token"],
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _intake_page(request, form, status=400)
    # Shown once on the next page (post/redirect/get), then gone from the session.
    request.session[DONE_SESSION_KEY] = {
        "reference": submitted.complaint.reference,
        "code": submitted.tracking_code,
        "due_on": submitted.complaint.due_on.isoformat() if submitted.complaint.due_on else "",
    }
    return redirect("complaints:done")


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    info = request.session.pop(DONE_SESSION_KEY, None)
    if not info:
        return redirect("complaints:track")
    return render(
        request,
        "complaints/done.html",
        {"info": info, "breadcrumbs": _crumbs((_("投诉已提交"), ""))},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    address = ratelimit.client_address(request)
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if ratelimit.exceeded(
            "track-fail", address, limit=TRACK_FAIL_LIMIT[0], window=TRACK_FAIL_LIMIT[1]
        ):
            return render(
                request, "complaints/too_many.html", {"breadcrumbs": _crumbs()}, status=429
            )
        if form.is_valid():
            complaint = complaint_track(
                reference=form.cleaned_data["reference"], code=form.cleaned_data["code"]
            )
            if complaint is not None:
                request.session.cycle_key()
                request.session[SESSION_KEY] = complaint.pk
                return redirect("complaints:status")
            ratelimit.hit(
                "track-fail", address, limit=TRACK_FAIL_LIMIT[0], window=TRACK_FAIL_LIMIT[1]
            )
            # One message whether the reference exists or not.
            form.add_error(None, _("投诉编号或查询码不正确，请核对后重试。"))
        status = 400
    return render(
        request,
        "complaints/track.html",
        {"form": form, "breadcrumbs": _crumbs((_("投诉查询"), ""))},
        status=status,
    )


def _tracked_pk(request: HttpRequest) -> int:
    pk = request.session.get(SESSION_KEY)
    if not isinstance(pk, int):
        raise PermissionDenied
    return pk


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The tracked complaint's public view, and the form to add information."""
    if not isinstance(request.session.get(SESSION_KEY), int):
        return redirect("complaints:track")
    pk = _tracked_pk(request)
    form = SupplementForm(request.POST or None, request.FILES or None)
    code = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                complaint_supplement(
                    complaint=complaint_public_view(pk=pk).complaint,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已收到您补充的信息。"))
                return redirect("complaints:status")
        code = 400
    tracked = complaint_public_view(pk=pk)
    return render(
        request,
        "complaints/status.html",
        {
            "tracked": tracked,
            "complaint": tracked.complaint,
            "form": form,
            "categories": dict(Category.choices),
            "breadcrumbs": _crumbs(
                (_("投诉查询"), reverse("complaints:track")), (tracked.complaint.reference, "")
            ),
        },
        status=code,
    )


@require_http_methods(["POST"])
def track_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("complaints:track")
