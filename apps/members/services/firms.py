"""The firm record kept by its administrators, and the administrators themselves."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..models import FirmAdministrator, LawFirm, Lawyer, LawyerStatus

# Fields of the firm record that the firm's administrators keep themselves; the rest
# (name, codes, district, status, type) come from the justice bureau via staff.
FIRM_CONTACT_FIELDS = ("name_en", "address", "phone", "email", "website")


@transaction.atomic
def firm_contact_update(*, firm: LawFirm, data: dict[str, Any]) -> LawFirm:
    """Update the firm's public contact record; only FIRM_CONTACT_FIELDS may change."""
    unknown = set(data) - set(FIRM_CONTACT_FIELDS)
    if unknown:
        raise DomainError(_("不能修改这些字段：%s") % "、".join(sorted(unknown)))
    locked = LawFirm.objects.select_for_update().get(pk=firm.pk)
    for field, value in data.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def firm_administrator_appoint(
    *, firm: LawFirm, lawyer: Lawyer, appointed_by: User | None = None
) -> FirmAdministrator:
    """Make a practising lawyer of the firm one of its administrators, and tell them."""
    if lawyer.firm_id != firm.pk:
        raise DomainError(_("律所管理员必须是本所执业律师。"), code="not_in_firm")
    if lawyer.status != LawyerStatus.PRACTISING:
        raise DomainError(_("只有执业状态的律师可以担任律所管理员。"), code="not_practising")
    admin, created = FirmAdministrator.objects.get_or_create(
        firm=firm, lawyer=lawyer, defaults={"appointed_by": appointed_by}
    )
    if created and lawyer.user is not None:
        from apps.notifications.services import notification_create

        notification_create(
            recipient=lawyer.user,
            key="members_firm_admin_appointed",
            context={"firm_name": firm.name, "lawyer_name": lawyer.name},
            url=reverse("members:firm_detail", kwargs={"pk": firm.pk}),
        )
    return admin


@transaction.atomic
def firm_administrator_remove(*, firm: LawFirm, lawyer: Lawyer) -> None:
    FirmAdministrator.objects.filter(firm=firm, lawyer=lawyer).delete()
