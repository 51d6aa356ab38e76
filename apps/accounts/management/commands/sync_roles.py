from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS

from apps.accounts.roles import ROLE_GROUP_NAMES
from apps.accounts.services import roles_sync


class Command(BaseCommand):
    help = "Create the staff role groups and give them exactly the permissions of roles.py."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, **options) -> None:
        result = roles_sync(using=options["database"])
        for name in result.groups_created:
            self.stdout.write(f"created group {name}")
        for role, perms in result.assigned.items():
            self.stdout.write(f"{role.value} ({ROLE_GROUP_NAMES[role]}): {len(perms)} permissions")
        if result.skipped:
            skipped = ", ".join(result.skipped)
            self.stdout.write(f"skipped (app not installed or without models yet): {skipped}")
        if result.unknown:
            unknown = ", ".join(result.unknown)
            self.stderr.write(self.style.WARNING(f"unknown permissions, fix roles.py: {unknown}"))
