"""``manage.py restore [FOLDER] --yes``: put a backup back (database and media).

Replaces the current data: it asks for --yes. Without FOLDER the newest backup in
$BACKUP_DIR (or .data/backups) is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.core.backups import BackupError, backup_latest, backup_restore

from .backup import default_directory


class Command(BaseCommand):
    help = "Restore the database and media from a backup folder (replaces current data)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", nargs="?", type=Path, default=None)
        parser.add_argument("--yes", action="store_true", help="really replace the current data")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("restore replaces the current database and media: add --yes")
        try:
            folder = options["folder"] or backup_latest(default_directory())
            backup_restore(folder=folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"restored from {folder}"))
