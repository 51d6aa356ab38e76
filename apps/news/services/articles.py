"""The article workflow as services: permission check, locked transition, history note."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.exceptions import DomainError

from .. import permissions
from ..models import Article

if TYPE_CHECKING:
    from apps.accounts.models import User

logger = logging.getLogger(__name__)

# What a revert never restores: the workflow state (re-publishing an old version would
# bypass the chief editor), who made it and when, and the counters.
REVERT_KEEPS = frozenset(
    {
        "id",
        "status",
        "publish_at",
        "first_published_at",
        "workflow_note",
        "created_by_id",
        "created_at",
        "updated_at",
        "view_count",
        "search_vector",
    }
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise DomainError(gettext("您没有权限执行此操作。"), code="permission")


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _save(article: Article, *, user: User | None, reason: str) -> Article:
    try:
        article.full_clean()
    except ValidationError as exc:
        # The content no longer validates (edited outside the form, an old revision, a
        # deleted channel): a message for the editor, never a server error.
        raise DomainError(
            gettext("“%(title)s”的内容有误，请先在编辑页修改后再操作：%(errors)s")
            % {"title": article.title, "errors": "；".join(exc.messages)},
            code="invalid",
        ) from exc
    article._change_reason = reason  # shown in the history in admin
    if user is not None:
        article._history_user = user
    article.save()
    return article


@transaction.atomic
def article_submit(*, article: Article, user: User) -> Article:
    """An editor hands a draft to the chief editors."""
    _require(permissions.can_edit_articles(user))
    article = _locked(article)
    article.submit()
    return _save(article, user=user, reason=gettext("提交审核"))


@transaction.atomic
def article_schedule(*, article: Article, user: User, publish_at: dt.datetime) -> Article:
    """A chief editor approves an article for publication at ``publish_at`` (future)."""
    _require(permissions.can_publish_articles(user))
    article = _locked(article)
    article.schedule(publish_at)
    return _save(article, user=user, reason=gettext("审核通过，定时发布"))


@transaction.atomic
def article_publish(*, article: Article, user: User) -> Article:
    """A chief editor publishes now."""
    _require(permissions.can_publish_articles(user))
    article = _locked(article)
    article.publish()
    return _save(article, user=user, reason=gettext("发布"))


@transaction.atomic
def article_archive(*, article: Article, user: User) -> Article:
    _require(permissions.can_publish_articles(user))
    article = _locked(article)
    article.archive()
    return _save(article, user=user, reason=gettext("归档"))


@transaction.atomic
def article_back_to_draft(*, article: Article, user: User, reason: str) -> Article:
    """Send an article back to draft with a reason.

    Editors may withdraw an article that is still in review; anything already approved,
    live or archived needs a chief editor.
    """
    article = _locked(article)
    if article.status == Article.Status.REVIEW:
        _require(permissions.can_edit_articles(user))
    else:
        _require(permissions.can_publish_articles(user))
    article.back_to_draft(reason)
    return _save(article, user=user, reason=gettext("退回草稿：%(reason)s") % {"reason": reason})


@transaction.atomic
def article_revert(*, article: Article, history_id: int, user: User) -> Article:
    """Restore the content of an earlier revision (title, body, cover, channel, …).

    Never the workflow state: a reverted article keeps its status, publish time and
    first publication (REVERT_KEEPS), so an old version cannot be re-published past the
    chief editor. Who may: whoever may change the article now (editors while it is a draft
    or in review, chief editors always).
    """
    article = _locked(article)
    _require(permissions.can_change_article(user, article))
    record = article.history.filter(history_id=history_id).first()
    if record is None:
        raise DomainError(gettext("找不到该历史版本。"), code="not_found")
    for field in Article._meta.concrete_fields:
        if field.attname in REVERT_KEEPS or not hasattr(record, field.attname):
            continue
        setattr(article, field.attname, getattr(record, field.attname))
    return _save(
        article,
        user=user,
        reason=gettext("恢复历史版本（%(date)s）")
        % {"date": timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")},
    )


def articles_publish_due(*, now: dt.datetime | None = None, batch: int = 200) -> int:
    """Publish every scheduled article whose time has come; returns how many.

    Safe to run concurrently and repeatedly: each row is claimed with
    ``SELECT … FOR UPDATE SKIP LOCKED`` and re-checked, so two workers never publish the
    same article twice and a second run finds nothing to do.
    """
    now = now or timezone.now()
    published = 0
    while True:
        with transaction.atomic():
            due = list(
                Article.objects.due(now)
                .select_for_update(skip_locked=True)
                .order_by("publish_at", "pk")[:batch]
            )
            for article in due:
                article.publish(now)
                article._change_reason = gettext("定时发布")
                article.save()
            published += len(due)
        if len(due) < batch:
            return published
