"""The editors' back office through HTTP: roles, workflow buttons, bulk actions, history."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.news.models import Article, Channel, Topic, TopicArticle
from tests.accounts.factories import staff_user
from tests.news.factories import ArticleFactory, ChannelFactory, TopicFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:news_article_changelist"


def _change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def _workflow(client, article, action, publish_at="", reason="", **fields):
    """Press a workflow button: it submits the change form (edits included) with
    ``_transition``; the article's current content is posted unless ``fields`` change it."""
    data = _article_form(
        article.channel,
        title=article.title,
        body=article.body,
        _transition=action,
        **{"_transition-publish_at": publish_at, "_transition-reason": reason},
    )
    data.update(fields)
    return client.post(_change_url(article), data)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _has_message(response, text):
    return any(text in m for m in _messages(response))


def _article_form(channel, **overrides):
    data = {
        "title": "律师志愿者走进社区",
        "subtitle": "",
        "channel": channel.pk,
        "editors_note": "",
        "body": "<p>正文<script>alert(1)</script></p>",
        "summary": "",
        "cover_alt": "",
        "author": "本会",
        "source_name": "",
        "source_issue": "",
        "source_url": "",
        "visibility": "public",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "topic_links-TOTAL_FORMS": "0",
        "topic_links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


# --- writing -----------------------------------------------------------------------------


def test_editor_creates_a_draft_and_cannot_set_status_through_the_form(client, editor):
    channel = ChannelFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:news_article_add"),
        _article_form(channel, status="published", publish_at="2020-01-01 00:00"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.publish_at is None
    assert article.created_by == editor
    assert article.body == "<p>正文</p>"


def test_add_form_renders_the_rich_text_editor(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:news_article_add"))
    assert response.status_code == 200
    assert "django_prose_editor" in response.content.decode()
    assert 'name="status"' not in response.content.decode()


def test_editor_sees_submit_but_not_publish(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(editor)
    html = client.get(_change_url(article)).content.decode()
    assert 'value="submit"' in html
    assert 'value="publish"' not in html


def test_editor_submits_through_the_button(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(editor)
    response = _workflow(client, article, action="submit")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_editor_posting_publish_is_refused(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor)
    response = _workflow(client, article, action="publish")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert _has_message(response, "您没有权限执行此操作。")


def test_chief_editor_publishes_through_the_button(client, chief_editor):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(chief_editor)
    html = client.get(_change_url(article)).content.decode()
    assert 'value="publish"' in html
    _workflow(client, article, action="publish")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_chief_editor_schedules_with_a_time(client, chief_editor):
    article = ArticleFactory(status=Article.Status.REVIEW)
    at = timezone.localtime() + dt.timedelta(days=2)
    client.force_login(chief_editor)
    _workflow(client, article, action="schedule", publish_at=at.strftime("%Y-%m-%dT%H:%M"))
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert article.publish_at == at.replace(second=0, microsecond=0)


def test_schedule_without_time_and_back_to_draft_without_reason_are_form_errors(
    client, chief_editor
):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(chief_editor)
    response = _workflow(client, article, action="schedule", publish_at="")
    assert _has_message(response, "请填写定时发布的时间。")
    response = _workflow(client, article, action="back_to_draft", reason=" ")
    assert _has_message(response, "退回草稿时请填写原因。")
    response = _workflow(client, article, action="nonsense")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_anonymous_cannot_reach_workflow(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    response = _workflow(client, article, action="publish")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_staff_of_another_role_cannot_use_news_admin(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(staff_user(role=Role.MEMBER_SERVICES))
    assert client.get(_change_url(article)).status_code == 403
    assert _workflow(client, article, action="publish").status_code == 403


def test_editor_cannot_edit_a_published_article(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(_change_url(article), _article_form(article.channel, title="改标题"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "改标题"
    assert client.get(_change_url(article)).status_code == 200  # still viewable


# --- bulk actions -------------------------------------------------------------------------


def _bulk(client, action, articles):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in articles]},
    )


def test_editor_is_not_offered_bulk_publish(client, editor):
    ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "submit_selected" in html
    assert "publish_selected" not in html
    assert "archive_selected" not in html


def test_editor_bulk_publish_post_does_nothing(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor)
    _bulk(client, "publish_selected", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_chief_bulk_publish_reports_refused_ones(client, chief_editor):
    ready = ArticleFactory(status=Article.Status.REVIEW)
    draft = ArticleFactory(status=Article.Status.DRAFT, title="未提交的稿")
    client.force_login(chief_editor)
    response = _bulk(client, "publish_selected", [ready, draft])
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert (ready.status, draft.status) == (Article.Status.PUBLISHED, Article.Status.DRAFT)
    messages = _messages(response)
    assert "已发布 1 篇。" in messages
    assert any("未提交的稿" in m for m in messages)


def test_chief_bulk_archive(client, chief_editor):
    articles = ArticleFactory.create_batch(3)
    client.force_login(chief_editor)
    _bulk(client, "archive_selected", articles)
    assert Article.objects.filter(status=Article.Status.ARCHIVED).count() == 3


# --- history ---------------------------------------------------------------------------------


def _history_form_url(article, history_id):
    return reverse("admin:news_article_simple_history", args=[article.pk, history_id])


def test_history_revert_restores_an_earlier_version(client, editor):
    channel = ChannelFactory()
    client.force_login(editor)
    client.post(reverse("admin:news_article_add"), _article_form(channel, title="初稿标题"))
    article = Article.objects.get()
    client.post(_change_url(article), _article_form(channel, title="第二稿标题"))
    article.refresh_from_db()
    assert article.title == "第二稿标题"
    first = article.history.order_by("history_id").first()
    assert first.history_user == editor

    page = client.get(_history_form_url(article, first.history_id))
    assert page.status_code == 200
    response = client.post(
        _history_form_url(article, first.history_id), _article_form(channel, title="初稿标题")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "初稿标题"
    assert article.history.first().history_change_reason.startswith("恢复历史版本")


def test_revert_never_restores_workflow_state(client, chief_editor):
    article = ArticleFactory(status=Article.Status.REVIEW, title="旧标题")
    client.force_login(chief_editor)
    _workflow(client, article, action="publish")
    published_version = Article.history.get(id=article.pk, status=Article.Status.PUBLISHED)
    _workflow(client, article, action="back_to_draft", reason="需要修改")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    client.post(
        _history_form_url(article, published_version.history_id),
        _article_form(article.channel, title="旧标题"),
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.publish_at is None


def test_editor_cannot_revert_a_live_article(client, editor):
    article = ArticleFactory(title="现行标题")
    article.title = "中间"
    article.save()
    old = article.history.order_by("history_id").first()
    client.force_login(editor)
    response = client.post(
        _history_form_url(article, old.history_id), _article_form(article.channel, title="x")
    )
    assert response.status_code == 403


# --- preview --------------------------------------------------------------------------------


def test_editor_previews_a_draft_on_the_public_template(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT, title="尚未发布的稿件")
    client.force_login(editor)
    response = client.get(reverse("admin:news_article_preview", args=[article.pk]))
    assert response.status_code == 200
    assert "尚未发布的稿件" in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]
    # the public URL still does not show it to visitors
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_preview_is_for_news_staff_only(client, reader):
    article = ArticleFactory(status=Article.Status.DRAFT)
    url = reverse("admin:news_article_preview", args=[article.pk])
    assert client.get(url).status_code == 302  # anonymous → admin login
    client.force_login(reader)
    assert client.get(url).status_code == 302  # not staff → admin login
    client.force_login(staff_user(role=Role.MEMBER_SERVICES))
    assert client.get(url).status_code == 403


# --- channels and topics ----------------------------------------------------------------------


def test_channel_tree_changelist_and_drag_and_drop_move(client, chief_editor):
    a = ChannelFactory(name="甲", slug="a")
    b = ChannelFactory(name="乙", slug="b")
    client.force_login(chief_editor)
    assert client.get(reverse("admin:news_channel_changelist")).status_code == 200
    response = client.post(
        reverse("admin:news_channel_changelist"),
        {"cmd": "move_node", "cut_item": b.pk, "pasted_on": a.pk, "position": "last-child"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    b.refresh_from_db()
    assert b.parent == a
    assert b.get_path() == "a/b"


def test_editor_cannot_move_channels(client, editor):
    a = ChannelFactory(slug="a")
    b = ChannelFactory(slug="b")
    client.force_login(editor)
    client.post(
        reverse("admin:news_channel_changelist"),
        {"cmd": "move_node", "cut_item": b.pk, "pasted_on": a.pk, "position": "last-child"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    b.refresh_from_db()
    assert b.parent is None


def test_topic_admin_saves_ordered_articles(client, chief_editor):
    first, second = ArticleFactory(), ArticleFactory()
    client.force_login(chief_editor)
    response = client.post(
        reverse("admin:news_topic_add"),
        {
            "title": "进博会法律志愿服务",
            "title_en": "CIIE legal volunteers",
            "slug": "ciie",
            "description": "",
            "is_active": "on",
            "order": "0",
            "topic_articles-TOTAL_FORMS": "2",
            "topic_articles-INITIAL_FORMS": "0",
            "topic_articles-0-order": "2",
            "topic_articles-0-article": first.pk,
            "topic_articles-1-order": "1",
            "topic_articles-1-article": second.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    topic = Topic.objects.get(slug="ciie")
    assert [link.article for link in TopicArticle.objects.filter(topic=topic)] == [second, first]


def test_topic_inline_autocomplete_finds_articles_by_title(client, chief_editor):
    ArticleFactory(title="进博会志愿者出征")
    ArticleFactory(title="会费缴纳通知")
    params = {
        "term": "进博会",
        "app_label": "news",
        "model_name": "topicarticle",
        "field_name": "article",
    }
    client.force_login(chief_editor)
    response = client.get(reverse("admin:autocomplete"), params)
    assert [r["text"] for r in response.json()["results"]] == ["进博会志愿者出征"]
    client.logout()
    assert client.get(reverse("admin:autocomplete"), params).status_code == 302


def test_editor_tag_autocomplete_on_article(client, editor):
    from tests.news.factories import TagFactory

    TagFactory(name="公益法律服务")
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "公益", "app_label": "news", "model_name": "article", "field_name": "tags"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["公益法律服务"]


# --- query budgets -------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_article_changelist_query_budget(client, chief_editor, django_assert_max_num_queries, rows):
    channels = ChannelFactory.create_batch(3)
    for i in range(rows):
        ArticleFactory(channel=channels[i % 3])
    client.force_login(chief_editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_channel_changelist_query_budget(client, chief_editor, django_assert_max_num_queries, rows):
    root = ChannelFactory()
    for _ in range(rows):
        ChannelFactory(parent=root)
    client.force_login(chief_editor)
    # Warm up: site settings and menus are cached once per process, not per page.
    client.get(reverse("admin:news_channel_changelist"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin:news_channel_changelist"))
    assert response.status_code == 200
    assert Channel.objects.count() == rows + 1


@pytest.mark.parametrize("rows", [2, 20])
def test_topic_and_contribution_changelists_query_budget(
    client, chief_editor, django_assert_max_num_queries, rows
):
    from tests.news.factories import ContributionFactory

    TopicFactory.create_batch(rows)
    ContributionFactory.create_batch(rows)
    client.force_login(chief_editor)
    for name in ("topic", "contribution", "rule", "magazineissue", "guide", "tag"):
        with django_assert_max_num_queries(10):
            response = client.get(reverse(f"admin:news_{name}_changelist"))
        assert response.status_code == 200, name


def test_cover_that_is_not_an_image_is_a_form_error_not_a_500(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    channel = ChannelFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:news_article_add"),
        _article_form(channel, cover=SimpleUploadedFile("photo.jpg", b"not an image" * 50)),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover"]
    assert not Article.objects.exists()


def test_decompression_bomb_cover_is_a_form_error(client, editor):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (10000, 9000)).save(out, "PNG")
    channel = ChannelFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:news_article_add"),
        _article_form(channel, cover=SimpleUploadedFile("bomb.png", out.getvalue())),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover"]
    assert not Article.objects.exists()


# --- workflow buttons inside the change form ---------------------------------------------------


def test_workflow_button_saves_unsaved_edits_before_the_transition(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT, title="旧标题")
    client.force_login(editor)
    response = _workflow(client, article, "submit", title="改过还没保存的标题")
    assert response.status_code == 302
    assert response["Location"] == _change_url(article)
    article.refresh_from_db()
    assert article.title == "改过还没保存的标题"
    assert article.status == Article.Status.REVIEW
    assert _has_message(response, "修改已保存")
    reasons = list(article.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons[0] == "提交审核"  # the transition came after the content save


def test_refused_transition_keeps_the_saved_edits_and_says_so(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, title="待审")
    client.force_login(editor)
    response = _workflow(client, article, "publish", title="编辑改了标题")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "编辑改了标题"
    assert article.status == Article.Status.REVIEW
    assert _has_message(response, "修改已保存，但发布流程操作未执行")


def test_invalid_change_form_with_a_workflow_button_saves_nothing_and_says_why(
    client, chief_editor
):
    article = ArticleFactory(status=Article.Status.REVIEW, title="原标题")
    client.force_login(chief_editor)
    response = _workflow(client, article, "publish", title="")
    assert response.status_code == 200  # the form again, with its errors
    assert _has_message(response, "表单有错误，修改尚未保存")
    article.refresh_from_db()
    assert (article.title, article.status) == ("原标题", Article.Status.REVIEW)


def test_schedule_in_the_past_is_a_message_not_a_500(client, chief_editor):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(chief_editor)
    response = _workflow(client, article, "schedule", publish_at="2020-01-01T09:00")
    assert response.status_code == 302
    assert _has_message(response, "定时发布的时间必须晚于现在。")
    response = _workflow(client, article, "schedule", publish_at="not a date")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_transition_on_content_that_no_longer_validates_is_a_message_not_a_500(
    client, chief_editor
):
    article = ArticleFactory(status=Article.Status.REVIEW)
    Article.objects.filter(pk=article.pk).update(title="")  # e.g. an old import
    client.force_login(chief_editor)
    response = client.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    assert _has_message(response, "内容有误")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_workflow_buttons_come_after_the_save_button_and_say_they_save(client, chief_editor):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(chief_editor)
    html = client.get(_change_url(article)).content.decode()
    # Enter in a text field presses the first submit button: it must be the plain save.
    assert html.index('name="_save"') < html.index('name="_transition"')
    assert "保存并立即发布" in html
    assert 'form="' not in html.split('name="_transition"', 1)[1][:200]


def test_view_only_staff_see_no_workflow_buttons(client):
    article = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(staff_user(role=Role.REPORTS))
    html = client.get(_change_url(article)).content.decode()
    assert 'name="_transition"' not in html


# --- topics from the article page -------------------------------------------------------------


def test_editor_places_their_article_in_topics(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    first, second = TopicFactory(), TopicFactory()
    client.force_login(editor)
    response = client.post(
        _change_url(article),
        _article_form(
            article.channel,
            title=article.title,
            **{
                "topic_links-TOTAL_FORMS": "2",
                "topic_links-0-topic": first.pk,
                "topic_links-0-order": "1",
                "topic_links-1-topic": second.pk,
                "topic_links-1-order": "2",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(TopicArticle.objects.filter(article=article).values_list("topic", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_editor_topic_autocomplete_on_the_article_page(client, editor):
    TopicFactory(title="进博会法律服务")
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "进博会",
            "app_label": "news",
            "model_name": "topicarticle",
            "field_name": "topic",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["进博会法律服务"]


def test_editor_cannot_change_the_topics_of_a_published_article(client, editor):
    article = ArticleFactory()
    topic = TopicFactory()
    client.force_login(editor)
    response = client.post(
        _change_url(article),
        _article_form(
            article.channel,
            title=article.title,
            **{"topic_links-TOTAL_FORMS": "1", "topic_links-0-topic": topic.pk},
        ),
    )
    assert response.status_code == 403
    assert not TopicArticle.objects.exists()


def test_editor_takes_their_draft_out_of_a_topic_without_any_delete_permission(client, editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    link = TopicArticle.objects.create(topic=TopicFactory(), article=article, order=1)
    assert not any(".delete_" in perm for perm in editor.get_all_permissions())
    client.force_login(editor)
    response = client.post(
        _change_url(article),
        _article_form(
            article.channel,
            title=article.title,
            **{
                "topic_links-TOTAL_FORMS": "1",
                "topic_links-INITIAL_FORMS": "1",
                "topic_links-0-id": link.pk,
                "topic_links-0-article": article.pk,
                "topic_links-0-topic": link.topic_id,
                "topic_links-0-order": "1",
                "topic_links-0-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not TopicArticle.objects.filter(article=article).exists()
