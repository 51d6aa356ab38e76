"""Cache invalidation: a save or delete of a model behind a public figure bumps the
snapshot version after the transaction commits — once per transaction, however many
rows it wrote (the bump is registered with on_commit only if it is not already there)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

# app_label.ModelName of every model a figure reads.
WATCHED_MODELS: tuple[str, ...] = (
    "members.Lawyer",
    "members.LawFirm",
    "members.Membership",
    "partyorg.PartyOrganization",
    "partyorg.PartyMember",
    "partyorg.Affiliation",
    "partyorg.OrgFirm",
    "partyorg.FirmLiaison",
    "partyorg.CommitteePosition",
    "partyorg.TrainingAttendance",
    "partyorg.Honor",
    "legalservices.ProBonoRecord",
    "legalservices.ProBonoEvent",
    "legalservices.OverseasOffice",
    "legalservices.BusinessFeedback",
    "complaints.Complaint",
    "complaints.Decision",
    "learning.CreditEntry",
    "stats.YearlySnapshot",
)


def _bump() -> None:
    from .services.snapshot import stats_invalidate

    stats_invalidate()


def data_changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    connection = transaction.get_connection()
    pending = getattr(connection, "_stats_pending_bump", None)
    if (
        pending is not None
        and connection.in_atomic_block
        and any(entry[1] is pending for entry in connection.run_on_commit)
    ):
        return  # this transaction already bumps once when it commits

    def bump() -> None:
        if getattr(connection, "_stats_pending_bump", None) is bump:
            connection._stats_pending_bump = None  # type: ignore[attr-defined]
        _bump()

    bump.stats_bump = True  # type: ignore[attr-defined]
    connection._stats_pending_bump = bump  # type: ignore[attr-defined]
    # robust: a cache outage must not break the save that triggered the bump.
    transaction.on_commit(bump, robust=True)


def connect_all() -> list[str]:
    connected = []
    for label in WATCHED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:  # an app not installed
            continue
        post_save.connect(data_changed, sender=model, dispatch_uid=f"stats_save_{label}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"stats_delete_{label}")
        connected.append(label)
    return connected
