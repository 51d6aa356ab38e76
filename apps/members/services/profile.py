"""A lawyer keeps their own contact details and public profile; the rest goes via staff."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..models import Language, Lawyer, PracticeArea

# What the lawyer edits in the portal. Name, licence number, category, firm, status and
# first-licensed date are the justice bureau's register: only member services change them.
LAWYER_PROFILE_FIELDS = ("email", "mobile", "languages")
MAX_PRACTICE_AREAS = 5


@transaction.atomic
def lawyer_profile_update(
    *,
    lawyer: Lawyer,
    actor: User,
    data: dict[str, Any],
    practice_areas: Iterable[PracticeArea] | None = None,
) -> Lawyer:
    """Update the lawyer's own contacts, languages and practice areas (history kept)."""
    if lawyer.user_id is None or actor.pk != lawyer.user_id:
        raise PermissionDenied
    unknown = set(data) - set(LAWYER_PROFILE_FIELDS)
    if unknown:
        raise DomainError(_("不能修改这些字段：%s") % "、".join(sorted(unknown)))
    languages = data.get("languages")
    if languages is not None and not set(languages) <= set(Language.values):
        raise DomainError(_("工作语言不在可选范围内。"))
    locked = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    for field, value in data.items():
        setattr(locked, field, value)
    if "email" in data:
        locked.email = (locked.email or "").strip().lower()
    locked.full_clean()
    locked.save()
    if practice_areas is not None:
        areas = list(practice_areas)
        if len(areas) > MAX_PRACTICE_AREAS:
            raise DomainError(_("业务领域最多选择 %(count)s 项。") % {"count": MAX_PRACTICE_AREAS})
        locked.practice_areas.set(areas)
    return locked
