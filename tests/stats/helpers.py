from __future__ import annotations

from typing import Any

from apps.stats.services.snapshot import stats_snapshot_compute


def figure_rows(key: str) -> dict[Any, list[Any]]:
    """{row key: [values...]} of one figure, computed now (no cache)."""
    from django.core.cache import cache

    cache.clear()  # the owning apps' own short caches too
    data = stats_snapshot_compute()["figures"][key]
    return {row[0]: list(row[1:]) for row in data["rows"]}
