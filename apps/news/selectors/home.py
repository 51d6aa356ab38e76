"""What the home page shows of news."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from ..models import Article, Channel, Topic
from .articles import LIST_DEFER, article_latest_per_channel
from .channels import channel_list_active


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
