"""Public news pages: index, channels, articles, topics, and the home section."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.news.models import Article, TopicArticle
from apps.news.tasks import news_image_renditions
from tests.news.factories import (
    ArticleAttachmentFactory,
    ArticleFactory,
    ChannelFactory,
    TagFactory,
    TopicFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # view counters and the home section live in the cache
    yield
    cache.clear()


def _ago(**kwargs) -> dt.datetime:
    return timezone.now() - dt.timedelta(**kwargs)


@pytest.fixture
def association(db):
    return ChannelFactory(name="协会动态", name_en="Association News", slug="association")


@pytest.fixture
def article(association):
    return ArticleFactory(
        channel=association,
        title="党建引领践行上海律师时代精神",
        subtitle="行业高质量发展综述",
        editors_note="本刊以党建引领为主题进行了深度报道。",
        body="<p>上海律协坚持以党建为引领。</p><p>第二段<strong>加粗</strong>。</p>",
        summary="上海律协坚持以党建为引领，推动行业高质量发展。",
        author="本刊记者",
        source_name="《社区》",
        source_issue="2025年2月下",
        source_url="https://example.org/community/2025-02",
    )


# --- /news/ ---------------------------------------------------------------------------


def test_news_index_lists_channels_and_latest(client, article):
    draft = ArticleFactory(
        channel=article.channel, title="尚未发布的草稿", status=Article.Status.DRAFT
    )
    response = client.get("/news/")
    assert response.status_code == 200
    content = response.content.decode()
    assert article.title in content
    assert "协会动态" in content
    assert draft.title not in content
    assert 'type="application/rss+xml"' in content


def test_news_index_in_english_uses_english_channel_names(client, article):
    response = client.get("/en/news/")
    assert response.status_code == 200
    assert "Association News" in response.content.decode()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_article_lists_link_and_date_articles_exactly_like_the_generic_helpers(
    client, article, prefix
):
    """The list item's cheap article_url / iso_datetime / ymd filters give what
    get_absolute_url() and |date:"c" / |date:"Y-m-d" give, in both languages."""
    local = timezone.localtime(article.publish_at)

    content = client.get(f"{prefix}/news/").content.decode()

    assert f'<a href="{prefix}/news/{article.pk}/">{article.title}</a>' in content
    assert f'<time datetime="{local.isoformat()}">{local:%Y-%m-%d}</time>' in content


def test_channel_and_topic_lists_put_article_titles_one_level_below_the_page_title(client, article):
    topic = TopicFactory(slug="lists")
    TopicArticle.objects.create(topic=topic, article=article, order=0)

    for path in ("/news/association/", "/topics/lists/"):
        content = client.get(path).content.decode()

        assert content.count("<h1") == 1
        assert '<h2 class="article-item-title">' in content, path
        assert '<h3 class="article-item-title">' not in content, path


@pytest.mark.parametrize("rows", [3, 30])
def test_news_index_query_budget(client, db, django_assert_max_num_queries, rows):
    channels = [ChannelFactory(), ChannelFactory(), ChannelFactory(parent=None)]
    ChannelFactory(parent=channels[0])
    for n in range(rows):
        ArticleFactory(channel=channels[n % 3])
    TopicFactory()
    # channels, latest per channel, latest overall, topics, site settings
    with django_assert_max_num_queries(6):
        assert client.get("/news/").status_code == 200


# --- /news/<channel path>/ -----------------------------------------------------------


def test_channel_page_lists_its_and_sub_channel_articles_pinned_first(client, association):
    child = ChannelFactory(parent=association, name="区县动态", slug="districts")
    old_pinned = ArticleFactory(
        channel=association, title="置顶通知", is_pinned=True, publish_at=_ago(days=30)
    )
    newer = ArticleFactory(channel=child, title="区县新闻", publish_at=_ago(days=1))
    elsewhere = ArticleFactory(title="别的栏目")
    response = client.get("/news/association/")
    assert response.status_code == 200
    listed = [a.title for a in response.context["page_obj"]]
    assert listed == [old_pinned.title, newer.title]
    assert elsewhere.title not in response.content.decode()
    assert [c.slug for c in response.context["children"]] == ["districts"]


def test_sub_channel_page_has_breadcrumbs_to_parent(client, association):
    ChannelFactory(parent=association, name="区县动态", slug="districts")
    response = client.get("/news/association/districts/")
    assert response.status_code == 200
    assert response.context["breadcrumbs"][1] == ("协会动态", "/news/association/")
    assert response.context["breadcrumbs"][-1] == ("区县动态", "")


@pytest.mark.parametrize("path", ["/news/nope/", "/news/association/nope/", "/news/districts/"])
def test_unknown_or_misplaced_channel_paths_are_404(client, association, path):
    ChannelFactory(parent=association, slug="districts")
    assert client.get(path).status_code == 404


def test_inactive_channel_is_404(client, db):
    ChannelFactory(slug="closed", is_active=False)
    assert client.get("/news/closed/").status_code == 404


def test_channel_pagination_and_bad_page_numbers(client, association):
    for n in range(25):
        ArticleFactory(channel=association, publish_at=_ago(hours=n + 1))
    assert len(client.get("/news/association/").context["page_obj"]) == 20
    assert len(client.get("/news/association/?page=2").context["page_obj"]) == 5
    assert client.get("/news/association/?page=99").context["page_obj"].number == 2
    assert client.get("/news/association/?page=x").context["page_obj"].number == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_channel_page_query_budget(client, association, django_assert_max_num_queries, rows):
    ChannelFactory(parent=association)
    for _ in range(rows):
        ArticleFactory(channel=association)
    # channel path, children, count, page, site settings
    with django_assert_max_num_queries(6):
        assert client.get("/news/association/").status_code == 200


def test_reserved_publication_segments_never_reach_the_channel_route():
    from django.urls import Resolver404, resolve

    for path in ["/news/rules/", "/news/magazine/", "/news/guides/", "/news/contribute/"]:
        try:
            match = resolve(path)
        except Resolver404:
            continue
        assert match.url_name != "channel"


# --- /news/<pk>/ ----------------------------------------------------------------------


def test_article_page_shows_everything_an_article_has(client, article):
    ArticleAttachmentFactory(article=article, title="实施细则全文")
    response = client.get(f"/news/{article.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert article.title in content
    assert article.subtitle in content
    assert "编者按" in content
    assert article.editors_note in content
    assert "原文刊登于《社区》2025年2月下" in content
    assert 'href="https://example.org/community/2025-02"' in content
    assert "<strong>加粗</strong>" in content  # sanitised body rendered as HTML
    assert "实施细则全文" in content
    assert "PDF" in content
    assert f'<link rel="canonical" href="http://testserver/news/{article.pk}/">' in content
    assert '<meta property="og:title" content="党建引领践行上海律师时代精神">' in content
    assert 'name="description" content="上海律协坚持以党建为引领' in content
    assert 'media="print"' in content
    crumbs = response.context["breadcrumbs"]
    assert crumbs[1] == ("协会动态", "/news/association/")


def test_article_page_links_previous_and_next_in_channel(client, association):
    older = ArticleFactory(channel=association, title="较早", publish_at=_ago(days=3))
    current = ArticleFactory(channel=association, title="当前", publish_at=_ago(days=2))
    newer = ArticleFactory(channel=association, title="较新", publish_at=_ago(days=1))
    ArticleFactory(title="别的栏目更新", publish_at=_ago(hours=36))
    response = client.get(f"/news/{current.pk}/")
    assert response.context["older"] == older
    assert response.context["newer"] == newer


@pytest.mark.parametrize("rows", [2, 20])
def test_article_page_query_budget_does_not_grow_with_rows(
    client, association, django_assert_max_num_queries, rows
):
    """Article (with its channel's parent), topics, tags, both neighbours in one query,
    related articles (at most two) and attachments: 7, whatever the neighbourhood holds."""
    sub = ChannelFactory(parent=association, name="区县动态", slug="districts")
    topic, tag = TopicFactory(), TagFactory(name="公益")
    current = ArticleFactory(channel=sub, topics=[topic], tags=[tag], publish_at=_ago(days=rows))
    for n in range(rows):
        ArticleFactory(channel=sub, topics=[topic], tags=[tag], publish_at=_ago(days=n * 2 + 1))
        ArticleAttachmentFactory(article=current)
    client.get(current.get_absolute_url())  # site settings and menus cached, as in service

    with django_assert_max_num_queries(7):
        response = client.get(current.get_absolute_url())

    assert response.status_code == 200
    assert response.context["older"] is not None
    assert response.context["newer"] is not None
    assert [title for title, _ in response.context["breadcrumbs"][1:3]] == ["协会动态", "区县动态"]


def test_article_breadcrumbs_name_every_ancestor_of_a_deep_channel(client, association):
    district = ChannelFactory(parent=association, name="区县动态", slug="districts")
    pudong = ChannelFactory(parent=district, name="浦东", slug="pudong")
    article = ArticleFactory(channel=pudong, title="浦东新闻")

    crumbs = client.get(article.get_absolute_url()).context["breadcrumbs"]

    assert crumbs[1:] == [
        ("协会动态", "/news/association/"),
        ("区县动态", "/news/association/districts/"),
        ("浦东", "/news/association/districts/pudong/"),
        ("浦东新闻", ""),
    ]


def test_article_neighbours_come_from_its_own_channel_only_and_skip_drafts(client, association):
    current = ArticleFactory(channel=association, publish_at=_ago(days=5))
    ArticleFactory(title="别的栏目较早", publish_at=_ago(days=6))
    ArticleFactory(channel=association, status=Article.Status.DRAFT, publish_at=_ago(days=4))
    newer = ArticleFactory(channel=association, publish_at=_ago(days=1))

    response = client.get(current.get_absolute_url())

    assert response.context["older"] is None
    assert response.context["newer"] == newer


def test_article_page_suggests_articles_sharing_topics_and_tags_first(client, association):
    topic = TopicFactory()
    tag = TagFactory(name="进博会")
    current = ArticleFactory(channel=association, topics=[topic], tags=[tag])
    sharing_both = ArticleFactory(topics=[topic], tags=[tag], publish_at=_ago(days=9))
    sharing_tag = ArticleFactory(tags=[tag], publish_at=_ago(days=3))
    same_channel = ArticleFactory(channel=association, publish_at=_ago(days=1))
    related = client.get(f"/news/{current.pk}/").context["related"]
    assert related[:3] == [sharing_both, sharing_tag, same_channel]


def test_cover_renders_as_responsive_image(client, association):
    article = ArticleFactory(
        channel=association, cover=image_file(width=1600, height=900), cover_alt="会场"
    )
    cache.clear()
    content = client.get(f"/news/{article.pk}/").content.decode()
    # Before the task ran: the original alone, nothing rendered by the page request.
    assert f'src="{article.cover.url}"' in content
    assert "srcset=" not in content
    news_image_renditions.delay(article.cover.name)  # what the worker does after upload
    content = client.get(f"/news/{article.pk}/").content.decode()
    assert "srcset=" in content
    assert " 1440w" in content
    assert f"{article.cover.url} 1600w" in content
    assert 'alt="会场"' in content
    assert 'property="og:image" content="http://testserver/media/' in content


def test_members_only_article_shows_visitors_a_teaser_and_login_link(client, association):
    article = ArticleFactory(
        channel=association,
        title="会员专享：执业风险提示",
        body="<p>仅会员可见的正文内容。</p>",
        visibility=Article.Visibility.MEMBERS,
    )
    response = client.get(f"/news/{article.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert article.title in content
    assert "仅会员可见的正文内容" not in content
    assert "请登录会员账户阅读" in content
    assert f"/accounts/login/?next=/news/{article.pk}/" in content.replace("%2F", "/")
    assert response["X-Robots-Tag"] == "noindex"
    listing = client.get("/news/association/").content.decode()
    assert article.title in listing
    assert "仅会员可见的正文内容" not in listing


def test_members_only_article_is_readable_by_members(client, association, member_user):
    article = ArticleFactory(
        channel=association,
        body="<p>仅会员可见的正文内容。</p>",
        visibility=Article.Visibility.MEMBERS,
    )
    client.force_login(member_user)
    assert "仅会员可见的正文内容" in client.get(f"/news/{article.pk}/").content.decode()


def test_members_only_article_tells_signed_in_non_members_why(client, association, reader):
    article = ArticleFactory(
        channel=association,
        body="<p>仅会员可见的正文内容。</p>",
        visibility=Article.Visibility.MEMBERS,
    )
    client.force_login(reader)
    content = client.get(f"/news/{article.pk}/").content.decode()
    assert "仅会员可见的正文内容" not in content
    assert "尚未关联执业律师信息" in content


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.SCHEDULED]
)
def test_unpublished_articles_are_404_for_visitors_and_members(
    client, association, member_user, status
):
    article = ArticleFactory(channel=association, status=status)
    assert client.get(f"/news/{article.pk}/").status_code == 404
    client.force_login(member_user)
    assert client.get(f"/news/{article.pk}/").status_code == 404


def test_editors_preview_unpublished_articles_with_a_banner(client, association, editor):
    article = ArticleFactory(
        channel=association, status=Article.Status.REVIEW, body="<p>待审正文</p>"
    )
    client.force_login(editor)
    response = client.get(f"/news/{article.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "待审正文" in content
    assert "预览" in content
    assert response["X-Robots-Tag"] == "noindex"


def test_archived_article_stays_readable_with_a_notice_but_is_not_listed(client, association):
    article = ArticleFactory(channel=association, title="旧闻一则", status=Article.Status.ARCHIVED)
    response = client.get(f"/news/{article.pk}/")
    assert response.status_code == 200
    assert "本文已归档" in response.content.decode()
    assert "旧闻一则" not in client.get("/news/association/").content.decode()


def test_missing_article_is_404(client, db):
    assert client.get("/news/987654/").status_code == 404


def test_article_page_query_count_is_bounded(client, article, django_assert_max_num_queries):
    ArticleAttachmentFactory(article=article)
    with django_assert_max_num_queries(12):
        client.get(f"/news/{article.pk}/")


# --- /topics/ -------------------------------------------------------------------------


def test_topic_list_and_topic_page_in_editors_order(client, db):
    topic = TopicFactory(title="进博会法律服务", slug="ciie", description="历届进博会志愿服务。")
    first = ArticleFactory(title="第一篇", publish_at=_ago(days=1))
    second = ArticleFactory(title="第二篇", publish_at=_ago(days=5))
    draft = ArticleFactory(title="未发布", status=Article.Status.DRAFT)
    from apps.news.models import TopicArticle

    TopicArticle.objects.create(topic=topic, article=second, order=0)
    TopicArticle.objects.create(topic=topic, article=first, order=1)
    TopicArticle.objects.create(topic=topic, article=draft, order=2)
    listing = client.get("/topics/")
    assert listing.status_code == 200
    assert "进博会法律服务" in listing.content.decode()
    assert listing.context["page_obj"][0].article_count == 2
    page = client.get("/topics/ciie/")
    assert page.status_code == 200
    assert [a.title for a in page.context["page_obj"]] == ["第二篇", "第一篇"]
    assert "历届进博会志愿服务" in page.content.decode()


def test_inactive_or_unknown_topic_is_404(client, db):
    TopicFactory(slug="old", is_active=False)
    assert client.get("/topics/old/").status_code == 404
    assert client.get("/topics/unknown/").status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_topic_pages_query_budget(client, db, django_assert_max_num_queries, rows):
    topic = TopicFactory(slug="budget")
    for n in range(rows):
        TopicFactory()
        ArticleFactory(topics=[topic], title=f"专题文章{n}")
    with django_assert_max_num_queries(4):
        assert client.get("/topics/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/topics/budget/").status_code == 200


# --- home -----------------------------------------------------------------------------


def test_home_shows_headline_notices_latest_per_channel_and_topics(client, association):
    notices = ChannelFactory(name="通知公告", slug="notices")
    ArticleFactory(channel=association, title="头条新闻", is_featured=True)
    ArticleFactory(channel=notices, title="关于年度考核的通知")
    ArticleFactory(channel=association, title="置顶提示", is_pinned=True)
    ArticleFactory(channel=association, title="会员内部文章", visibility=Article.Visibility.MEMBERS)
    TopicFactory(title="无问西东")
    content = client.get("/").content.decode()
    for text in ("头条新闻", "关于年度考核的通知", "置顶提示", "无问西东", "协会动态"):
        assert text in content
    assert "会员内部文章" not in content


@pytest.mark.parametrize("rows", [3, 30])
def test_home_news_section_query_budget(client, rf, db, django_assert_max_num_queries, rows):
    """News's own part of the home page (other apps add their sections and figures)."""
    from apps.news.home import home_news_context

    for n in range(rows):
        ArticleFactory(is_featured=n % 2 == 0, is_pinned=n % 5 == 0)
    cache.clear()
    with django_assert_max_num_queries(5):
        home_news_context(rf.get("/"))
    assert client.get("/").status_code == 200


def test_home_forgets_a_deleted_article_at_once(client):
    """The home section is cached for a minute; deleting an article clears it."""
    article = ArticleFactory(title="即将撤下的头条", is_featured=True)
    assert "即将撤下的头条" in client.get("/").content.decode()
    article.delete()
    assert "即将撤下的头条" not in client.get("/").content.decode()


def test_home_shows_a_renamed_channel_at_once(client):
    channel = ChannelFactory(name="旧栏目名")
    ArticleFactory(channel=channel)
    assert "旧栏目名" in client.get("/").content.decode()
    channel.name = "新栏目名"
    channel.save()
    page = client.get("/").content.decode()
    assert "新栏目名" in page
    assert "旧栏目名" not in page


def test_home_drops_a_deactivated_or_deleted_topic_at_once(client):
    first = TopicFactory(title="收起的专题")
    second = TopicFactory(title="删除的专题")
    page = client.get("/").content.decode()
    assert "收起的专题" in page
    assert "删除的专题" in page
    first.is_active = False
    first.save()
    second.delete()
    page = client.get("/").content.decode()
    assert "收起的专题" not in page
    assert "删除的专题" not in page
