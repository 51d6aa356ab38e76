"""Articles: lists, one article as a user may see it, neighbours, related."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Func, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from .. import permissions
from ..models import Article, ArticleAttachment, Channel, TopicArticle
from .channels import descendant_ids

# Columns a list or a card needs; the body and the search vector stay in the table.
LIST_DEFER = ("body", "search_vector", "editors_note", "workflow_note")


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
        # A leaf channel (most of them) filters on its own id, which lets PostgreSQL read
        # ``news_article_channel_pinned`` in order and stop after one page; a channel with
        # sub-channels lists its whole subtree (``lft``/``rght`` from mptt: no query).
        in_channel = (
            Q(channel_id=channel.pk)
            if channel.is_leaf_node()
            else Q(channel__in=descendant_ids(channel))
        )
        qs = qs.filter(in_channel).order_by("-is_pinned", "-publish_at", "-pk")
    return qs


def article_list_public() -> QuerySet[Article]:
    """Public, published articles for feeds and the sitemap."""
    return Article.objects.public().select_related("channel").defer(*LIST_DEFER)


def article_latest_per_channel(*, per_channel: int = 5) -> dict[int, list[Article]]:
    """{root channel tree_id: newest public articles in that channel's tree} (one query).

    For each channel the ids of its newest ``per_channel`` public articles (one short index
    scan each, ``news_article_channel_pub``); the newest of a tree are among the newest of
    its channels, so they are picked from those in Python. A window over every article of
    the tree, the obvious query, reads and sorts the whole table: over 1 s at 200,000
    articles (bench/explain/news-list.txt).
    """
    newest_ids = (
        Article.objects.public()
        .filter(channel_id=OuterRef("pk"))
        .order_by("-publish_at", "-pk")
        .values("pk")[:per_channel]
    )
    candidates = Channel.objects.annotate(
        article_id=Func(ArraySubquery(newest_ids), function="unnest")
    ).values("article_id")
    rows = (
        Article.objects.public()
        .select_related("channel")
        .defer(*LIST_DEFER)
        .filter(pk__in=Subquery(candidates))
    )
    by_tree: dict[int, list[Article]] = {}
    for article in rows:
        by_tree.setdefault(article.channel.tree_id, []).append(article)
    return {
        tree_id: sorted(articles, key=lambda a: (a.publish_at, a.pk), reverse=True)[:per_channel]
        for tree_id, articles in sorted(by_tree.items())
    }


@dataclass
class ArticleAccess:
    article: Article
    can_read: bool  # False: members-only and `user` is not a member → teaser
    is_preview: bool = False  # not live; shown to staff only
    is_archived: bool = False


def article_get_for_user(*, user: Any, pk: int) -> ArticleAccess:
    """The article at /news/<pk>/ as `user` may see it (see the package docstring), or 404.

    Archived articles are readable only if they were ever live (``first_published_at``):
    archiving a scheduled article that never went out keeps it unpublished.
    """
    article = (
        Article.objects.select_related("channel__parent", "magazine_issue")
        # The search columns (a 4 KB vector each) are no part of the page.
        .defer("search_vector", "search_title")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise Http404
    live = article.is_live
    archived = article.status == Article.Status.ARCHIVED and article.was_published
    preview = False
    if not (live or archived):
        if not permissions.can_preview_articles(user):
            raise Http404
        preview = True
    members_only = article.visibility == Article.Visibility.MEMBERS
    can_read = preview or not members_only or permissions.is_member(user)
    return ArticleAccess(
        article=article, can_read=can_read, is_preview=preview, is_archived=archived
    )


def article_attachment_get_for_user(*, user: Any, article_pk: int, pk: int) -> ArticleAttachment:
    """An attachment `user` may download: its article is readable to them (same rules as
    the page). PermissionDenied when the article is visible but members-only, so the view
    can offer the login page; 404 otherwise."""
    access = article_get_for_user(user=user, pk=article_pk)
    if not access.can_read:
        raise PermissionDenied
    attachment = ArticleAttachment.objects.filter(pk=pk, article_id=article_pk).first()
    if attachment is None:
        raise Http404
    return attachment


def article_neighbours(*, article: Article) -> tuple[Article | None, Article | None]:
    """(previous = older, next = newer) published article in the same channel, in one
    query: each side is a LIMIT 1 walk of the channel's date index, joined by UNION ALL."""
    if article.publish_at is None:
        return None, None
    siblings = (
        Article.objects.published()
        .filter(channel_id=article.channel_id)
        .exclude(pk=article.pk)
        .only("pk", "title", "publish_at", "visibility")
    )
    older = siblings.filter(
        Q(publish_at__lt=article.publish_at) | Q(publish_at=article.publish_at, pk__lt=article.pk)
    ).order_by("-publish_at", "-pk")[:1]
    newer = siblings.filter(
        Q(publish_at__gt=article.publish_at) | Q(publish_at=article.publish_at, pk__gt=article.pk)
    ).order_by("publish_at", "pk")[:1]
    found: dict[bool, Article] = {}
    for neighbour in older.union(newer, all=True):
        is_newer = (neighbour.publish_at, neighbour.pk) > (article.publish_at, article.pk)
        found[is_newer] = neighbour
    return found.get(False), found.get(True)


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


def topic_ids_and_tags(*, article: Article) -> tuple[list[TopicArticle], list[Any]]:
    """The article's topics (active) and tags, for its page."""
    topics = list(
        TopicArticle.objects.filter(article=article, topic__is_active=True).select_related("topic")
    )
    tags = list(article.tags.all())
    return topics, tags
