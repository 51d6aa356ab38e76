"""Demo data for stats: past years' snapshots with believable growth, ending near the
live figures, so /stats/ shows a trend from the first run."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from .figures import TREND_METRICS
from .models import YearlySnapshot

PAST_YEARS = 6
# Yearly growth ranges per metric (the association has grown steadily).
GROWTH = {
    "members": (0.045, 0.08),
    "firms": (0.02, 0.05),
    "party_members": (0.05, 0.09),
    "probono": (0.06, 0.14),
}


def seed_stats(*, scale: str, rng: random.Random) -> None:
    from .services.snapshot import stats_invalidate, stats_snapshot_compute

    current = stats_snapshot_compute(fresh_slow=False)["current"]
    this_year = timezone.localdate().year
    now = timezone.now()
    rows = []
    for metric in TREND_METRICS:
        value = float(max(current.get(metric) or 0, 1))
        low, high = GROWTH[metric]
        for year in range(this_year - 1, this_year - PAST_YEARS - 1, -1):
            value = value / (1 + rng.uniform(low, high))
            rows.append(
                YearlySnapshot(
                    year=year,
                    metric=metric,
                    value=Decimal(round(value)),
                    taken_at=now.replace(year=year + 1, month=1, day=2, hour=2, minute=0),
                )
            )
    YearlySnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    stats_invalidate(schedule_refresh=False)
