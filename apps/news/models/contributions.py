"""Member contributions (网上投稿): a lawyer submits, editors accept or decline."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.uploads import private_storage

from ..sanitize import html_sanitize
from ..validators import attachment_content_type, validate_attachment


class Contribution(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待处理")
        ACCEPTED = "accepted", _("已采用")
        DECLINED = "declined", _("未采用")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("投稿人"),
        on_delete=models.PROTECT,
        related_name="news_contributions",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    attachment = models.FileField(
        _("附件"),
        upload_to="news/contributions/%Y/%m/",
        # Private until accepted: outside MEDIA_ROOT, downloaded through a checked view.
        storage=private_storage,
        blank=True,
        validators=[validate_attachment],
    )
    attachment_size = models.PositiveBigIntegerField(_("附件大小"), default=0, editable=False)
    attachment_content_type = models.CharField(
        _("附件类型"), max_length=120, blank=True, editable=False
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, editable=False
    )
    decline_reason = models.TextField(_("未采用原因"), blank=True)
    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("采用文章"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True, editable=False)
    # One token per rendered form: a double click or a resubmitted POST cannot file twice.
    submit_token = models.UUIDField(_("提交令牌"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("投稿时间"), default=timezone.now, editable=False)

    history = HistoricalRecords(verbose_name=_("会员投稿历史"), excluded_fields=["submit_token"])

    class Meta:
        verbose_name = _("会员投稿")
        verbose_name_plural = _("会员投稿")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["author", "-created_at"], name="news_contrib_author")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="news_contribution_declined_has_reason",
                violation_error_message=_("未采用时必须填写原因。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = html_sanitize(self.body)
        if self.attachment and not getattr(self.attachment, "_committed", True):
            self.attachment_size = self.attachment.size
            self.attachment_content_type = attachment_content_type(self.attachment.name)
        super().save(*args, **kwargs)

    @property
    def attachment_filename(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""
