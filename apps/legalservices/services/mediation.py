from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError
from apps.members.models import Lawyer

from ..models import MediationRequest, Mediator
from ..selectors.help import MEDIATOR_MIN_YEARS
from .help import _insert_with_reference


def years_in_practice(lawyer: Lawyer, on: dt.date) -> int:
    first = lawyer.first_licensed
    return on.year - first.year - ((on.month, on.day) < (first.month, first.day))


def mediator_eligibility_check(*, lawyer: Lawyer, on: dt.date) -> None:
    """DomainError unless ``lawyer`` may be on the roster on ``on``: practising, and at
    least MEDIATOR_MIN_YEARS full years since first licensed (the service and the admin
    form both ask this)."""
    if not lawyer.is_practising:
        raise DomainError(_("只有执业律师可以担任调解律师。"))
    years = years_in_practice(lawyer, on)
    if years < MEDIATOR_MIN_YEARS:
        raise DomainError(
            _("调解律师须执业满三年：该律师 %(date)s 首次执业，至今执业 %(years)d 年。")
            % {"date": lawyer.first_licensed.isoformat(), "years": years}
        )


@transaction.atomic
def mediator_appoint(*, actor: User, lawyer: Lawyer, specialities: str = "") -> Mediator:
    """Put a lawyer on the roster: practising and at least 3 full years since licensed."""
    if not actor.has_perm("legalservices.add_mediator"):
        raise PermissionDenied
    today = timezone.localdate()
    mediator_eligibility_check(lawyer=lawyer, on=today)
    mediator, _created = Mediator.objects.update_or_create(
        lawyer=lawyer,
        defaults={"specialities": specialities, "is_active": True, "appointed_on": today},
    )
    return mediator


@transaction.atomic
def mediation_request_submit(*, data: dict[str, Any]) -> MediationRequest:
    mediation = MediationRequest(**data)
    mediation.reference = "pending"
    mediation.full_clean(exclude=["reference"])
    return _insert_with_reference(mediation, "TJ")
