"""manage.py seed_demo --scale small|thirtieth|city [--if-empty]

Fills the database with demo content by calling, for every app of ours that has a
`demo` module, `apps.<app>.demo.seed_<label>(scale=..., rng=...)` in INSTALLED_APPS
order (which is dependency order: members before the apps that point at lawyers).
Each app gets its own deterministic random generator, so adding demo data to one app
never changes another's, and running the command twice adds nothing the second time.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import random
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

from apps.members.demo import SCALES
from apps.members.models import Lawyer


def demo_seeders() -> list[tuple[str, Any]]:
    """(app label, seed function) for each of our apps with a demo module, in order."""
    seeders = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        func = getattr(module, f"seed_{config.label}", None)
        if func is None:
            raise CommandError(f"{module_name} has no seed_{config.label}(*, scale, rng)")
        seeders.append((config.label, func))
    # members first whatever the order of INSTALLED_APPS: everything else points at it.
    seeders.sort(key=lambda item: item[0] != "members")
    return seeders


class Command(BaseCommand):
    help = "Load demo data for every app (small: a few seconds; city: Shanghai-sized)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has lawyers (used by `make run`).",
        )

    def handle(self, *args: Any, scale: str, if_empty: bool, **options: Any) -> None:
        if if_empty and Lawyer.objects.exists():
            self.stdout.write("Demo data already present; nothing to do (--if-empty).")
            return
        started = time.monotonic()
        # Demo data can be loaded again if the server crashes mid-way: commits need not
        # wait for the WAL flush (complaints commit once per complaint; ~15 % of their time
        # at city scale). This session only, and reset afterwards.
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        try:
            for label, seed in demo_seeders():
                app_started = time.monotonic()
                rng = random.Random(f"shlawyers:demo:{label}:{scale}")  # demo data  # nosec B311
                seed(scale=scale, rng=rng)
                self.stdout.write(f"  {label:<16} {time.monotonic() - app_started:6.1f} s")
        finally:
            # After a failed seeder the connection may be unusable: its error is the one
            # to see, not this one's.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        # Fresh planner statistics: right after a city seed, before autovacuum gets to it,
        # the planner took 42,000 lawyers for a few hundred rows (the party statistics
        # took 319 ms instead of 93). About a second at city scale.
        analyze_started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"  {'ANALYZE':<16} {time.monotonic() - analyze_started:6.1f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ({scale}) loaded in {time.monotonic() - started:.1f} s.")
        )
