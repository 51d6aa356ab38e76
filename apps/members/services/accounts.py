"""Portal accounts of lawyers: activation by licence number and e-mail, unlinking.

Activation (the threat model, and why the flow is shaped so)
-------------------------------------------------------------
A lawyer's licence number and name are public (the public lookup shows both). What proves
that the person at the keyboard *is* the lawyer is control of the e-mail address on the
lawyer's record. So:

1. Sign-up (allauth's, with ``forms.LawyerActivationForm``) asks for licence number, name,
   the address on record and a password. :func:`lawyer_activation_start` checks them and
   answers only "go on" or "no" — never which detail was wrong, never whether the lawyer
   already has an account. Both answers lead to the *same* page: "enter the code we sent
   to <address>" (allauth's enumeration prevention; for a "no" the code page accepts no
   code, and the address typed in gets a generic "could not activate" e-mail).
2. On "go on" an unverified account is created, *not linked to anyone*; allauth mails a
   code to the address, which must be typed into the same browser session
   (ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED). Nobody else's click on a link can
   verify this account any more.
3. Only when the address is confirmed does :func:`lawyer_activation_complete` (connected
   to allauth's ``email_confirmed`` in MembersConfig.ready) link the lawyer record.
4. Every attempt on a record — accepted or refused — is mailed to the address on that
   record (:func:`lawyer_activation_notice`), so a lawyer learns of attempts on their name.

An unverified account squatting on a lawyer's address (someone who knew the address
signed up, then could not verify) is discarded by the next sign-up with that address
once the code has expired (accounts.services.unconfirmed_user_discard).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.services import unconfirmed_user_discard
from apps.core.exceptions import DomainError

from ..models import Lawyer, LawyerStatus
from ..permissions import can_unlink_account
from ..validators import normalise_code

ACTIVATION_NOTICE_KEY = "members_activation_attempt"
# Session key: the lawyer a sign-up in this browser session is activating (step 2 → 3).
ACTIVATION_SESSION_KEY = "members.activation_lawyer"
ACTIVATABLE = (LawyerStatus.PRACTISING, LawyerStatus.SUSPENDED)


def _same_email(a: str, b: str) -> bool:
    return bool(a) and bool(b) and a.strip().lower() == b.strip().lower()


@dataclass(frozen=True)
class ActivationStart:
    """What :func:`lawyer_activation_start` decided. ``lawyer`` is set only when the
    sign-up may go on; callers must answer the visitor identically either way."""

    lawyer: Lawyer | None
    # The record the licence number named (None for an unknown number); told of the attempt.
    record: Lawyer | None


@transaction.atomic
def lawyer_activation_start(
    *, licence_no: str, name: str, email: str, ip: str = "", user_agent: str = ""
) -> ActivationStart:
    """Decide whether a sign-up may go on to e-mail verification; tell the record's owner.

    It may when the licence number names a practising or suspended lawyer without a
    portal account, whose name and address on record are the ones given, and no account
    holds the address (an unverified one past its code's lifetime is discarded first).
    The lawyer row is locked, so two concurrent sign-ups for one record are serialised.
    """
    record = (
        Lawyer.objects.select_for_update().filter(licence_no=normalise_code(licence_no)).first()
    )
    if record is None:
        return ActivationStart(lawyer=None, record=None)
    details_match = (
        record.name == (name or "").strip()
        and record.status in ACTIVATABLE
        and record.user_id is None
        and _same_email(record.email, email)
    )
    address_free = details_match and unconfirmed_user_discard(
        email=email,
        older_than=dt.timedelta(seconds=settings.ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT),
    )
    accepted = bool(details_match and address_free)
    lawyer_activation_notice(lawyer=record, accepted=accepted, ip=ip, user_agent=user_agent)
    return ActivationStart(lawyer=record if accepted else None, record=record)


def lawyer_activation_notice(
    *, lawyer: Lawyer, accepted: bool, ip: str = "", user_agent: str = ""
) -> None:
    """Mail the address on ``lawyer``'s record about an activation attempt on it.

    A lawyer with a portal account gets it through the notifications outbox (and inbox).
    One without an account has no User the outbox could address, so the same e-mail
    template is sent by members' own task (tasks.activation_notice_send), enqueued on
    commit and retried with back-off on SMTP errors.
    """
    if not lawyer.email and lawyer.user_id is None:
        return
    context: dict[str, Any] = {
        "lawyer_name": lawyer.name,
        "licence_tail": lawyer.licence_no[-4:],
        "attempted_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "ip": ip[:64],
        "user_agent": user_agent[:200],
        "accepted": accepted,
        "has_account": lawyer.user_id is not None,
    }
    account = lawyer.user if lawyer.user_id is not None else None
    if account is not None:
        from apps.notifications.services import notification_create

        notification_create(
            recipient=account,
            key=ACTIVATION_NOTICE_KEY,
            context=context,
            url="/accounts/password/reset/",
        )
        return
    from ..tasks import activation_notice_send

    lawyer_id = lawyer.pk
    transaction.on_commit(lambda: activation_notice_send.delay(lawyer_id, context))


def lawyer_activation_notice_deliver(*, lawyer_id: int, context: dict[str, Any]) -> bool:
    """Send the attempt notice to the address on record (no outbox row: see above).

    False when there is nobody to write to any more (no address, or the lawyer has since
    got an account — then the outbox would have been used). SMTP errors propagate to the
    task's retry policy.
    """
    from django.core.mail import EmailMultiAlternatives

    from apps.notifications.rendering import email_render

    lawyer = Lawyer.objects.filter(pk=lawyer_id).first()
    if lawyer is None or not lawyer.email:
        return False
    # The rendering helper addresses a User; an unsaved one carries the name and address.
    recipient = User(email=lawyer.email, name=lawyer.name)
    rendered = email_render(
        key=ACTIVATION_NOTICE_KEY,
        context=context,
        recipient=recipient,
        url="/accounts/signup/",
        language=settings.LANGUAGE_CODE,
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[lawyer.email],
        headers={"Auto-Submitted": "auto-generated", "X-Notification-Key": ACTIVATION_NOTICE_KEY},
    )
    if rendered.html is not None:
        message.attach_alternative(rendered.html, "text/html")
    message.send()
    return True


@transaction.atomic
def lawyer_activation_complete(
    *, user: User, email: str, lawyer_id: int | None = None
) -> Lawyer | None:
    """Link the lawyer whose address on record ``user`` has just confirmed.

    ``lawyer_id`` is the lawyer the sign-up in this browser session named (the session
    key written at sign-up); without it (the code was typed in a later login), the one
    lawyer without an account whose address on record this is. None when there is no
    such lawyer (staff confirming an address, a lawyer already linked meanwhile).
    """
    if user.is_staff or Lawyer.objects.filter(user=user).exists():
        return None
    candidates = Lawyer.objects.select_for_update().filter(
        status__in=ACTIVATABLE, user__isnull=True, email__iexact=email.strip()
    )
    if lawyer_id is not None:
        candidates = candidates.filter(pk=lawyer_id)
    found = list(candidates[:2])
    if len(found) != 1:
        return None
    try:
        return lawyer_account_link(lawyer=found[0], user=user)
    except DomainError:
        return None


@transaction.atomic
def lawyer_account_link(*, lawyer: Lawyer, user: User) -> Lawyer:
    """Link a portal account to a lawyer; of two concurrent sign-ups only one wins.

    The lawyer row is locked, so a second sign-up waits and then finds it linked; the
    one-to-one constraint on `user` backs this up against any other writer.
    """
    locked = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    if locked.user_id is not None:
        raise DomainError(
            _("该律师已开通门户账户，请直接登录；忘记密码可通过“找回密码”重设。"),
            code="already_linked",
        )
    if locked.status not in (LawyerStatus.PRACTISING, LawyerStatus.SUSPENDED):
        raise DomainError(
            _("该执业证已被吊销或注销，无法开通会员门户账户。"), code="not_practising"
        )
    if Lawyer.objects.filter(user=user).exists():
        raise DomainError(_("该账户已关联其他律师。"), code="user_taken")
    locked.user = user
    try:
        with transaction.atomic():
            locked.save(update_fields=["user", "updated_at"])
    except IntegrityError as exc:
        raise DomainError(
            _("该律师已开通门户账户，请直接登录；忘记密码可通过“找回密码”重设。"),
            code="already_linked",
        ) from exc
    if user.name != locked.name:
        user.name = locked.name
        user.save(update_fields=["name"])
    lawyer.user = user
    return locked


@transaction.atomic
def lawyer_account_unlink(*, lawyer: Lawyer, actor: User) -> Lawyer:
    """Detach the portal account (e.g. an account opened with a wrong address).

    Only staff who may change lawyers' records (PermissionDenied otherwise).
    """
    if not can_unlink_account(actor):
        raise PermissionDenied
    locked = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    locked.user = None
    locked.save(update_fields=["user", "updated_at"])
    return locked
