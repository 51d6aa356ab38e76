from __future__ import annotations

from django.http import Http404

from apps.accounts.models import User

from ..models import OverseasGuideRun


def guide_run_get_for_user(*, user: User, pk: int) -> OverseasGuideRun:
    """A guide run is its requester's (superusers see all); anyone else gets 404."""
    runs = OverseasGuideRun.objects.filter(pk=pk)
    if not user.is_superuser:
        runs = runs.filter(requested_by=user)
    run = runs.first()
    if run is None:
        raise Http404
    return run


def guide_runs_for_user(*, user: User, limit: int = 10) -> list[OverseasGuideRun]:
    return list(OverseasGuideRun.objects.filter(requested_by=user).order_by("-created_at")[:limit])
