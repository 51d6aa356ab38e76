import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.news.models import Article, Channel
from tests.news.factories import ArticleFactory, ChannelFactory

pytestmark = pytest.mark.django_db


def test_channel_path_joins_ancestor_slugs():
    parent = ChannelFactory(slug="services")
    child = ChannelFactory(slug="pro-bono", parent=parent)
    assert child.get_path() == "services/pro-bono"


def test_channel_slug_unique_among_siblings_only():
    parent = ChannelFactory(slug="a")
    ChannelFactory(slug="x", parent=parent)
    ChannelFactory(slug="x")  # a root with the same slug is fine
    with pytest.raises(IntegrityError):
        ChannelFactory(slug="x", parent=parent)


def test_root_channel_slugs_are_unique_too():
    ChannelFactory(slug="root")
    with pytest.raises(IntegrityError):
        ChannelFactory(slug="root")


def test_channel_slug_may_not_be_all_digits():
    channel = Channel(name="数字", slug="2025")
    with pytest.raises(ValidationError) as exc:
        channel.full_clean()
    assert "slug" in exc.value.message_dict


def test_summary_is_derived_from_body_when_blank():
    article = ArticleFactory(
        body="<p>第一段<strong>重点</strong>内容。</p><p>第二段。</p>", summary=""
    )
    assert article.summary.startswith("第一段重点内容。")


def test_body_is_sanitised_on_every_save():
    article = ArticleFactory(body='<p onclick="x()">正文</p><script>alert(1)</script>')
    article.refresh_from_db()
    assert article.body == "<p>正文</p>"


def test_published_excludes_future_and_other_states():
    live = ArticleFactory()
    ArticleFactory(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() + dt.timedelta(hours=1)
    )
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(status=Article.Status.SCHEDULED)
    assert list(Article.objects.published()) == [live]


def test_members_only_articles_visible_to_members_and_staff(member_user, reader, editor):
    public = ArticleFactory()
    members = ArticleFactory(visibility=Article.Visibility.MEMBERS)
    assert set(Article.objects.public()) == {public}
    assert set(Article.objects.visible_to(reader)) == {public}
    assert set(Article.objects.visible_to(member_user)) == {public, members}
    assert set(Article.objects.visible_to(editor)) == {public, members}


def test_live_status_requires_publish_time_in_database():
    article = ArticleFactory(status=Article.Status.DRAFT)
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)


def test_state_machine_refuses_illegal_transitions():
    article = ArticleFactory(status=Article.Status.DRAFT)
    with pytest.raises(DomainError):
        article.publish()
    with pytest.raises(DomainError):
        article.archive()
    article.submit()
    with pytest.raises(DomainError):
        article.submit()
    with pytest.raises(DomainError):
        article.schedule(timezone.now() - dt.timedelta(minutes=1))
    article.schedule(timezone.now() + dt.timedelta(days=1))
    assert article.status == Article.Status.SCHEDULED
    with pytest.raises(DomainError):
        article.back_to_draft("")
    article.back_to_draft("标题需修改")
    assert article.status == Article.Status.DRAFT
    assert article.publish_at is None
    assert article.workflow_note == "标题需修改"


def test_source_line_reads_like_the_print_credit():
    article = ArticleFactory(source_name="《社区》", source_issue="2025年2月下")
    assert article.source_line == "原文刊登于《社区》2025年2月下"
