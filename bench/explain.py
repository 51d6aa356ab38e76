"""EXPLAIN (ANALYZE, BUFFERS) of the slowest query of each heavy page, on bench data.

    DATABASE_URL=postgres://…/shlawyers_bench .venv/bin/python bench/explain.py [--out DIR]

Renders each page in-process (Django's test client, page cache off, DEBUG off), times
every query it makes and runs ``EXPLAIN (ANALYZE, BUFFERS)`` on each SELECT, keeping the
plan of the slowest by execution time (wall time is noise on a shared machine); the
statistics snapshot is computed cold (what the stats task does when the data changed)
the same way. Writes ``<out>/<page>.txt`` (the page, its query count and times, the
SQL and the plan) and prints a summary naming every sequential scan over a table of
10,000+ rows in any of the page's plans.
The run is read-only: each EXPLAIN runs in a transaction that is rolled back.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES: list[tuple[str, str]] = [
    ("search-common", "/search/?q=" + urllib.parse.quote("律师")),
    ("search-rare", "/search/?q=" + urllib.parse.quote("仲裁")),
    ("news-list", "/news/"),
    ("lookup-pinyin", "/lawyers/?q=zhangwei"),
    ("lookup-name", "/lawyers/?q=" + urllib.parse.quote("张伟")),
    ("stats", "/stats/"),
    ("overseas-map", "/overseas/map.json"),
    ("overseas", "/overseas/"),
    ("party", "/party/"),
    ("lawyers-list", "/lawyers/"),
    ("firms-list", "/firms/"),
    ("complaint-tracking", "/complaints/track/"),
    ("home", "/"),
]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shlawyers.settings")
    os.environ.update(
        DEBUG="false",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        PAGECACHE_ENABLED="false",
        BENCH_SQL_HEADER="1",  # lifts the lookup rate limit
    )
    import django

    django.setup()


def timed_queries(action: Callable[[], object]) -> list[tuple[float, str, object]]:
    from django.db import connection

    captured: list[tuple[float, str, object]] = []

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append(((time.perf_counter() - started) * 1000, sql, params))

    with connection.execute_wrapper(wrapper):
        action()
    return captured


LARGE_TABLE_ROWS = 10_000
_rows: dict[str, int] = {}


def table_rows(table: str) -> int:
    from django.db import connection

    if table not in _rows:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            _rows[table] = int(row[0]) if row else 0
    return _rows[table]


def explain(sql: str, params: object) -> str:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "bench" / "explain"))
    args = parser.parse_args()
    setup()
    from django.core.cache import cache
    from django.test import Client

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    client = Client()

    def page_action(path: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return run

    def stats_cold() -> object:
        from apps.stats.services.snapshot import stats_snapshot_compute

        cache.clear()
        return stats_snapshot_compute()

    from apps.news.models import Article, Channel

    pages = list(PAGES)
    # A channel deep in its pages (a COUNT and an OFFSET over the channel's articles) and
    # an article page, found in the data.
    channel = Channel.objects.filter(level=0).order_by("pk").first()
    if channel is not None:
        pages.append(("channel-page-100", f"{channel.get_absolute_url()}?page=100"))
    article = Article.objects.public().order_by("-publish_at").first()
    if article is not None:
        pages.append(("article", f"/news/{article.pk}/"))
    from apps.members.models import LawFirm, Lawyer

    firm = LawFirm.objects.filter(status="active").order_by("pk").first()
    if firm is not None:
        pages.append(("firm-page", f"/firms/{firm.pk}/"))
    jobs: list[tuple[str, str, Callable[[], object]]] = [
        (name, path, page_action(path)) for name, path in pages
    ]
    # The portal home of the first demo lawyer with an account (as http_bench.py measures it).
    member = Lawyer.objects.filter(user__isnull=False, user__is_staff=False).order_by("pk").first()
    if member is not None:
        portal = Client()
        portal.force_login(member.user)

        def portal_home() -> object:
            response = portal.get("/portal/")
            assert response.status_code == 200, ("/portal/", response.status_code)
            return response

        jobs.append(("portal-home", "/portal/ (a member)", portal_home))
    jobs.append(("stats-cold-compute", "stats_snapshot_compute()", stats_cold))
    summary = []
    for name, label, action in jobs:
        action()  # warm: application caches, jieba, the plan cache of the server
        queries = timed_queries(action)
        selects = [q for q in queries if q[1].lstrip().upper().startswith(("SELECT", "WITH"))]
        total = sum(q[0] for q in queries)
        text = [f"# {name}: {label}", f"{len(queries)} queries, {total:.1f} ms in SQL", ""]
        text += [f"  {ms:8.2f} ms  {sql[:150]}" for ms, sql, _ in queries]
        # Wall time on a loaded machine says little: every SELECT is EXPLAINed and the
        # slowest by PostgreSQL's own execution time is kept.
        plans = []
        for ms, sql, params in selects:
            plan = explain(sql, params)
            found = re.search(r"Execution Time: ([\d.]+) ms", plan)
            plans.append((float(found.group(1)) if found else 0.0, ms, sql, params, plan))
        seq: list[str] = []
        for _, _, _, _, plan in plans:
            for table in re.findall(r"Seq Scan on (\w+)", plan):
                rows = table_rows(table)
                if rows >= LARGE_TABLE_ROWS and table not in seq:
                    seq.append(table)
        if plans:
            executed, ms, sql, params, plan = max(plans, key=lambda p: p[0])
            text += [
                "",
                f"## slowest by execution time: {executed:.2f} ms (wall {ms:.2f} ms)",
                "",
                sql,
                "",
                f"params: {params!r}",
                "",
                plan,
            ]
            text += ["", f"sequential scans on tables of {LARGE_TABLE_ROWS}+ rows: {seq or 'none'}"]
        slowest = max((p[0] for p in plans), default=0.0)
        (out / f"{name}.txt").write_text("\n".join(text) + "\n")
        summary.append((name, len(queries), total, slowest, seq))
        print(
            f"{name:20} {len(queries):3d} queries {total:8.1f} ms wall in SQL, slowest executes "
            f"in {slowest:7.1f} ms"
            + (f"  seq scans on large tables: {', '.join(seq)}" if seq else ""),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
