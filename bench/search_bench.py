"""Latency of article search (/search/ news provider) over a generated corpus.

Creates (once) a database of its own next to the configured one — ``<db>_search_bench``
on DATABASE_URL's server, or on the embedded server — migrates it, fills it with
``--articles`` generated articles (default 20,000: Chinese text built from a vocabulary
where some words are in most articles and others in few), indexes them with the same
code the site uses, then times the news search provider (ranked query + snippets) for a
fixed set of queries: common words, rare words, English, a single character, no match.

    .venv/bin/python bench/search_bench.py [--articles 20000] [--repeat 30] [--drop]

    .venv/bin/python bench/search_bench.py --db shlawyers_bench   # an existing database

``--db`` times the same queries on a database that already holds articles — the city
bench database of `make bench` (200,000 articles from bench/city_bulk.py) — and
generates nothing.

Prints p50/p95/max per query and over all queries. DESIGN.md's goal: p95 < 30 ms.
Re-running reuses the corpus when it has the requested size (``--drop`` starts over).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    ("律师", "common (most articles)"),
    ("协会 服务", "two common words"),
    ("法律援助", "medium"),
    ("公益", "medium"),
    ("律协", "2-char abbreviation"),
    ("进博会", "rare"),
    ("仲裁", "rare"),
    ("CIIE", "rare, English"),
    ("Arbitration", "rare, English"),
    ("律", "single character (prefix)"),
    ("量子计算", "no match"),
    ("上海律师协会 法律援助 志愿服务", "long, three words"),
]

# Words and how many articles (roughly) contain them.
COMMON = ["律师", "协会", "服务", "工作", "会员", "发展", "上海", "行业", "组织", "开展"]
MEDIUM = ["法律援助", "公益", "培训", "党建", "调解", "社区", "青年律师", "涉外", "志愿者", "律协"]
RARE = ["进博会", "仲裁", "知识产权", "数据合规", "破产重整", "海事", "CIIE", "Arbitration"]
FILLER = [
    "会议",
    "指出",
    "要求",
    "进一步",
    "推动",
    "加强",
    "落实",
    "完善",
    "机制",
    "积极",
    "参与",
    "围绕",
    "重点",
    "任务",
    "举办",
    "专题",
    "活动",
    "交流",
    "研讨",
    "经验",
    "成果",
    "提升",
    "能力",
    "水平",
    "群众",
    "企业",
    "政府",
    "部门",
    "合作",
    "共同",
    "推进",
    "高质量",
    "规范",
    "执业",
    "权益",
    "保障",
    "建设",
    "队伍",
    "专业",
    "实务",
    "案例",
    "分享",
    "代表",
    "出席",
    "讲话",
    "总结",
    "部署",
    "年度",
]


def _bench_database_url() -> tuple[str, str, str]:
    """(bench database URL, configured URL, bench database name)."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        from shlawyers.embedded_pg import database_url

        base = database_url(ROOT / ".data" / "postgres")
    parts = urlsplit(base)
    name = (parts.path.lstrip("/") or "shlawyers") + "_search_bench"
    return urlunsplit(parts._replace(path="/" + name)), base, name


def _ensure_database(base_url: str, name: str, drop: bool) -> None:
    import psycopg

    parts = urlsplit(base_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _sentence(rng: random.Random, words: list[str]) -> str:
    picked = [rng.choice(FILLER) for _ in range(rng.randint(6, 14))]
    for word in words:
        picked.insert(rng.randrange(len(picked) + 1), word)
    return "".join(picked) + rng.choice("。。。；！")


def _article_text(rng: random.Random) -> tuple[str, str]:
    title_words = [rng.choice(COMMON)]
    body_words: list[str] = []
    for word in COMMON:
        if rng.random() < 0.6:
            body_words.append(word)
    for word in MEDIUM:
        if rng.random() < 0.08:
            (title_words if rng.random() < 0.25 else body_words).append(word)
    for word in RARE:
        if rng.random() < 0.01:
            (title_words if rng.random() < 0.3 else body_words).append(word)
    title = "".join(title_words) + rng.choice(
        ["工作会议召开", "专题活动举行", "培训班开班", "经验交流会"]
    )
    paragraphs = []
    for _ in range(rng.randint(3, 8)):
        chunk = [body_words.pop() for _ in range(min(len(body_words), 2))]
        paragraphs.append(
            "<p>" + "".join(_sentence(rng, chunk if i == 0 else []) for i in range(4)) + "</p>"
        )
    return title, "".join(paragraphs)


def _fill(count: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from apps.news.models import Article, Channel
    from apps.news.sanitize import summary_from_html
    from apps.news.search import article_search_vectors_update

    existing = Article.objects.count()
    if existing >= count:
        return
    channels = list(Channel.objects.all())
    if not channels:
        for n, name in enumerate(["协会动态", "通知公告", "党建引领", "服务社会", "媒体报道"]):
            Channel.objects.create(name=name, slug=f"bench-{n}", order=n)
        channels = list(Channel.objects.all())
    now = timezone.now()
    started = time.monotonic()
    batch = 1000
    for start in range(existing, count, batch):
        rows = []
        for n in range(start, min(start + batch, count)):
            title, body = _article_text(rng)
            rows.append(
                Article(
                    title=title,
                    body=body,
                    summary=summary_from_html(body),
                    author="本会",
                    channel=rng.choice(channels),
                    status=Article.Status.PUBLISHED,
                    publish_at=now - dt.timedelta(minutes=37 * n + rng.randint(0, 30)),
                    visibility=(
                        Article.Visibility.MEMBERS
                        if rng.random() < 0.05
                        else Article.Visibility.PUBLIC
                    ),
                )
            )
        with transaction.atomic():
            created = Article.objects.bulk_create(rows)
            article_search_vectors_update(created)
        done = start + len(rows)
        print(f"  generated {done}/{count} ({time.monotonic() - started:.0f} s)", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE news_article")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--drop", action="store_true", help="recreate the bench database")
    parser.add_argument("--db", default="", help="time an existing database; generate nothing")
    args, _unknown = parser.parse_known_args()

    if args.db:
        parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"))
        url, name = urlunsplit(parts._replace(path="/" + args.db)), args.db
    else:
        url, base, name = _bench_database_url()
        _ensure_database(base, name, args.drop)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shlawyers.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from apps.news.models import Article
    from apps.news.search_provider import NewsSearchProvider

    if not args.db:
        call_command("migrate", verbosity=0)
        _fill(args.articles, random.Random(20_000))  # noqa: S311 - made-up text, not secrets
    total = Article.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('news_article'))")
        table_size = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('news_articlematch'))")
        match_size = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('news_articlematch_vector_gin'))")
        gin_size = cursor.fetchone()[0]
    print(
        f"corpus: {total} articles in {name} (table {table_size}; match table {match_size}"
        f" with its GIN index {gin_size})"
    )

    provider = NewsSearchProvider()
    anonymous = AnonymousUser()
    everything: list[float] = []
    print(f"{'query':34} {'kind':28} {'hits':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for query, kind in QUERIES:
        page = provider.search(query, user=anonymous, filters={}, limit=10, offset=0)  # warm
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            provider.search(query, user=anonymous, filters={}, limit=10, offset=0)
            timings.append((time.perf_counter() - started) * 1000)
        everything += timings
        qs = statistics.quantiles(timings, n=20)
        hits = f"{page.total}{'+' if page.capped else ''}"
        print(f"{query:34} {kind:28} {hits:>6} {qs[9]:7.1f} {qs[18]:7.1f} {max(timings):7.1f}")
    qs = statistics.quantiles(everything, n=20)
    print(f"{'all queries':63} {'':>6} {qs[9]:7.1f} {qs[18]:7.1f} {max(everything):7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
