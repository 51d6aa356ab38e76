"""The one place the public figures are computed: ``stats_snapshot()``.

Cost model
----------
Computing every figure is a few dozen aggregate queries (more at city scale for the CLE
compliance walk), so pages never compute it per request. The snapshot is cached under a
*version* key: ``stats:snapshot:<version>``. A change to data behind a figure bumps the
version (apps.stats.signals, after commit, once per transaction), which makes the next
read compute afresh; beat refreshes it on a schedule as well (``stats_snapshot_refresh``).

Thundering herd / bulk changes (debounce): while one process computes a new version
(it holds ``stats:snapshot:lock``), every other reader is served the last complete
snapshot (``stats:snapshot:latest``) instead of computing too; and a bump schedules one
refresh task at most every ``REFRESH_DEBOUNCE`` seconds. A bulk import of a thousand rows
in one transaction bumps once; a thousand separate saves bump a counter a thousand times
(an INCR each) but the snapshot is computed once per debounce window.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from .. import figures as fig

logger = logging.getLogger(__name__)

VERSION_KEY = "stats:snapshot:version"
LATEST_KEY = "stats:snapshot:latest"
LOCK_KEY = "stats:snapshot:lock"
REFRESH_SCHEDULED_KEY = "stats:snapshot:refresh-scheduled"
SNAPSHOT_TTL = 24 * 60 * 60
LOCK_TTL = 5 * 60
REFRESH_DEBOUNCE = 30  # seconds
CLE_KEY = "stats:snapshot:cle"
CLE_TTL = 24 * 60 * 60


def _snapshot_key(version: int) -> str:
    return f"stats:snapshot:{version}"


def snapshot_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def _cle_figures(today: dt.date, *, fresh: bool) -> dict[str, dict] | None:
    """CLE compliance walks every practising lawyer's hours (apps.learning's
    compliance_rows: ~3.4 s for two years at 42,000 lawyers), so pages never compute it:
    the worker's refresh does (``fresh``) and keeps the result under CLE_KEY; a page's snapshot uses
    the kept result, or None while the first one is being computed."""
    if not fig.cle_available():
        return {}
    if fresh:
        cle = fig.compute_cle(today)
        cache.set(CLE_KEY, cle, CLE_TTL)
        return cle
    return cache.get(CLE_KEY)


def stats_snapshot_compute(
    *, today: dt.date | None = None, fresh_slow: bool = True
) -> dict[str, Any]:
    """Every figure, computed now from the other apps' selectors (no snapshot cache).
    ``fresh_slow=False`` (the request path) takes the slow CLE figure as last computed."""
    today = today or timezone.localdate()
    figures = fig.compute_all(today)
    cle = _cle_figures(today, fresh=fresh_slow)
    figures.update(cle or {})
    from .yearly import trend_rows

    current = fig.current_metrics(figures)
    figures["trends"] = {"rows": trend_rows(current_year=today.year, current=current)}
    return {
        "as_of": timezone.now().isoformat(),
        "year": today.year,
        "cle_available": fig.cle_available(),
        "cle_pending": cle is None,
        "figures": figures,
        "current": current,
    }


def _store(version: int, snapshot: dict[str, Any]) -> None:
    snapshot["version"] = version
    cache.set(_snapshot_key(version), snapshot, SNAPSHOT_TTL)
    cache.set(LATEST_KEY, snapshot, None)


def stats_snapshot() -> dict[str, Any]:
    """The current snapshot: from cache if its version is current; else computed once
    (others are served the last complete snapshot meanwhile)."""
    version = snapshot_version()
    snapshot = cache.get(_snapshot_key(version))
    if snapshot is not None:
        return snapshot
    if not cache.add(LOCK_KEY, version, LOCK_TTL):
        latest = cache.get(LATEST_KEY)
        if latest is not None:
            return latest
    try:
        snapshot = stats_snapshot_compute(fresh_slow=False)
        _store(version, snapshot)
    finally:
        cache.delete(LOCK_KEY)
    if snapshot["cle_pending"]:
        _schedule_refresh()
    return snapshot


def stats_snapshot_refresh() -> dict[str, Any]:
    """Compute and store the snapshot for the current version (beat, and after bumps)."""
    cache.delete(REFRESH_SCHEDULED_KEY)
    version = snapshot_version()
    snapshot = stats_snapshot_compute()
    _store(version, snapshot)
    _key_figures_invalidate()
    return snapshot


def _upstream_invalidate() -> None:
    """Drop the owning apps' own short-lived caches of numbers the snapshot reads, so a
    change saved outside their services (admin, imports) is not read back stale."""
    from apps.legalservices.selectors.probono import probono_totals_invalidate
    from apps.members.selectors import member_counts_invalidate

    member_counts_invalidate()
    this_year = timezone.localdate().year
    for year in range(this_year - fig.PROBONO_YEARS + 1, this_year + 1):
        probono_totals_invalidate(year=year)


def _key_figures_invalidate() -> None:
    from apps.core.figures import key_figures_invalidate

    key_figures_invalidate()


def stats_invalidate(*, schedule_refresh: bool = True) -> int:
    """Bump the version (the data behind a figure changed). Returns the new version."""
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, None)
        version = cache.incr(VERSION_KEY)
    _upstream_invalidate()
    _key_figures_invalidate()
    if schedule_refresh:
        _schedule_refresh()
    return int(version)


def _schedule_refresh() -> None:
    """One refresh task per debounce window, however many changes come in."""
    if not cache.add(REFRESH_SCHEDULED_KEY, 1, REFRESH_DEBOUNCE):
        return
    from ..tasks import stats_snapshot_refresh_task

    try:
        stats_snapshot_refresh_task.apply_async(countdown=REFRESH_DEBOUNCE)
    except Exception:  # the broker is down: the next read or beat run computes it
        logger.warning("Could not schedule the statistics refresh", exc_info=True)
