"""Top a bench database up to the issue's city scale where ``seed_demo --scale city``
stops short: 200,000 articles, 200,000 pro-bono records, 20,000 complaints and 1,000
overseas offices (seed_demo makes a few hundred articles, ~41,600 records, 240
complaints, 150 offices).

    .venv/bin/python bench/city_bulk.py            # on DATABASE_URL's database
    .venv/bin/python bench/city_bulk.py --divide 30  # a thirtieth of it (growth baseline)
    .venv/bin/python bench/http_bench.py --seed    # calls this after seed_demo

Idempotent: each table is filled up to its target and left alone once it is there.
Fast because nothing goes through the ORM row by row:

* articles — Chinese text assembled from a pool of generated paragraphs (the vocabulary of
  bench/search_bench.py: common words in most articles, medium ones in ~10 %, rare ones in
  a few hundred) whose search tokens are computed once per paragraph with the site's own
  ``apps.news.search.index_document``; rows are COPYed into a staging table and moved
  with one INSERT … SELECT that builds the weighted tsvector exactly as
  ``article_search_vectors_update`` does (news_article's triggers fill ArticleMatch row
  by row, as in production). The GIN indexes of both tables are dropped for the load and
  recreated after (same definitions, read from pg_indexes).
* pro-bono records — COPY straight into the table, spread over the city's lawyers and the
  last five years, ~90 % verified.
* complaints and overseas offices — INSERT … SELECT copies of the rows seed_demo made
  (references TS<year>-1xxxxx, above any serial the live counter will reach; offices
  moved a little so the map has distinct points).

No history rows are written for the bulk rows (they were never edited). Ends with
VACUUM ANALYZE of the tables it filled and an ANALYZE of the whole database.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CITY_TARGETS = {"articles": 200_000, "probono": 200_000, "complaints": 20_000, "offices": 1_000}
# `--divide 30` fills to a thirtieth of these: the growth baseline (seed_demo --scale
# thirtieth, bench/README.md "Growth"), so both databases hold the same mix at 1:30.
TARGETS = dict(CITY_TARGETS)
BATCH = 10_000

DISTRICTS = [
    "黄浦",
    "徐汇",
    "长宁",
    "静安",
    "普陀",
    "虹口",
    "杨浦",
    "闵行",
    "宝山",
    "嘉定",
    "浦东",
    "金山",
    "松江",
    "青浦",
    "奉贤",
    "崇明",
]
TITLE_ENDINGS = [
    "工作会议召开",
    "专题活动举行",
    "培训班开班",
    "经验交流会举办",
    "座谈会召开",
    "工作推进会举行",
    "专题讲座举办",
    "调研活动开展",
    "年度总结会召开",
    "志愿服务启动",
]
PLACES = [
    f"{d}区{p}"
    for d in DISTRICTS
    for p in ("社区法律服务站", "公共法律服务中心", "街道司法所", "人民调解委员会", "信访接待中心")
]
PROBONO_SUMMARIES = {
    "legal_aid": ["办理法律援助案件一件（{x}纠纷）", "为经济困难当事人代理{x}案件"],
    "petition": ["参与信访接待，解答{x}问题", "接待来访群众，就{x}问题提供法律意见"],
    "mediation": ["调解{x}纠纷一起，双方达成协议", "参与{x}纠纷诉前调解"],
    "consultation": ["公益法律咨询，涉及{x}问题", "在社区开展{x}法律咨询"],
    "three_offices": ["三所联动化解{x}矛盾", "会同派出所、司法所处理{x}纠纷"],
    "community_duty": ["社区值班，接待{x}咨询", "居委会值班，解答{x}相关问题"],
}
MATTERS = [
    "婚姻家庭",
    "劳动争议",
    "房屋租赁",
    "物业服务",
    "相邻关系",
    "继承",
    "借款合同",
    "交通事故",
    "消费者权益",
    "工伤认定",
    "拆迁安置",
    "医疗纠纷",
]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shlawyers.settings")
    import django

    django.setup()


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 — fixed table names
    return int(cursor.fetchone()[0])


# -- articles -----------------------------------------------------------------------------


def _paragraph_pool(rng: random.Random, size: int) -> list[tuple[str, str, str]]:
    """(html, summary-ish text, tokens) per paragraph; the tokens computed once."""
    import search_bench as sb

    from apps.news.search import index_document

    pool = []
    for _ in range(size):
        words = [w for w in sb.COMMON if rng.random() < 0.25]
        words += [w for w in sb.MEDIUM if rng.random() < 0.02]
        words += [w for w in sb.RARE if rng.random() < 0.0006]
        rng.shuffle(words)
        sentences = []
        for i in range(4):
            chunk = words[i * 3 : i * 3 + 3] if i < 3 else words[9:]
            sentences.append(sb._sentence(rng, chunk))
        text = "".join(sentences)
        pool.append((f"<p>{text}</p>", text, index_document(text)))
    return pool


def fill_articles(cursor, rng: random.Random) -> int:
    from apps.news.search import index_document

    have = _count(cursor, "news_article")
    need = TARGETS["articles"] - have
    if need <= 0:
        return 0
    cursor.execute("SELECT id FROM news_channel ORDER BY id")
    channels = [row[0] for row in cursor.fetchall()]
    if not channels:
        raise SystemExit("no news channels: run seed_demo first")
    import search_bench as sb

    started = time.monotonic()
    pool = _paragraph_pool(rng, 20_000)
    print(f"  paragraph pool tokenised in {time.monotonic() - started:.0f} s", flush=True)
    author_tokens = index_document("本会")
    title_tokens: dict[str, str] = {}
    cursor.execute(
        "CREATE UNLOGGED TABLE IF NOT EXISTS bench_article_stage ("
        " title text, body text, summary text, visibility text, status text,"
        " publish_at timestamptz, channel_id bigint, a text, b text, c text)"
    )
    cursor.execute("TRUNCATE bench_article_stage")
    now = dt.datetime.now(dt.UTC)
    # Newest first continues below the oldest article already there: ~55 a day, 10 years.
    cursor.execute("SELECT min(publish_at) FROM news_article")
    oldest = cursor.fetchone()[0] or now
    step = dt.timedelta(days=3650) / TARGETS["articles"]
    with cursor.copy("COPY bench_article_stage FROM STDIN") as copy:
        for n in range(need):
            title_words = [rng.choice(sb.COMMON)]
            if rng.random() < 0.1:
                title_words.append(rng.choice(sb.MEDIUM))
            if rng.random() < 0.002:
                title_words.append(rng.choice(sb.RARE))
            title = f"{rng.choice(DISTRICTS)}{''.join(title_words)}{rng.choice(TITLE_ENDINGS)}"
            if title not in title_tokens:
                title_tokens[title] = index_document(title)
            paragraphs = [rng.choice(pool) for _ in range(rng.randint(3, 8))]
            body = "".join(p[0] for p in paragraphs)
            summary = paragraphs[0][1][:119] + "…"
            roll = rng.random()
            status = "draft" if roll < 0.01 else "archived" if roll < 0.03 else "published"
            publish_at = oldest - step * (n + 1)
            copy.write_row(
                (
                    title,
                    body,
                    summary,
                    "members" if rng.random() < 0.05 else "public",
                    status,
                    None if status == "draft" else publish_at,
                    rng.choice(channels),
                    title_tokens[title],
                    # B: the summary is the start of the first paragraph (its tokens
                    # stand for it) and the author.
                    paragraphs[0][2][:400] + " " + author_tokens,
                    " ".join(p[2] for p in paragraphs),
                )
            )
    print(f"  {need} articles staged in {time.monotonic() - started:.0f} s", flush=True)
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes"
        " WHERE tablename IN ('news_article', 'news_articlematch')"
        " AND indexdef LIKE '%USING gin%'"
    )
    gin = cursor.fetchall()
    for name, _ in gin:
        cursor.execute(f'DROP INDEX "{name}"')
    # The foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at commit, they would
    # leave trigger events pending, and CREATE INDEX refuses to run with those.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        """
        INSERT INTO news_article (
            title, subtitle, editors_note, body, summary, cover_alt, author, source_name,
            source_issue, source_url, visibility, is_pinned, is_featured, status, publish_at,
            workflow_note, created_at, updated_at, view_count, search_vector, channel_id,
            first_published_at)
        SELECT title, '', '', body, summary, '', '本会', '', '', '', visibility, false, false,
            status, publish_at, '', coalesce(publish_at, now()), coalesce(publish_at, now()),
            0,
            setweight(to_tsvector('simple', a), 'A')
            || setweight(to_tsvector('simple', b), 'B')
            || setweight(to_tsvector('simple', c), 'C'),
            channel_id, CASE WHEN status = 'draft' THEN NULL ELSE publish_at END
        FROM bench_article_stage
        """
    )
    print(f"  inserted in {time.monotonic() - started:.0f} s", flush=True)
    for _, definition in gin:
        cursor.execute(definition)
    cursor.execute("DROP TABLE bench_article_stage")
    print(f"  GIN indexes rebuilt in {time.monotonic() - started:.0f} s", flush=True)
    return need


# -- pro-bono records ---------------------------------------------------------------------


def fill_probono(cursor, rng: random.Random) -> int:
    have = _count(cursor, "legalservices_probonorecord")
    need = TARGETS["probono"] - have
    if need <= 0:
        return 0
    cursor.execute("SELECT id FROM members_lawyer ORDER BY id")
    lawyers = [row[0] for row in cursor.fetchall()]
    today = dt.datetime.now(dt.UTC).date()
    kinds = list(PROBONO_SUMMARIES)
    columns = (
        "lawyer_id, kind, date, hours, people_helped, place, summary, status, created_at,"
        " reviewed_at, review_note"
    )
    with cursor.copy(f"COPY legalservices_probonorecord ({columns}) FROM STDIN") as copy:
        for _ in range(need):
            kind = rng.choice(kinds)
            day = today - dt.timedelta(days=rng.randint(0, 5 * 365))
            created = dt.datetime.combine(day, dt.time(18), dt.UTC)
            roll = rng.random()
            status = "verified" if roll < 0.9 else "submitted" if roll < 0.97 else "rejected"
            copy.write_row(
                (
                    rng.choice(lawyers),
                    kind,
                    day,
                    Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0", "3.0", "4.0", "8.0"])),
                    rng.choice([1, 1, 1, 2, 3, 5, 12]),
                    rng.choice(PLACES),
                    rng.choice(PROBONO_SUMMARIES[kind]).format(x=rng.choice(MATTERS)),
                    status,
                    created,
                    None if status == "submitted" else created + dt.timedelta(days=3),
                    "材料不足" if status == "rejected" else "",
                )
            )
    return need


# -- copies of seeded complaints and offices ----------------------------------------------


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
        " AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _copy_rows(cursor, table: str, need: int, overrides: dict[str, str]) -> int:
    """INSERT … SELECT `need` copies of the table's existing rows, cycling through them;
    `overrides` are SQL expressions per column (``rn`` is the copy's number, from 1)."""
    if need <= 0:
        return 0
    have = _count(cursor, table)
    if have == 0:
        raise SystemExit(f"{table} is empty: run seed_demo first")
    columns = _columns(cursor, table)
    select = ", ".join(overrides.get(c, f"s.{c}") for c in columns)
    rounds = need // have + 1
    cursor.execute(
        f"""
        INSERT INTO {table} ({", ".join(columns)})
        SELECT {select} FROM (
            SELECT t.*, row_number() OVER (ORDER BY g, t.id) AS rn
            FROM {table} t, generate_series(1, %s) g
        ) s WHERE s.rn <= %s
        """,  # noqa: S608 — table and column names come from the catalogue
        [rounds, need],
    )
    return need


def fill_complaints(cursor) -> int:
    need = TARGETS["complaints"] - _count(cursor, "complaints_complaint")
    return _copy_rows(
        cursor,
        "complaints_complaint",
        need,
        {
            # TS<year>-1xxxxx: far above the serials the live counter hands out.
            "reference": "'TS' || extract(year FROM s.submitted_at)::int || '-'"
            " || lpad((100000 + s.rn)::text, 6, '0')",
            "submit_token": "NULL",
        },
    )


def fill_offices(cursor) -> int:
    """Copies of the seeded offices, each given to another active firm (one copy per firm,
    named after it: firm, country, city and name are unique together)."""
    need = TARGETS["offices"] - _count(cursor, "legalservices_overseasoffice")
    if need <= 0:
        return 0
    columns = _columns(cursor, "legalservices_overseasoffice")
    overrides = {
        "firm_id": "f.id",
        "name": "regexp_replace(f.name, '^上海市?|律师事务所.*$', '', 'g') || s.city || '办公室'",
        "name_en": "''",
        "latitude": "s.latitude + (mod(s.rn, 97) - 48) * 0.002",
        "longitude": "s.longitude + (mod(s.rn, 89) - 44) * 0.002",
    }
    select = ", ".join(overrides.get(c, f"s.{c}") for c in columns)
    cursor.execute(
        f"""
        INSERT INTO legalservices_overseasoffice ({", ".join(columns)})
        SELECT {select} FROM (
            SELECT t.*, row_number() OVER (ORDER BY g, t.id) AS rn
            FROM legalservices_overseasoffice t, generate_series(1, 20) g
        ) s
        JOIN (
            SELECT id, name, row_number() OVER (ORDER BY id DESC) AS rn
            FROM members_lawfirm WHERE status = 'active'
        ) f ON f.rn = s.rn
        WHERE s.rn <= %s
        ON CONFLICT DO NOTHING
        """,  # noqa: S608 — column names come from the catalogue
        [need],
    )
    return cursor.rowcount


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--divide", type=int, default=1, help="fill to the city targets divided by this"
    )
    args = parser.parse_args(argv)
    if args.divide < 1:
        parser.error("--divide must be 1 or more")
    TARGETS.update({name: n // args.divide for name, n in CITY_TARGETS.items()})
    setup()
    from django.db import connection, transaction

    rng = random.Random("shlawyers:bench:city_bulk")  # noqa: S311 — bench data  # nosec B311
    started = time.monotonic()
    done = {}
    with connection.cursor() as cursor:
        for name, fill in (
            ("articles", lambda: fill_articles(cursor, rng)),
            ("probono", lambda: fill_probono(cursor, rng)),
            ("complaints", lambda: fill_complaints(cursor)),
            ("offices", lambda: fill_offices(cursor)),
        ):
            step = time.monotonic()
            with transaction.atomic():
                done[name] = fill()
            print(f"{name}: +{done[name]} rows in {time.monotonic() - step:.0f} s", flush=True)
        if any(done.values()):
            for table in (
                "news_article",
                "news_articlematch",
                "legalservices_probonorecord",
                "complaints_complaint",
                "legalservices_overseasoffice",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
            # seed_demo's tables too: fresh statistics, or the planner guesses 43 rows for
            # 40,000 lawyers (bench/explain/stats-cold-compute.txt before this ANALYZE).
            cursor.execute("ANALYZE")
    print(f"city bulk data in {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
