"""Feature topics (专题) and their articles."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ..models import Article, Topic
from .articles import LIST_DEFER


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
