"""Reads behind the public pages: channel paths, visibility, neighbours, home, latest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from apps.news import selectors
from apps.news.models import Article
from tests.news.factories import ArticleFactory, ChannelFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _ago(**kwargs) -> dt.datetime:
    return timezone.now() - dt.timedelta(**kwargs)


def test_channel_get_by_path_walks_the_tree_and_carries_the_trail(django_assert_num_queries):
    root = ChannelFactory(slug="service")
    child = ChannelFactory(parent=root, slug="society")
    ChannelFactory(slug="society")  # same slug at the top level: a different channel
    with django_assert_num_queries(1):
        found = selectors.channel_get_by_path(path="service/society")
    assert found == child
    assert [(c.slug, c.url) for c in found.trail] == [
        ("service", "/news/service/"),
        ("society", "/news/service/society/"),
    ]


@pytest.mark.parametrize("path", ["", "society/service", "service/nope", "a/b/c/d/e/f/g"])
def test_channel_get_by_path_refuses_wrong_paths(path):
    root = ChannelFactory(slug="service")
    ChannelFactory(parent=root, slug="society")
    with pytest.raises(Http404):
        selectors.channel_get_by_path(path=path)


def test_article_access_rules(reader, member_user, editor):
    anonymous = AnonymousUser()
    public = ArticleFactory()
    members = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    archived = ArticleFactory(status=Article.Status.ARCHIVED)
    draft = ArticleFactory(status=Article.Status.DRAFT)

    assert selectors.article_get_for_user(user=anonymous, pk=public.pk).can_read
    assert not selectors.article_get_for_user(user=anonymous, pk=members.pk).can_read
    assert not selectors.article_get_for_user(user=reader, pk=members.pk).can_read
    assert selectors.article_get_for_user(user=member_user, pk=members.pk).can_read
    assert selectors.article_get_for_user(user=anonymous, pk=archived.pk).is_archived
    for user in (anonymous, reader, member_user):
        with pytest.raises(Http404):
            selectors.article_get_for_user(user=user, pk=draft.pk)
    preview = selectors.article_get_for_user(user=editor, pk=draft.pk)
    assert preview.is_preview
    assert preview.can_read


def test_neighbours_break_ties_on_the_same_minute_by_id():
    channel = ChannelFactory()
    moment = _ago(hours=2)
    first, second, third = (ArticleFactory(channel=channel, publish_at=moment) for _ in range(3))
    assert selectors.article_neighbours(article=second) == (first, third)
    assert selectors.article_neighbours(article=first) == (None, second)


def test_latest_per_channel_groups_by_top_level_channel_in_one_query(django_assert_num_queries):
    root = ChannelFactory()
    child = ChannelFactory(parent=root)
    other = ChannelFactory()
    for n in range(7):
        ArticleFactory(channel=child if n % 2 else root, publish_at=_ago(hours=n + 1))
    ArticleFactory(channel=other)
    ArticleFactory(channel=other, visibility=Article.Visibility.MEMBERS)
    with django_assert_num_queries(1):
        latest = selectors.article_latest_per_channel(per_channel=5)
    assert len(latest[root.tree_id]) == 5
    assert latest[root.tree_id][0].publish_at > latest[root.tree_id][-1].publish_at
    assert len(latest[other.tree_id]) == 1  # members-only articles are not on public lists


def test_home_news_picks_featured_notices_channels_and_topics():
    notices = ChannelFactory(slug="notices", name="通知公告")
    news = ChannelFactory(slug="association")
    featured = ArticleFactory(channel=news, is_featured=True)
    notice = ArticleFactory(channel=notices)
    pinned = ArticleFactory(channel=news, is_pinned=True, publish_at=_ago(days=30))
    topic = TopicFactory()
    home = selectors.home_news()
    assert home.headlines == [featured]
    assert home.notices[0] == pinned
    assert notice in home.notices
    assert [channel.slug for channel, _ in home.channels] == ["association"]
    assert home.topics == [topic]
