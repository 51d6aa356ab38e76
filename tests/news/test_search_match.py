"""ArticleMatch: the stripped copy of each article's search vector that searches match
against, kept by PostgreSQL triggers (migration 0012) — whatever writes the article:
the ORM, a service, or plain SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from apps.news.models import Article, ArticleMatch
from apps.news.search import parse_query
from apps.news.selectors import article_search
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _match(article: Article) -> ArticleMatch:
    return ArticleMatch.objects.get(article=article)


def _stored(article: Article) -> tuple[str, str, set[str], set[str]]:
    """The article's vector and its match row's vector as PostgreSQL prints them, then
    the lexemes of each."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.search_vector::text, m.vector::text,"
            " tsvector_to_array(a.search_vector), tsvector_to_array(m.vector)"
            " FROM news_article a JOIN news_articlematch m ON m.article_id = a.id"
            " WHERE a.id = %s",
            [article.pk],
        )
        full, stripped, full_lexemes, stripped_lexemes = cursor.fetchone()
    return full, stripped, set(full_lexemes), set(stripped_lexemes)


def test_a_new_article_gets_a_match_row_with_its_lexemes_and_no_positions():
    article = ArticleFactory(title="仲裁员培训", body="<p>涉外仲裁实务</p>")

    full, stripped, full_lexemes, stripped_lexemes = _stored(article)

    assert ":" in full  # the ranked vector keeps positions and weights
    assert ":" not in stripped  # the match vector has none
    assert stripped_lexemes == full_lexemes
    assert "仲裁" in stripped_lexemes
    assert _match(article).publish_at == article.publish_at


def test_editing_the_text_rewrites_the_match_row():
    article = ArticleFactory(title="仲裁员培训")

    article.title = "进博会志愿服务"
    article.save()

    *_, lexemes = _stored(article)
    assert "博会" in lexemes
    assert "仲裁" not in lexemes


def test_rescheduling_moves_the_match_row_to_the_new_date():
    article = ArticleFactory(status=Article.Status.SCHEDULED)
    later = timezone.now() + dt.timedelta(days=3)

    Article.objects.filter(pk=article.pk).update(publish_at=later)

    assert _match(article).publish_at == later


def test_deleting_an_article_deletes_its_match_row():
    article = ArticleFactory()
    kept = ArticleFactory()

    article.delete()

    assert list(ArticleMatch.objects.values_list("article_id", flat=True)) == [kept.pk]


def test_an_article_written_with_plain_sql_is_matched_too():
    """Imports and bench/city_bulk.py insert rows without the ORM; the trigger still
    keeps the match table whole."""
    template = ArticleFactory(title="模板")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO news_article (
                title, subtitle, editors_note, body, summary, cover_alt, author, source_name,
                source_issue, source_url, visibility, is_pinned, is_featured, status,
                publish_at, workflow_note, created_at, updated_at, view_count,
                search_vector, channel_id)
            VALUES ('仲裁实务', '', '', '', '', '', '', '', '', '', 'public', false, false,
                'published', now() - interval '1 hour', '', now(), now(), 0,
                to_tsvector('simple', '仲裁 实务 仲裁实务'), %s)
            RETURNING id
            """,
            [template.channel_id],
        )
        (new_id,) = cursor.fetchone()

    page = article_search(query=parse_query("仲裁"), user=AnonymousUser())

    assert [article.pk for article in page.articles] == [new_id]


def test_search_walks_no_draft_or_scheduled_match_rows_first():
    """Drafts (no date) and scheduled articles sit at the top of the match table's date
    index; the search starts below them and still finds the published article."""
    ArticleFactory.create_batch(3, title="仲裁草稿", status=Article.Status.DRAFT, publish_at=None)
    ArticleFactory(title="仲裁预告", status=Article.Status.SCHEDULED)
    published = ArticleFactory(title="仲裁动态")

    page = article_search(query=parse_query("仲裁"), user=AnonymousUser())

    assert [article.pk for article in page.articles] == [published.pk]
    assert page.total == 1


def test_the_match_row_carries_the_articles_status_and_visibility():
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    assert (_match(article).status, _match(article).visibility) == ("draft", "public")

    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now(),
        visibility=Article.Visibility.MEMBERS,
    )
    assert (_match(article).status, _match(article).visibility) == ("published", "members")

    Article.objects.filter(pk=article.pk).update(status=Article.Status.ARCHIVED)
    assert _match(article).status == "archived"


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_search_finds_exactly_the_articles_the_reader_may_see(who, request):
    """ArticleMatch.objects.visible_to decides on the copied columns what
    Article.objects.visible_to decides on the article: the two must never disagree."""
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue("member_user")
    now = timezone.now()
    for status in Article.Status.values:
        for visibility in Article.Visibility.values:
            for publish_at in (None, now - dt.timedelta(days=1), now + dt.timedelta(days=1)):
                if publish_at is None and status != Article.Status.DRAFT:
                    continue  # only a draft may have no date (a check constraint)
                ArticleFactory(
                    title="仲裁规则", status=status, visibility=visibility, publish_at=publish_at
                )

    page = article_search(query=parse_query("仲裁"), user=user, limit=100)
    visible = Article.objects.visible_to(user, now=timezone.now())

    assert {a.pk for a in page.articles} == set(visible.values_list("pk", flat=True))
    assert {a.pk for a in page.articles}  # something is visible to everyone
    matched = ArticleMatch.objects.visible_to(user, timezone.now())
    assert set(matched.values_list("article_id", flat=True)) == set(
        visible.values_list("pk", flat=True)
    )
