"""Reads for the public news pages, feeds, sitemap, home section and search.

Visibility (decided here, used by every page):

* Published articles whose time has come are listed and readable; members-only ones are
  listed and readable for members (a linked lawyer record, or staff), and listed with a
  lock for everybody else. Their page answers **200 with a teaser** (title, channel, date,
  "请登录会员账户阅读" with a login link) rather than 302/403: the visitor learns what the
  article is and how to read it, and crawlers do not see an error — the page carries
  ``noindex`` and is left out of feeds and the sitemap.
* **Archived** articles stay readable at their address (inbound links keep working) with a
  notice, but are no longer listed, searched, fed or in the sitemap.
* Drafts, articles in review and scheduled ones are 404 — except to staff who may view
  articles, who see a preview banner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, F, Func, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from .models import Article, Channel, Topic, TopicArticle, user_is_member
from .search import ParsedQuery

# Columns a list or a card needs; the body and the search vector stay in the table.
LIST_DEFER = ("body", "search_vector", "editors_note", "workflow_note")

# Bounded ranking (DESIGN.md "News"): rank at most this many of the newest matches plus
# this many of the newest title matches, instead of every match of a common word.
SEARCH_CANDIDATES = 500
SEARCH_TITLE_CANDIDATES = 100
# Title matches (every word in title/subtitle) come before any body-only match.
TITLE_BOOST = 10.0
# The expression of the GIN index news_article_title_gin (migration 0004): the vector's
# title and subtitle lexemes. Queries must spell it exactly so for the index to be used.
TITLE_VECTOR_SQL = "ts_filter(%(expressions)s, '{a}')"
# ts_rank weights for D, C, B, A.
RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]


def can_preview(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_perm("news.view_article")
    )


# --- Channels -------------------------------------------------------------------------


def _with_urls(channels: list[Channel], prefix: str = "") -> list[Channel]:
    """Set `.url` on channels listed parents-first, without a query per channel
    (get_absolute_url() asks the database for the ancestors)."""
    paths: dict[int, str] = {}
    for channel in channels:
        parent_path = paths.get(channel.parent_id, prefix) if channel.parent_id else prefix
        path = f"{parent_path}/{channel.slug}" if parent_path else channel.slug
        paths[channel.pk] = path
        channel.url = reverse("news:channel", kwargs={"path": path})
    return channels


def channel_list_active() -> list[Channel]:
    """Every active channel in tree order, each with `.url` (one query)."""
    return _with_urls(list(Channel.objects.active().order_by("tree_id", "lft")))


def channel_trail(channel: Channel) -> list[Channel]:
    """The channel's ancestors and itself, each with `.url` (one query)."""
    return _with_urls(list(channel.get_ancestors(include_self=True)))


def channel_get_by_path(*, path: str) -> Channel:
    """The active channel at "parent/child" (one query), or 404.

    The result carries `.trail`: its ancestors and itself with `.url`, for breadcrumbs.
    """
    slugs = [slug for slug in path.strip("/").split("/") if slug]
    if not slugs or len(slugs) > 6:
        raise Http404
    candidates = list(Channel.objects.active().filter(slug__in=slugs, level__lt=len(slugs)))
    trail: list[Channel] = []
    parent_id = None
    for depth, slug in enumerate(slugs):
        step = next(
            (
                c
                for c in candidates
                if c.slug == slug and c.level == depth and c.parent_id == parent_id
            ),
            None,
        )
        if step is None:
            raise Http404
        trail.append(step)
        parent_id = step.pk
    channel = trail[-1]
    channel.trail = _with_urls(trail)
    return channel


def descendant_ids(channel: Channel) -> QuerySet:
    return Channel.objects.filter(
        tree_id=channel.tree_id, lft__gte=channel.lft, rght__lte=channel.rght
    ).values("pk")


def channel_children(channel: Channel, *, path: str) -> list[Channel]:
    """Active sub-channels of the channel at `path`, each with `.url`."""
    children = list(channel.get_children().filter(is_active=True))
    for child in children:
        child.url = reverse("news:channel", kwargs={"path": f"{path}/{child.slug}"})
    return children


# --- Lists ----------------------------------------------------------------------------


def article_list(*, channel: Channel | None = None) -> QuerySet[Article]:
    """Published articles for the news pages, newest first (pinned first in a channel).

    Members-only articles are listed for everybody, marked with a lock, so visitors know
    they exist; whether the article page shows the body is `article_get_for_user`'s call.
    """
    qs = (
        Article.objects.published()
        .select_related("channel")
        .defer(*LIST_DEFER)
        .order_by("-publish_at", "-pk")
    )
    if channel is not None:
        qs = qs.filter(channel__in=descendant_ids(channel)).order_by(
            "-is_pinned", "-publish_at", "-pk"
        )
    return qs


def article_list_public() -> QuerySet[Article]:
    """Public, published articles for feeds and the sitemap."""
    return Article.objects.public().select_related("channel").defer(*LIST_DEFER)


def article_latest_per_channel(*, per_channel: int = 5) -> dict[int, list[Article]]:
    """{root channel tree_id: newest public articles in that channel's tree} (one query)."""
    rows = (
        Article.objects.public()
        .select_related("channel")
        .defer(*LIST_DEFER)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("channel__tree_id")],
                order_by=[F("publish_at").desc(), F("pk").desc()],
            )
        )
        .filter(row__lte=per_channel)
        .order_by("channel__tree_id", "row")
    )
    latest: dict[int, list[Article]] = {}
    for article in rows:
        latest.setdefault(article.channel.tree_id, []).append(article)
    return latest


# --- One article ----------------------------------------------------------------------


@dataclass
class ArticleAccess:
    article: Article
    can_read: bool  # False: members-only and `user` is not a member → teaser
    is_preview: bool = False  # not live; shown to staff only
    is_archived: bool = False


def article_get_for_user(*, user: Any, pk: int) -> ArticleAccess:
    """The article at /news/<pk>/ as `user` may see it (see the module docstring), or 404."""
    article = Article.objects.select_related("channel", "magazine_issue").filter(pk=pk).first()
    if article is None:
        raise Http404
    live = article.is_live
    archived = article.status == Article.Status.ARCHIVED and article.publish_at is not None
    preview = False
    if not (live or archived):
        if not can_preview(user):
            raise Http404
        preview = True
    members_only = article.visibility == Article.Visibility.MEMBERS
    can_read = preview or not members_only or user_is_member(user)
    return ArticleAccess(
        article=article, can_read=can_read, is_preview=preview, is_archived=archived
    )


def article_neighbours(*, article: Article) -> tuple[Article | None, Article | None]:
    """(previous = older, next = newer) published article in the same channel."""
    if article.publish_at is None:
        return None, None
    siblings = (
        Article.objects.published()
        .filter(channel_id=article.channel_id)
        .exclude(pk=article.pk)
        .only("pk", "title", "publish_at", "visibility")
    )
    older = (
        siblings.filter(
            Q(publish_at__lt=article.publish_at)
            | Q(publish_at=article.publish_at, pk__lt=article.pk)
        )
        .order_by("-publish_at", "-pk")
        .first()
    )
    newer = (
        siblings.filter(
            Q(publish_at__gt=article.publish_at)
            | Q(publish_at=article.publish_at, pk__gt=article.pk)
        )
        .order_by("publish_at", "pk")
        .first()
    )
    return older, newer


def article_related(
    *, article: Article, topic_ids: list[int], tag_ids: list[int], limit: int = 5
) -> list[Article]:
    """Articles sharing a topic or a tag (most shared first, then newest), then the
    newest of the same channel to fill up. At most two queries."""
    base = Article.objects.published().exclude(pk=article.pk).defer(*LIST_DEFER)
    related: list[Article] = []
    if topic_ids or tag_ids:
        shared_topics = Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
        shared_tags = Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
        related = list(
            base.filter(Q(topics__in=topic_ids) | Q(tags__in=tag_ids))
            .annotate(shared=shared_topics + shared_tags)
            .order_by("-shared", "-publish_at")[:limit]
        )
    if len(related) < limit:
        seen = [a.pk for a in related]
        related += list(
            base.filter(channel_id=article.channel_id)
            .exclude(pk__in=seen)
            .order_by("-publish_at")[: limit - len(related)]
        )
    return related


# --- Topics ---------------------------------------------------------------------------


def topic_list_active() -> QuerySet[Topic]:
    published = Q(topic_articles__article__status=Article.Status.PUBLISHED) & Q(
        topic_articles__article__publish_at__lte=timezone.now()
    )
    return (
        Topic.objects.active()
        .annotate(article_count=Count("topic_articles", filter=published))
        .order_by("order", "-created_at", "pk")
    )


def topic_get(*, slug: str) -> Topic:
    topic = Topic.objects.active().filter(slug=slug).first()
    if topic is None:
        raise Http404
    return topic


def topic_articles(*, topic: Topic) -> QuerySet[Article]:
    """The topic's published articles in the editors' order (listed for everybody)."""
    return (
        Article.objects.published()
        .filter(topic_links__topic=topic)
        .select_related("channel")
        .defer(*LIST_DEFER)
        .order_by("topic_links__order", "-publish_at")
    )


# --- Home -----------------------------------------------------------------------------


@dataclass
class HomeNews:
    headlines: list[Article] = field(default_factory=list)
    notices: list[Article] = field(default_factory=list)
    channels: list[tuple[Channel, list[Article]]] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)


NOTICES_SLUG = "notices"


def home_news(*, headlines: int = 3, notices: int = 6, per_channel: int = 5) -> HomeNews:
    """What the home page shows of news (public articles only: the same for everyone)."""
    public = Article.objects.public().select_related("channel").defer(*LIST_DEFER)
    roots = [c for c in channel_list_active() if c.level == 0]
    notice_root = next((c for c in roots if c.slug == NOTICES_SLUG), None)
    latest = article_latest_per_channel(per_channel=per_channel)
    notice_filter = Q(is_pinned=True)
    if notice_root is not None:
        notice_filter |= Q(channel__tree_id=notice_root.tree_id)
    return HomeNews(
        headlines=list(public.filter(is_featured=True).order_by("-publish_at")[:headlines]),
        notices=list(public.filter(notice_filter).order_by("-is_pinned", "-publish_at")[:notices]),
        channels=[
            (root, latest[root.tree_id])
            for root in roots
            if root.tree_id in latest and root is not notice_root
        ],
        topics=list(Topic.objects.active()[:4]),
    )


# --- Search ---------------------------------------------------------------------------


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

    base = Article.objects.visible_to(user)
    if channel is not None:
        base = base.filter(channel__in=descendant_ids(channel))
    tz = timezone.get_current_timezone()
    if date_from:
        base = base.filter(publish_at__gte=dt.datetime.combine(date_from, dt.time.min, tz))
    if date_to:
        next_day = date_to + dt.timedelta(days=1)
        base = base.filter(publish_at__lt=dt.datetime.combine(next_day, dt.time.min, tz))

    newest = base.filter(search_vector=everywhere).order_by("-publish_at").values("pk")
    # Title matches through their own small GIN index (migration 0004): the lexemes of
    # weight A only, so no heap rows are read to check weights.
    titles = (
        base.alias(title_vector=Func(F("search_vector"), template=TITLE_VECTOR_SQL))
        .filter(title_vector=everywhere)
        .order_by("-publish_at")
        .values("pk")
    )
    newest_sql, newest_params = newest[:SEARCH_CANDIDATES].query.sql_with_params()
    titles_sql, titles_params = titles[:SEARCH_TITLE_CANDIDATES].query.sql_with_params()
    # Rank ids only (a narrow sort), then load the page's articles by id.
    sql = f"""
        WITH candidates(id) AS (({newest_sql}) UNION ({titles_sql}))
        SELECT a.id, count(*) OVER () AS total
        FROM news_article a JOIN candidates c ON c.id = a.id
        ORDER BY
            ts_rank(%s::real[], a.search_vector, to_tsquery('simple', %s), 1)
            + CASE WHEN a.search_vector @@ to_tsquery('simple', %s) THEN %s ELSE 0 END DESC,
            a.publish_at DESC,
            a.id DESC
        LIMIT %s OFFSET %s
    """  # noqa: S608 - the interpolated parts are Django-compiled SQL with their own params
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


def topic_ids_and_tags(*, article: Article) -> tuple[list[TopicArticle], list[Any]]:
    """The article's topics (active) and tags, for its page."""
    topics = list(
        TopicArticle.objects.filter(article=article, topic__is_active=True).select_related("topic")
    )
    tags = list(article.tags.all())
    return topics, tags
