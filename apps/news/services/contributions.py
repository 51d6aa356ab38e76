"""Member contributions (网上投稿): submit, accept into a draft article, decline."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.exceptions import DomainError
from apps.notifications.services import notification_create

from .. import permissions
from ..models import Article, ArticleAttachment, Channel, Contribution
from ..sanitize import html_sanitize

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from apps.accounts.models import User

CONTRIBUTION_NOTIFICATION_KEY = "news_contribution_decided"
DUPLICATE_WINDOW = dt.timedelta(minutes=1)


def contribution_submit(
    *,
    author: User,
    title: str,
    body: str,
    attachment: UploadedFile | None = None,
    submit_token: uuid.UUID | None = None,
) -> Contribution:
    """File a contribution. Submitting the same form twice returns the first one.

    ``submit_token`` comes from the rendered form: a double click or a re-posted form
    carries the same token and gets the contribution already filed. Without a token, the
    same title from the same author within a minute is refused as a duplicate.
    """
    if not permissions.is_lawyer(author):
        raise DomainError(gettext("只有已关联律师身份的会员可以投稿。"), code="permission")
    if submit_token is not None:
        existing = Contribution.objects.filter(submit_token=submit_token).first()
        if existing is not None:
            if existing.author_id != author.pk:
                raise DomainError(gettext("表单已失效，请刷新页面后重新提交。"))
            return existing
    title = title.strip()
    recent = Contribution.objects.filter(
        author=author, title=title, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    )
    if recent.exists():
        raise DomainError(gettext("您刚刚已提交过同一标题的稿件，请勿重复提交。"), code="duplicate")
    contribution = Contribution(
        author=author,
        title=title,
        body=html_sanitize(body),
        attachment=attachment or "",
        submit_token=submit_token or uuid.uuid4(),
    )
    contribution.full_clean()
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError:
        # The same token won a race with us: hand back what the first request filed.
        existing = Contribution.objects.filter(submit_token=contribution.submit_token).first()
        if existing is not None and existing.author_id == author.pk:
            return existing
        raise
    return contribution


def _locked(contribution: Contribution) -> Contribution:
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("author")
        .get(pk=contribution.pk)
    )


def _notify(contribution: Contribution) -> None:
    notification_create(
        recipient=contribution.author,
        key=CONTRIBUTION_NOTIFICATION_KEY,
        context={
            "title": contribution.title,
            "accepted": contribution.status == Contribution.Status.ACCEPTED,
            "reason": contribution.decline_reason,
        },
        url=reverse("news:contribution_detail", kwargs={"pk": contribution.pk}),
    )


@transaction.atomic
def contribution_accept(*, contribution: Contribution, user: User, channel: Channel) -> Article:
    """Accept: a draft article is created from the contribution and enters the workflow."""
    if not permissions.can_accept_contributions(user):
        raise DomainError(gettext("您没有权限执行此操作。"), code="permission")
    contribution = _locked(contribution)
    if contribution.status != Contribution.Status.SUBMITTED:
        raise DomainError(gettext("该投稿已处理。"))
    author = contribution.author
    article = Article(
        title=contribution.title,
        body=contribution.body,
        author=author.get_full_name(),
        channel=channel,
        created_by=user,
        status=Article.Status.DRAFT,
    )
    article.full_clean()
    article._change_reason = gettext("采用会员投稿")
    article._history_user = user
    article.save()
    if contribution.attachment:
        contribution.attachment.open("rb")
        try:
            data = contribution.attachment.read()
        finally:
            contribution.attachment.close()
        name = (contribution.attachment.name or "attachment").rsplit("/", 1)[-1]
        ArticleAttachment.objects.create(
            article=article,
            title=gettext("投稿附件"),
            file=ContentFile(data, name=name),
        )
    contribution.status = Contribution.Status.ACCEPTED
    contribution.article = article
    contribution.decided_by = user
    contribution.decided_at = timezone.now()
    contribution.full_clean()
    contribution.save()
    _notify(contribution)
    return article


@transaction.atomic
def contribution_decline(*, contribution: Contribution, user: User, reason: str) -> Contribution:
    if not permissions.can_review_contributions(user):
        raise DomainError(gettext("您没有权限执行此操作。"), code="permission")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("请填写未采用的原因。"))
    contribution = _locked(contribution)
    if contribution.status != Contribution.Status.SUBMITTED:
        raise DomainError(gettext("该投稿已处理。"))
    contribution.status = Contribution.Status.DECLINED
    contribution.decline_reason = reason
    contribution.decided_by = user
    contribution.decided_at = timezone.now()
    contribution.full_clean()
    contribution.save()
    _notify(contribution)
    return contribution
