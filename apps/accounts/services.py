from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from apps.accounts.models import Language, User
from apps.accounts.roles import ROLE_GROUP_NAMES, ROLE_PERMISSIONS, Role

logger = logging.getLogger(__name__)


@dataclass
class RolesSyncResult:
    """What roles_sync() did. ``unknown`` lists codenames of installed apps that do not
    exist (a typo in roles.py); ``skipped`` those of apps not installed yet."""

    groups_created: list[str] = field(default_factory=list)
    assigned: dict[Role, list[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _app_has_models(app_label: str) -> bool:
    try:
        app_config = django_apps.get_app_config(app_label)
    except LookupError:
        return False
    return any(True for _ in app_config.get_models())


@transaction.atomic
def roles_sync(*, using: str = DEFAULT_DB_ALIAS) -> RolesSyncResult:
    """Make every role group exist with exactly the permissions of ROLE_PERMISSIONS.

    Idempotent; runs after every migrate (post_migrate) and from ``manage.py sync_roles``.
    """
    result = RolesSyncResult()
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    codenames_by_app: dict[str, set[str]] = defaultdict(set)
    for perm in wanted:
        app_label, codename = perm.split(".", 1)
        codenames_by_app[app_label].add(codename)

    existing: dict[str, Permission] = {}
    for app_label, codenames in codenames_by_app.items():
        for permission in Permission.objects.using(using).filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            existing[f"{app_label}.{permission.codename}"] = permission

    for perm in sorted(wanted - existing.keys()):
        if _app_has_models(perm.split(".", 1)[0]):
            result.unknown.append(perm)
        else:
            result.skipped.append(perm)
    if result.unknown:
        logger.warning(
            "accounts.roles: no such permission(s) %s; fix ROLE_PERMISSIONS in "
            "apps/accounts/roles.py",
            ", ".join(result.unknown),
        )

    for role in Role:
        group, created = Group.objects.using(using).get_or_create(name=ROLE_GROUP_NAMES[role])
        if created:
            result.groups_created.append(group.name)
        granted = sorted(perm for perm in ROLE_PERMISSIONS.get(role, []) if perm in existing)
        group.permissions.set([existing[perm] for perm in granted])
        result.assigned[role] = granted
    return result


def role_group(*, role: Role | str) -> Group:
    """The Group of a role, created if a flush removed it."""
    group, _created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[Role(role)])
    return group


@transaction.atomic
def staff_user_create(*, email: str, name: str, password: str, role: Role | str) -> User:
    """Create a staff account in a role's group, with its e-mail address already verified.

    Raises ValueError for an unknown role and ValidationError for a taken or malformed
    e-mail address or a password the AUTH_PASSWORD_VALIDATORS refuse.
    """
    role = Role(role)
    user = User(email=User.objects.normalize_email(email).lower(), name=name, is_staff=True)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.add(role_group(role=role))
    return user


def user_language_set(*, user: User, language: str) -> User:
    """Set the language the user's e-mails are written in (one of accounts.Language)."""
    if language not in Language.values:
        raise ValidationError({"language": f"Unsupported language {language!r}."})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def user_elder_mode_set(*, user: User, on: bool) -> User:
    """Keep the member's elder-friendly mode (适老化) choice on the account, so it follows
    them to every device they sign in on (apps/core/views_access.py)."""
    if user.elder_mode is not on:
        user.elder_mode = on
        user.save(update_fields=["elder_mode"])
    return user


def user_language_from_request(*, user: User, language_code: str | None) -> User:
    """At sign-up/activation: adopt the language the person was browsing in, if we write it.

    ``language_code`` is ``request.LANGUAGE_CODE`` ("en", "zh-hans", …); anything we do not
    write e-mails in leaves the default (Chinese).
    """
    code = (language_code or "").lower()
    for value in Language.values:
        if code == value or code.split("-")[0] == value:
            return user_language_set(user=user, language=value)
    return user


@transaction.atomic
def unconfirmed_user_discard(*, email: str, older_than: timedelta) -> bool:
    """Free ``email`` from an account that signed up with it but never proved it owns it.

    True when no account holds the address any more (none did, or the one that did was
    discarded); False when one does and must be kept: a confirmed address, a login ever
    made, staff, or a sign-up younger than ``older_than`` (its code may still be typed in).

    Sign-up creates the account before the address is confirmed; without this, anyone who
    knew a lawyer's address could sign up with it and hold it hostage for good. Deleting
    is safe: such an account could never log in (verification is mandatory), and nothing
    is linked to it before confirmation (members links a lawyer only then).
    """
    address = User.objects.normalize_email(email).strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=address).first()
    if user is None:
        return True
    if (
        user.is_staff
        or user.is_superuser
        or user.last_login is not None
        or user.date_joined > timezone.now() - older_than
        or EmailAddress.objects.filter(user=user, verified=True).exists()
    ):
        return False
    logger.info("Discarding unconfirmed account %s that held %s.", user.pk, address)
    user.delete()
    return True
