"""Public register lookup and the overseas map at city scale (42,000 lawyers).

    .venv/bin/python bench/lookup_bench.py [--repeat 30]

Runs against the configured database (DATABASE_URL), which must hold city-scale demo
data (`manage.py seed_demo --scale city`); with fewer than 10,000 lawyers it says so and
stops. Times what /lawyers/ does for one page — the count and the 20 rows of page 3 — for
pinyin, Chinese, licence-number and filter queries, then the overseas map endpoint's
query. Not a test: it asserts nothing. See bench/README.md for measured numbers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shlawyers.settings")

import django

django.setup()

from django.core.paginator import Paginator  # noqa: E402

from apps.legalservices.models import LawyerSearchEntry  # noqa: E402
from apps.legalservices.selectors.lookup import LookupFilters, lawyer_lookup  # noqa: E402
from apps.legalservices.selectors.overseas import OfficeFilters, office_map_points  # noqa: E402
from apps.members.models import PracticeArea  # noqa: E402


def _time(run, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args, _unknown = parser.parse_known_args()
    total = LawyerSearchEntry.objects.count()
    if total < 10_000:
        print(
            f"lookup_bench: {total} lawyers indexed; seed city-scale data first "
            "(manage.py seed_demo --scale city). Skipped."
        )
        return 0
    area = PracticeArea.objects.order_by("order").first()
    licence = LawyerSearchEntry.objects.order_by("pk").values_list("licence_no", flat=True)[1000]
    cases = [
        ("(no query)", LookupFilters()),
        ("zhang", LookupFilters(q="zhang")),
        ("z", LookupFilters(q="z")),
        ("zhangwei", LookupFilters(q="zhangwei")),
        ("张", LookupFilters(q="张")),
        ("张伟", LookupFilters(q="张伟")),
        ("licence (17 digits)", LookupFilters(q=licence)),
        ("licence prefix (9)", LookupFilters(q=licence[:9])),
        ("area + language en", LookupFilters(area=area, language="en")),
        ("wang + area", LookupFilters(q="wang", area=area)),
        ("status suspended", LookupFilters(status="suspended")),
    ]
    print(f"{total} lawyers; {args.repeat} runs each; count + page 3 of 20\n")
    print(f"| {'query':22s} | {'matches':>7s} | {'p50 ms':>7s} | {'p95 ms':>7s} |")
    print(f"| {'-' * 22} | {'-' * 7}: | {'-' * 7}: | {'-' * 7}: |")
    for label, filters in cases:
        queryset = lawyer_lookup(filters)
        count = queryset.count()

        def page(queryset=queryset) -> None:
            page_obj = Paginator(queryset, 20).get_page(3)
            list(page_obj.object_list)
            _ = page_obj.paginator.count

        p50, p95 = _time(page, args.repeat)
        print(f"| {label:22s} | {count:7d} | {p50:7.1f} | {p95:7.1f} |")

    def map_points() -> None:
        office_map_points(
            OfficeFilters(), office_url=lambda pk: f"/overseas/{pk}/", list_url="/overseas/"
        )

    p50, p95 = _time(map_points, args.repeat)
    print(f"| {'overseas map (all)':22s} | {'':7s} | {p50:7.1f} | {p95:7.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
