"""Reads for rights and relief: everything scoped to the signed-in user (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.members.models import FirmAdministrator

from .models import ReliefApplication, ReliefStatus, RightsReport


def report_list_for_user(*, user: User) -> QuerySet[RightsReport]:
    return RightsReport.objects.filter(lawyer__user=user, lawyer__user__isnull=False).order_by(
        "-submitted_at", "-pk"
    )


def report_get_for_user(*, user: User, pk: int) -> RightsReport:
    report = report_list_for_user(user=user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def relief_list_for_user(*, user: User) -> QuerySet[ReliefApplication]:
    return ReliefApplication.objects.filter(lawyer__user=user, lawyer__user__isnull=False).order_by(
        "-submitted_at", "-pk"
    )


def relief_get_for_user(*, user: User, pk: int) -> ReliefApplication:
    application = relief_list_for_user(user=user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def _administered_firm_ids(user: User) -> QuerySet[FirmAdministrator, Any]:
    return FirmAdministrator.objects.live().filter(lawyer__user=user).values("firm_id")


def relief_endorse_list_for_user(*, user: User) -> QuerySet[ReliefApplication]:
    """Applications from the firms ``user`` administers (any state; awaiting first)."""
    return (
        ReliefApplication.objects.filter(firm_id_at_application__in=_administered_firm_ids(user))
        .exclude(lawyer__user=user)
        .select_related("lawyer")
        .order_by("-submitted_at", "-pk")
    )


def relief_get_for_endorser(*, user: User, pk: int) -> ReliefApplication:
    application = relief_endorse_list_for_user(user=user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def relief_awaiting_count_for_user(*, user: User) -> int:
    return (
        relief_endorse_list_for_user(user=user)
        .filter(status=ReliefStatus.AWAITING_ENDORSEMENT)
        .count()
    )
