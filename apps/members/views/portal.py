"""The member portal home: the lawyer's own record, administered firms and the panels."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core.panels import panels_annotations, panels_render

from .. import selectors


@login_required
@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    # One query for the lawyer and what the panels annotate on it (apps.core.panels).
    lawyer = selectors.lawyer_for_portal_home(
        user=request.user, annotations=panels_annotations("portal.home", request)
    )
    if lawyer is None:
        # Staff and other accounts without a lawyer record: say where to go instead.
        return render(request, "members/portal_no_profile.html", {})
    return render(
        request,
        "members/portal_home.html",
        {
            "lawyer": lawyer,
            "years_in_practice": selectors.years_in_practice(lawyer=lawyer),
            "practice_areas": selectors.portal_practice_areas(lawyer),
            # Most lawyers administer no firm: then no query at all.
            "administered_firms": selectors.portal_administered_firms(lawyer),
            # This fee year's dues (members.panels.dues) and what other apps add (CLE
            # hours, events, bookings, complaints to answer, …).
            "panels": panels_render("portal.home", request, lawyer),
        },
    )
