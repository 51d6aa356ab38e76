"""Article search: bounded ranking (DESIGN.md "News")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils import timezone

from ..models import Article, ArticleMatch, Channel
from ..search import ParsedQuery
from .channels import descendant_ids

# Bounded ranking (DESIGN.md "News"): rank at most this many of the newest matches plus
# this many of the newest title matches, instead of every match of a common word.
SEARCH_CANDIDATES = 500
SEARCH_TITLE_CANDIDATES = 100
# Title matches (every word in title/subtitle) come before any body-only match.
TITLE_BOOST = 10.0
# ts_rank weights for D, C, B, A.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]


@dataclass
class ArticleSearchPage:
    articles: list[Article]
    total: int
    capped: bool


def article_search(
    *,
    query: ParsedQuery,
    user: Any,
    channel: Channel | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 10,
    offset: int = 0,
) -> ArticleSearchPage:
    """Ranked matches of `query` that `user` may read: one query ranks ids, one loads them.

    Ranking is bounded (DESIGN.md "News"): the candidates are the newest
    SEARCH_CANDIDATES matches and the newest SEARCH_TITLE_CANDIDATES title matches; only
    they are ranked, title matches first, then ts_rank, then date. So a common word costs
    about as much as a rare one. `total` counts the candidates; `capped` says there may
    be more matches than that.
    """
    if not query:
        return ArticleSearchPage(articles=[], total=0, capped=False)
    everywhere = SearchQuery(query.tsquery(), search_type="raw", config="simple")

    now = timezone.now()
    base = Article.objects.visible_to(user, now=now)
    if channel is not None:
        base = base.filter(channel__in=descendant_ids(channel))
    # Only published articles are visible (publish_at <= now), and the match table keeps
    # each article's publish_at: bounding both lets the walk of its date index start at
    # the newest visible date (past drafts and scheduled articles) and stop at the oldest.
    tz = timezone.get_current_timezone()
    dates: dict[str, dt.datetime] = {}
    if date_from:
        dates["publish_at__gte"] = dt.datetime.combine(date_from, dt.time.min, tz)
    if date_to:
        dates["publish_at__lt"] = dt.datetime.combine(
            date_to + dt.timedelta(days=1), dt.time.min, tz
        )
    base = base.filter(**dates)

    # The newest matches through ArticleMatch (migrations 0012, 0014): its date index is
    # walked and each row's in-row stripped vector, status and visibility tested; its GIN
    # index serves rare words — the planner picks. The article is joined only to filter
    # by channel.
    matches = ArticleMatch.objects.visible_to(user, now).filter(vector=everywhere, **dates)
    if channel is not None:
        matches = matches.filter(article__channel__in=descendant_ids(channel))
    newest = matches.order_by("-publish_at").values("article_id")
    # Title matches through the generated title vector (migration 0011): small and in the
    # row, so walking the date index tests each article cheaply, and its own GIN index
    # serves rarer titles — the planner picks.
    titles = base.filter(search_title=everywhere).order_by("-publish_at").values("pk")
    newest_sql, newest_params = newest[:SEARCH_CANDIDATES].query.sql_with_params()
    titles_sql, titles_params = titles[:SEARCH_TITLE_CANDIDATES].query.sql_with_params()
    # Rank ids only (a narrow sort), then load the page's articles by id. The title test
    # reads the small in-row title vector: testing search_vector there too would detoast
    # each candidate's whole vector a second time.
    sql = f"""
        WITH candidates(id) AS (({newest_sql}) UNION ({titles_sql}))
        SELECT a.id, count(*) OVER () AS total
        FROM news_article a JOIN candidates c ON c.id = a.id
        ORDER BY
            ts_rank(%s::real[], a.search_vector, to_tsquery('simple', %s), 1)
            + CASE WHEN a.search_title @@ to_tsquery('simple', %s) THEN %s ELSE 0 END DESC,
            a.publish_at DESC,
            a.id DESC
        LIMIT %s OFFSET %s
    """  # noqa: S608 - the interpolated parts are Django-compiled SQL with their own params  # nosec B608
    params = [
        *newest_params,
        *titles_params,
        RANK_WEIGHTS,
        query.tsquery(),
        query.title_tsquery(),
        TITLE_BOOST,
        limit,
        offset,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows:
        total = rows[0][1]
    elif offset:
        total = newest[:SEARCH_CANDIDATES].count()
    else:
        total = 0
    by_id = (
        Article.objects.select_related("channel")
        .defer("search_vector", "workflow_note")
        .in_bulk([row[0] for row in rows])
    )
    return ArticleSearchPage(
        articles=[by_id[row[0]] for row in rows if row[0] in by_id],
        total=total,
        capped=total >= SEARCH_CANDIDATES,
    )
