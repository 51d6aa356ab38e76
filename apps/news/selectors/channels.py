"""Channels: the active tree, one channel by its path, breadcrumbs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from ..models import Channel


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
    """The channel's ancestors and itself, each with `.url`: no query for a top-level
    channel or (when `parent` was select_related) its child, else one."""
    if channel.level == 0:
        return _with_urls([channel])
    if channel.level == 1 and Channel.parent.is_cached(channel):
        return _with_urls([channel.parent, channel])
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
