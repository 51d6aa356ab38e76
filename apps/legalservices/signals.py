"""Search reindexing (the one use of signals the house style allows): a saved lawyer or
firm updates its lookup entry at once. Bulk writes skip signals; see services.search."""

from __future__ import annotations

from typing import Any

from apps.members.models import LawFirm, Lawyer

from .models import LawyerSearchEntry
from .services.search import firms_reindex, lawyers_reindex


def lawyer_saved(sender: type, instance: Lawyer, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    previous_firm = (
        LawyerSearchEntry.objects.filter(pk=instance.pk).values_list("firm_id", flat=True).first()
    )
    lawyers_reindex(lawyer_ids=[instance.pk])
    firms_reindex(firm_ids={f for f in (instance.firm_id, previous_firm) if f})


def lawyer_areas_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Lawyer):
        lawyers_reindex(lawyer_ids=[instance.pk])
        if instance.firm_id:
            firms_reindex(firm_ids=[instance.firm_id])
    else:  # changed from the practice area's side
        lawyer_ids = kwargs.get("pk_set") or []
        lawyers_reindex(lawyer_ids=lawyer_ids)


def firm_saved(sender: type, instance: LawFirm, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    firms_reindex(firm_ids=[instance.pk])
    LawyerSearchEntry.objects.filter(firm_id=instance.pk).update(district_id=instance.district_id)
