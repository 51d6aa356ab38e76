"""Public news pages: index, channels, articles, topics. Thin: selectors do the reading.

Who sees what (members-only teaser, archived, previews) is documented and decided in
apps.news.selectors.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.decorators import staff_second_factor_redirect
from apps.core.pagecache import hit_hook_skip

from .. import selectors
from ..templatetags.news_tags import display_name as channel_display_name
from ..view_counts import is_probably_bot, view_count_increment, view_count_pending
from ._common import page as _page

INDEX_LATEST = 10


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    channels = selectors.channel_list_active()
    latest = selectors.article_latest_per_channel(per_channel=4)
    roots = [
        {"channel": c, "articles": latest.get(c.tree_id, []), "children": []}
        for c in channels
        if c.level == 0
    ]
    by_tree = {root["channel"].tree_id: root for root in roots}
    for channel in channels:
        if channel.level == 1 and channel.tree_id in by_tree:
            by_tree[channel.tree_id]["children"].append(channel)
    return render(
        request,
        "news/index.html",
        {
            "roots": roots,
            "latest": selectors.article_list()[:INDEX_LATEST],
            "topics": selectors.topic_list_active()[:4],
            "breadcrumbs": [(_("新闻资讯"), "")],
        },
    )


@require_GET
def channel(request: HttpRequest, path: str) -> HttpResponse:
    current = selectors.channel_get_by_path(path=path)
    page_obj = _page(request, selectors.article_list(channel=current))
    crumbs = [(_("新闻资讯"), reverse("news:index"))] + [
        (channel_display_name(c), c.url if c is not current else "") for c in current.trail
    ]
    return render(
        request,
        "news/channel.html",
        {
            "channel": current,
            "channel_path": path.strip("/"),
            "children": selectors.channel_children(current, path=path.strip("/")),
            "page_obj": page_obj,
            "breadcrumbs": crumbs,
        },
    )


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.article_get_for_user(user=request.user, pk=pk)
    # A preview (an article not live, shown to staff) is a staff power: second factor first.
    if access.is_preview and (held := staff_second_factor_redirect(request)) is not None:
        return held
    article = access.article
    counted = access.can_read and not access.is_preview
    if counted and not is_probably_bot(request.headers.get("User-Agent", "")):
        view_count_increment(article.pk)
    if not counted:
        # Cached for anonymous visitors, this rendering is no read: its hits count nothing
        # (the counter's hit hook, view_counts.view_count_hit, runs for the others).
        hit_hook_skip(request)
    topic_links, tags = selectors.topic_ids_and_tags(article=article)
    older, newer = selectors.article_neighbours(article=article)
    trail = selectors.channel_trail(article.channel)
    crumbs = [(_("新闻资讯"), reverse("news:index"))] + [
        (channel_display_name(c), c.url) for c in trail
    ]
    crumbs.append((article.title, ""))
    context = {
        "article": article,
        "access": access,
        "attachments": list(article.attachments.all()) if access.can_read else [],
        "topic_links": topic_links,
        "tags": tags,
        "older": older,
        "newer": newer,
        "related": selectors.article_related(
            article=article,
            topic_ids=[link.topic_id for link in topic_links],
            tag_ids=[tag.pk for tag in tags],
        ),
        "views": article.view_count + view_count_pending(article.pk),
        "channel_url": trail[-1].url,
        # Only a published issue has a page to link to.
        "magazine_issue": article.magazine_issue
        if article.magazine_issue is not None and article.magazine_issue.is_published
        else None,
        "breadcrumbs": crumbs,
    }
    response = render(request, "news/article.html", context)
    if access.is_preview or not access.can_read:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/topic_list.html",
        {
            "page_obj": _page(request, selectors.topic_list_active(), per_page=12),
            "breadcrumbs": [(_("专题"), "")],
        },
    )


@require_GET
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_get(slug=slug)
    return render(
        request,
        "news/topic_detail.html",
        {
            "topic": topic,
            "page_obj": _page(request, selectors.topic_articles(topic=topic)),
            "breadcrumbs": [(_("专题"), reverse("news:topics")), (topic.title, "")],
        },
    )
