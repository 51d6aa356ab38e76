"""Portal accounts of lawyers: activation by licence number and e-mail, unlinking."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import DomainError

from ..models import Lawyer, LawyerStatus
from ..permissions import can_unlink_account
from ..validators import normalise_code


def lawyer_for_activation(*, licence_no: str, name: str, email: str) -> Lawyer:
    """The lawyer a sign-up may activate, or DomainError saying why not.

    The licence number and name are public (the public lookup shows both), so saying
    which one is wrong leaks nothing. What proves identity is the e-mail: it must be the
    address registered with the association, and allauth then verifies it before the
    account can log in.
    """
    licence_no = normalise_code(licence_no)
    lawyer = Lawyer.objects.filter(licence_no=licence_no).first()
    if lawyer is None:
        raise DomainError(_("未找到该执业证号，请核对后重新输入。"), code="unknown_licence")
    if lawyer.name != (name or "").strip():
        raise DomainError(_("姓名与执业证号登记的姓名不一致。"), code="name_mismatch")
    if lawyer.status not in (LawyerStatus.PRACTISING, LawyerStatus.SUSPENDED):
        raise DomainError(
            _("该执业证已被吊销或注销，无法开通会员门户账户。"), code="not_practising"
        )
    if lawyer.user_id is not None:
        raise DomainError(
            _("该律师已开通门户账户，请直接登录；忘记密码可通过“找回密码”重设。"),
            code="already_linked",
        )
    if not lawyer.email or lawyer.email.lower() != (email or "").strip().lower():
        raise DomainError(
            _("请使用在协会登记的电子邮箱开通账户。如邮箱已变更，请先联系会员服务部更新登记信息。"),
            code="email_mismatch",
        )
    return lawyer


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
