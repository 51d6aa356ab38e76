"""``manage.py backup``: database (pg_dump -Fc) + media into BACKUP_DIR/<timestamp>/."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.backups import BackupError, backup_create


def default_directory() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or Path(settings.DATA_DIR) / "backups")


class Command(BaseCommand):
    help = "Back up the database and the media files into a timestamped folder."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dir", type=Path, default=None, help="default: $BACKUP_DIR or .data/backups"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = backup_create(directory=options["dir"] or default_directory())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"backup written to {folder}"))
