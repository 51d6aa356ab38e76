"""manage.py stats_report KIND --year Y [--month M]: run a staff report now (same service
as the Celery task) and print its files' names in private storage (STORAGES["private"])."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.core.exceptions import DomainError
from apps.stats.models import ReportKind, RunStatus
from apps.stats.services.reports import report_run_execute, report_run_request


class Command(BaseCommand):
    help = "Generate a statistics report (xlsx + PDF) synchronously."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        params = {"year": options["year"]}
        if options.get("month"):
            params["month"] = options["month"]
        try:
            run, created = report_run_request(
                actor=None, kind=options["kind"], params=params, enqueue=False
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if not created:
            raise CommandError(f"An identical report is already {run.status} (run {run.pk}).")
        run = report_run_execute(run_id=run.pk)
        if run is None or run.status != RunStatus.DONE:
            raise CommandError(f"Report failed: {run.error if run else 'not queued'}")
        self.stdout.write(f"run {run.pk}: {run.xlsx_file.name}\nrun {run.pk}: {run.pdf_file.name}")
