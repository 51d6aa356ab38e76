import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core.exceptions import DomainError
from apps.news import services
from apps.news.models import Article
from tests.accounts.factories import staff_user
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TOMORROW = dt.timedelta(days=1)


def _draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, **kwargs)


def _in_review(**kwargs):
    return ArticleFactory(status=Article.Status.REVIEW, **kwargs)


# --- who may do what -------------------------------------------------------------------


def test_editor_can_submit_a_draft(editor):
    article = services.article_submit(article=_draft(), user=editor)
    assert article.status == Article.Status.REVIEW


def test_editor_cannot_publish_schedule_or_archive(editor):
    article = _in_review()
    with pytest.raises(DomainError):
        services.article_publish(article=article, user=editor)
    with pytest.raises(DomainError):
        services.article_schedule(
            article=article, user=editor, publish_at=timezone.now() + TOMORROW
        )
    live = ArticleFactory()
    with pytest.raises(DomainError):
        services.article_archive(article=live, user=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_editor_may_withdraw_from_review_but_not_unpublish(editor):
    withdrawn = services.article_back_to_draft(article=_in_review(), user=editor, reason="补充图片")
    assert withdrawn.status == Article.Status.DRAFT
    with pytest.raises(DomainError):
        services.article_back_to_draft(article=ArticleFactory(), user=editor, reason="撤稿")


def test_chief_editor_can_publish_now(chief_editor):
    before = timezone.now()
    article = services.article_publish(article=_in_review(), user=chief_editor)
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.publish_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_chief_editor_schedules_for_a_future_time(chief_editor):
    at = timezone.now() + TOMORROW
    article = services.article_schedule(article=_in_review(), user=chief_editor, publish_at=at)
    assert (article.status, article.publish_at) == (Article.Status.SCHEDULED, at)
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_schedule_in_the_past_is_refused(chief_editor):
    with pytest.raises(DomainError):
        services.article_schedule(
            article=_in_review(), user=chief_editor, publish_at=timezone.now() - TOMORROW
        )


def test_chief_editor_archives_and_sends_back_with_reason(chief_editor):
    archived = services.article_archive(article=ArticleFactory(), user=chief_editor)
    assert archived.status == Article.Status.ARCHIVED
    draft = services.article_back_to_draft(article=archived, user=chief_editor, reason="内容过时")
    assert draft.status == Article.Status.DRAFT
    assert draft.workflow_note == "内容过时"


def test_back_to_draft_needs_a_reason(chief_editor):
    with pytest.raises(DomainError):
        services.article_back_to_draft(article=ArticleFactory(), user=chief_editor, reason="  ")


@pytest.mark.parametrize(
    "action",
    [
        lambda a, u: services.article_submit(article=a, user=u),
        lambda a, u: services.article_publish(article=a, user=u),
        lambda a, u: services.article_archive(article=a, user=u),
    ],
)
def test_anonymous_and_other_roles_can_do_nothing(action, reader):
    article = _draft()
    for user in (AnonymousUser(), reader, staff_user(role=Role.MEMBER_SERVICES)):
        with pytest.raises(DomainError):
            action(article, user)


def test_inactive_chief_editor_cannot_publish(chief_editor):
    chief_editor.is_active = False
    chief_editor.save()
    with pytest.raises(DomainError):
        services.article_publish(article=_in_review(), user=chief_editor)


def test_illegal_transition_is_refused_even_for_chief(chief_editor):
    with pytest.raises(DomainError, match="草稿"):
        services.article_publish(article=_draft(), user=chief_editor)


def test_transitions_are_recorded_in_history_with_user_and_reason(editor, chief_editor):
    article = services.article_submit(article=_draft(), user=editor)
    article = services.article_publish(article=article, user=chief_editor)
    latest, previous = article.history.all()[:2]
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        Article.Status.PUBLISHED,
        chief_editor,
        "发布",
    )
    assert (previous.status, previous.history_user) == (Article.Status.REVIEW, editor)


# --- the beat job ----------------------------------------------------------------------


def test_publish_due_publishes_due_and_leaves_future_alone():
    now = timezone.now()
    due = ArticleFactory(status=Article.Status.SCHEDULED, publish_at=now - dt.timedelta(minutes=1))
    future = ArticleFactory(status=Article.Status.SCHEDULED, publish_at=now + dt.timedelta(hours=1))
    assert services.articles_publish_due(now=now) == 1
    due.refresh_from_db()
    future.refresh_from_db()
    assert due.status == Article.Status.PUBLISHED
    assert due.publish_at == now - dt.timedelta(minutes=1)  # keeps its scheduled time
    assert future.status == Article.Status.SCHEDULED


def test_publish_due_is_idempotent_and_batches():
    now = timezone.now()
    ArticleFactory.create_batch(5, status=Article.Status.SCHEDULED, publish_at=now - TOMORROW)
    assert services.articles_publish_due(now=now, batch=2) == 5
    assert services.articles_publish_due(now=now, batch=2) == 0
    assert Article.objects.published().count() == 5


# --- reverting is a service ----------------------------------------------------------------


def test_revert_restores_content_but_never_the_workflow_state(chief_editor):
    article = ArticleFactory(status=Article.Status.REVIEW, title="初稿", body="<p>初稿正文</p>")
    first = article.history.order_by("history_id").first()
    services.article_publish(article=article, user=chief_editor)
    article.refresh_from_db()
    article.title, article.body = "终稿", "<p>终稿正文</p>"
    article.save()

    reverted = services.article_revert(
        article=article, history_id=first.history_id, user=chief_editor
    )

    assert (reverted.title, reverted.body) == ("初稿", "<p>初稿正文</p>")
    assert reverted.status == Article.Status.PUBLISHED  # not the REVIEW of the old version
    assert reverted.publish_at is not None
    assert reverted.history.first().history_change_reason.startswith("恢复历史版本")
    assert reverted.history.first().history_user == chief_editor


def test_editor_may_revert_a_draft_but_not_a_live_article(editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, title="甲")
    old = draft.history.first()
    draft.title = "乙"
    draft.save()
    assert (
        services.article_revert(article=draft, history_id=old.history_id, user=editor).title == "甲"
    )

    live = ArticleFactory(title="现行")
    old = live.history.first()
    with pytest.raises(DomainError):
        services.article_revert(article=live, history_id=old.history_id, user=editor)


def test_revert_to_another_articles_version_is_refused(chief_editor):
    one, other = ArticleFactory(), ArticleFactory(title="别的文章")
    with pytest.raises(DomainError):
        services.article_revert(
            article=one, history_id=other.history.first().history_id, user=chief_editor
        )
    one.refresh_from_db()
    assert one.title != "别的文章"


def test_reports_role_cannot_revert(db):
    article = ArticleFactory(status=Article.Status.DRAFT)
    with pytest.raises(DomainError):
        services.article_revert(
            article=article,
            history_id=article.history.first().history_id,
            user=staff_user(role=Role.REPORTS),
        )
