"""The article workflow as services: permission check, locked transition, history note."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.exceptions import DomainError

from ..models import Article

if TYPE_CHECKING:
    from apps.accounts.models import User

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "news.publish_article"
CHANGE_PERMISSION = "news.change_article"


def can_publish(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm(PUBLISH_PERMISSION)
    )


def can_edit(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm(CHANGE_PERMISSION)
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise DomainError(gettext("您没有权限执行此操作。"), code="permission")


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _save(article: Article, *, user: User | None, reason: str) -> Article:
    article.full_clean()
    article._change_reason = reason  # shown in the history in admin
    if user is not None:
        article._history_user = user
    article.save()
    return article


@transaction.atomic
def article_submit(*, article: Article, user: User) -> Article:
    """An editor hands a draft to the chief editors."""
    _require(can_edit(user))
    article = _locked(article)
    article.submit()
    return _save(article, user=user, reason=gettext("提交审核"))


@transaction.atomic
def article_schedule(*, article: Article, user: User, publish_at: dt.datetime) -> Article:
    """A chief editor approves an article for publication at ``publish_at`` (future)."""
    _require(can_publish(user))
    article = _locked(article)
    article.schedule(publish_at)
    return _save(article, user=user, reason=gettext("审核通过，定时发布"))


@transaction.atomic
def article_publish(*, article: Article, user: User) -> Article:
    """A chief editor publishes now."""
    _require(can_publish(user))
    article = _locked(article)
    article.publish()
    return _save(article, user=user, reason=gettext("发布"))


@transaction.atomic
def article_archive(*, article: Article, user: User) -> Article:
    _require(can_publish(user))
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
        _require(can_edit(user))
    else:
        _require(can_publish(user))
    article.back_to_draft(reason)
    return _save(article, user=user, reason=gettext("退回草稿：%(reason)s") % {"reason": reason})


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


def image_renditions_enqueue(*, field_file: FieldFile | None) -> None:
    """Generate an uploaded image's renditions after commit (in a worker when there is one)."""
    if not field_file or not field_file.name:
        return
    name = field_file.name

    def enqueue() -> None:
        from ..tasks import news_image_renditions

        try:
            news_image_renditions.delay(name)
        except Exception:
            # Broker down: the first page view renders them instead (images.srcset_for).
            logger.warning("could not enqueue renditions for %s", name, exc_info=True)

    transaction.on_commit(enqueue)
