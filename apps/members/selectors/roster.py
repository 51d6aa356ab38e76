"""Reads for roster changes in the portal, scoped through firms.firm_get_for_user."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User

from ..models import LawFirm, Lawyer, RosterChange
from .firms import firm_get_for_user


def roster_change_list_for_user(*, user: User, firm_pk: int) -> QuerySet[RosterChange]:
    """The firm's requests, newest first: administrators and member services may read."""
    firm = firm_get_for_user(user=user, pk=firm_pk)
    return (
        RosterChange.objects.filter(firm=firm)
        .select_related("lawyer", "requested_by")
        .order_by("-created_at", "-pk")
    )


def roster_change_get_for_user(*, user: User, firm_pk: int, pk: int) -> RosterChange:
    """One of the firm's requests, for its administrators to act on; 404 if not the firm's."""
    firm = firm_get_for_user(user=user, pk=firm_pk, for_change=True)
    change = RosterChange.objects.select_related("firm", "lawyer").filter(pk=pk, firm=firm).first()
    if change is None:
        raise Http404
    return change


def roster_lawyer_get_for_user(*, user: User, firm_pk: int, pk: int) -> tuple[LawFirm, Lawyer]:
    """A lawyer on the firm's roster, for a LEAVE request; 404 if not on this roster."""
    firm = firm_get_for_user(user=user, pk=firm_pk, for_change=True)
    lawyer = Lawyer.objects.filter(pk=pk, firm=firm).first()
    if lawyer is None:
        raise Http404
    return firm, lawyer
