"""manage.py demo_accounts — one login per role for local demos, printed as a table.

Idempotent: existing accounts get their demo password back and their role/link
restored. The passwords are for a local demo database only. Needs the demo data
(`manage.py seed_demo`) for the lawyer and firm-administrator accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from apps.accounts.models import User
from apps.accounts.roles import ROLE_GROUP_NAMES, Role
from apps.accounts.services import role_group, staff_user_create
from apps.members.demo import demo_firm, demo_lawyers
from apps.members.models import FirmAdministrator, Lawyer
from apps.members.services import firm_administrator_appoint, lawyer_account_link

DOMAIN = "demo.shlawyers.cn"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    name: str
    note: str = ""


LAWYER = DemoAccount("律师 lawyer", f"lawyer@{DOMAIN}", "demo-lawyer-2026", "")
FIRM_ADMIN = DemoAccount("律所管理员 firm admin", f"firmadmin@{DOMAIN}", "demo-firmadmin-2026", "")
SUPERUSER = DemoAccount("超级管理员 superuser", f"admin@{DOMAIN}", "demo-admin-2026", "系统管理员")
STAFF_EMAIL = {
    Role.EDITOR: "editor",
    Role.CHIEF_EDITOR: "chief-editor",
    Role.PARTY_AFFAIRS: "party",
    Role.COMPLAINTS_OFFICER: "complaints",
    Role.MEMBER_SERVICES: "members",
    Role.REPORTS: "reports",
}


def staff_account(role: Role) -> DemoAccount:
    slug = STAFF_EMAIL[role]
    return DemoAccount(
        role=f"{ROLE_GROUP_NAMES[role]} {role.value}",
        email=f"{slug}@{DOMAIN}",
        password=f"demo-{slug}-2026",
        name=f"演示{ROLE_GROUP_NAMES[role]}",
    )


def _verified_email(user: User) -> None:
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _reset(user: User, account: DemoAccount) -> User:
    user.set_password(account.password)
    user.is_active = True
    user.save()
    _verified_email(user)
    return user


def _staff(role: Role) -> DemoAccount:
    account = staff_account(role)
    user = User.objects.filter(email=account.email).first()
    if user is None:
        staff_user_create(
            email=account.email, name=account.name, password=account.password, role=role
        )
    else:
        _reset(user, account)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(role_group(role=role))
    return account


def _superuser() -> DemoAccount:
    user = User.objects.filter(email=SUPERUSER.email).first()
    if user is None:
        user = User.objects.create_superuser(
            email=SUPERUSER.email, password=SUPERUSER.password, name=SUPERUSER.name
        )
    user.is_staff = user.is_superuser = True
    _reset(user, SUPERUSER)
    return SUPERUSER


def _lawyer_account(account: DemoAccount, lawyer: Lawyer) -> DemoAccount:
    """Give `lawyer` the demo address and a linked, verified account."""
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User.objects.create_user(email=account.email, password=account.password)
    if lawyer.user_id != user.pk:
        Lawyer.objects.filter(user=user).exclude(pk=lawyer.pk).update(user=None)
        if lawyer.user_id is not None:
            Lawyer.objects.filter(pk=lawyer.pk).update(user=None)
            lawyer.user = None
        Lawyer.objects.filter(pk=lawyer.pk).update(email=account.email)
        lawyer_account_link(lawyer=lawyer, user=user)
    _reset(user, account)
    return DemoAccount(
        account.role, account.email, account.password, lawyer.name, f"{lawyer.licence_no}"
    )


def _demo_lawyers() -> tuple[Lawyer, Lawyer]:
    """(plain lawyer, firm administrator) at the demo firm: the first two of
    ``apps.members.demo.demo_lawyers`` — the rule every app's demo seed uses too."""
    if demo_firm() is None:
        raise CommandError("No demo data yet: run `manage.py seed_demo` first.")
    picked = demo_lawyers(limit=2)
    if len(picked) < 2:
        raise CommandError(f"The demo firm {demo_firm()} needs two practising lawyers.")
    return picked[0], picked[1]


class Command(BaseCommand):
    help = "Create (or reset) one demo login per role and print them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--write-doc",
            action="store_true",
            help="Also write the table to docs/demo-accounts.md.",
        )

    def handle(self, *args: Any, write_doc: bool, **options: Any) -> None:
        if not settings.DEBUG:
            # Known passwords for a superuser and every staff role: never on a real site.
            raise CommandError(
                "demo_accounts creates accounts with published passwords and runs only with "
                "DEBUG on (local development); refusing with DEBUG off."
            )
        with transaction.atomic():
            lawyer, admin_lawyer = _demo_lawyers()
            accounts = [
                _superuser(),
                _lawyer_account(LAWYER, lawyer),
                _lawyer_account(FIRM_ADMIN, admin_lawyer),
            ]
            if not FirmAdministrator.objects.filter(
                firm=admin_lawyer.firm, lawyer=admin_lawyer
            ).exists():
                firm_administrator_appoint(firm=admin_lawyer.firm, lawyer=admin_lawyer)
            accounts += [_staff(role) for role in Role]
        table = render_table(accounts, firm_name=str(admin_lawyer.firm))
        self.stdout.write(table)
        if write_doc:
            path = Path(settings.BASE_DIR) / "docs" / "demo-accounts.md"
            path.write_text(table, encoding="utf-8")
            self.stdout.write(f"Written to {path}")


def render_table(accounts: list[DemoAccount], *, firm_name: str) -> str:
    lines = [
        "# Demo accounts (local development only)",
        "",
        "Created by `manage.py demo_accounts` (run by `make run`); running it again resets",
        "these passwords. Never use them on a server that anyone else can reach.",
        "",
        "| role | e-mail | password | who |",
        "| --- | --- | --- | --- |",
    ]
    for account in accounts:
        who = " ".join(part for part in (account.name, account.note) if part)
        lines.append(f"| {account.role} | {account.email} | `{account.password}` | {who} |")
    site = settings.SITE_URL.rstrip("/")
    lines += [
        "",
        f"The lawyer and the firm administrator work at {firm_name}.",
        f"Log in at {site}/accounts/login/ — lawyers land on the portal (/portal/).",
        "Staff need a second factor for /admin/ when ADMIN_REQUIRE_MFA is on (always with",
        f"DEBUG off): log in, open {site}/accounts/2fa/totp/activate/ (the list of factors is",
        f"{site}/accounts/2fa/), scan the QR code with an authenticator app",
        "and enter the code it shows; keep the recovery codes it offers.",
        "",
    ]
    return "\n".join(lines)
