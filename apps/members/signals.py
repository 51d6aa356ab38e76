"""Cache invalidation only (no domain flow): member counts change with these rows."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import LawFirm, Lawyer, Membership
from .selectors import member_counts_invalidate


@receiver(post_save, sender=Lawyer, dispatch_uid="members_counts_lawyer_save")
@receiver(post_delete, sender=Lawyer, dispatch_uid="members_counts_lawyer_delete")
@receiver(post_save, sender=LawFirm, dispatch_uid="members_counts_firm_save")
@receiver(post_delete, sender=LawFirm, dispatch_uid="members_counts_firm_delete")
@receiver(post_save, sender=Membership, dispatch_uid="members_counts_membership_save")
@receiver(post_delete, sender=Membership, dispatch_uid="members_counts_membership_delete")
def _member_counts_changed(sender: type, **kwargs: Any) -> None:
    member_counts_invalidate()
