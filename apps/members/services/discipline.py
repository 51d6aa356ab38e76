"""What a disciplinary decision does to a membership.

The complaints app decides; members applies the effect on the membership it owns:

* 中止会员权利 (suspension of member rights) for N months: the membership's rights are
  suspended from the decision day to the day before the same date N months later. While
  suspended the lawyer keeps their portal account (their record, dues, the complaint) but
  is not a *current member* (``permissions.is_practising_member``), so members-only
  content and sign-ups are closed to them.
* 取消会员资格 (expulsion): the membership ends on the decision day.

Each effect records its ``source`` (the complaint reference). A later decision on the same
complaint (after a review) first lifts exactly what that source imposed, then applies the
new effect; an effect imposed by another source is never touched.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from dateutil.relativedelta import relativedelta
from django.db import transaction

from ..models import LawFirm, Lawyer, Membership

SanctionEffect = Literal["suspension", "expulsion"]


def _membership_locked(*, lawyer: Lawyer | None, firm: LawFirm | None) -> Membership | None:
    qs = Membership.objects.select_for_update()
    if lawyer is not None:
        return qs.filter(lawyer=lawyer).first()
    if firm is not None:
        return qs.filter(firm=firm).first()
    return None


def _lift(membership: Membership, *, source: str) -> list[str]:
    changed: list[str] = []
    if membership.sanction_source != source:
        return changed
    if membership.rights_suspended_from is not None:
        membership.rights_suspended_from = None
        membership.rights_suspended_until = None
        changed += ["rights_suspended_from", "rights_suspended_until"]
    if membership.ended_on is not None:
        membership.ended_on = None
        changed.append("ended_on")
    membership.sanction_source = ""
    changed.append("sanction_source")
    return changed


@transaction.atomic
def membership_sanction_apply(
    *,
    lawyer: Lawyer | None,
    firm: LawFirm | None = None,
    effect: SanctionEffect | None,
    starts_on: dt.date,
    months: int | None = None,
    source: str,
) -> Membership | None:
    """Apply a decision's effect (or none) to the lawyer's, else the firm's, membership.

    ``effect=None`` lifts whatever ``source`` imposed earlier (a review decided otherwise).
    Returns the membership, or None when the respondent has none (not a member: nothing
    to suspend). Callers are services that have checked their own permission to decide.
    """
    membership = _membership_locked(lawyer=lawyer, firm=firm)
    if membership is None:
        return None
    changed = set(_lift(membership, source=source))
    if effect == "suspension":
        if months is None or months < 1:
            raise ValueError("a suspension needs a positive number of months")
        membership.rights_suspended_from = starts_on
        membership.rights_suspended_until = starts_on + relativedelta(months=months, days=-1)
        membership.sanction_source = source
        changed |= {"rights_suspended_from", "rights_suspended_until", "sanction_source"}
    elif effect == "expulsion" and membership.ended_on is None:
        membership.ended_on = max(starts_on, membership.member_since)
        membership.sanction_source = source
        changed |= {"ended_on", "sanction_source"}
    if changed:
        membership.full_clean()
        membership.save(update_fields=sorted(changed))
    return membership
