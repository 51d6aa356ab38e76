"""The outbox: one Notification row per thing a user should be told.

A row is written in the same transaction as the change it reports (see
services.notification_create). E-mail delivery happens after commit, by a Celery task
that *claims* the row with a conditional UPDATE; the inbox shows the same row.

Delivery state of the e-mail channel, in the columns below:

    pending   sent_at NULL, claim_token NULL       next_attempt_at: when the sweep may step in
    claimed   sent_at NULL, claim_token NOT NULL   next_attempt_at: when the claim goes stale
    retrying  pending with last_error set           next_attempt_at: end of the back-off
    sent      sent_at NOT NULL
    failed    sent_at NULL, failed_at NOT NULL     (the sweep stops; staff see it in admin and
                                                    in the daily digest, and "resend now")

Retries are driven by the beat sweep from these columns (not by Celery countdowns, which
live in the broker and die with it); services.RETRY_SCHEDULE spans more than 48 hours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from apps.accounts.models import User

KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{1,79}$", _("通知类型只能包含小写字母、数字和下划线。")
)


def validate_notification_url(value: str) -> None:
    """A site path ("/portal/…") or an absolute http(s) URL; nothing a browser would execute."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"], message=_("链接必须是站内路径或 http(s) 网址。"))(value)


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_inbox(self, user: User) -> NotificationQuerySet:
        return self.filter(recipient=user, show_in_inbox=True)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def unsent(self) -> NotificationQuerySet:
        return self.filter(send_email=True, sent_at__isnull=True)

    def failed(self) -> NotificationQuerySet:
        """E-mails given up on after the last attempt (until staff re-send them)."""
        return self.unsent().filter(failed_at__isnull=False)

    def retrying(self) -> NotificationQuerySet:
        """E-mails that failed at least once and are waiting for their next attempt."""
        return self.unsent().filter(failed_at__isnull=True).exclude(last_error="")


class Notification(models.Model):
    # One first attempt plus one retry per step of services.RETRY_SCHEDULE (kept in step
    # by a test): the last attempt comes more than 48 hours after the first.
    MAX_ATTEMPTS = 11

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("收件人"),
    )
    key = models.CharField(
        _("通知类型"),
        max_length=80,
        validators=[KEY_VALIDATOR],
        help_text=_("选择 templates/emails/<类型>*.txt/html 模板。"),
    )
    context = models.JSONField(_("内容参数"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    url = models.CharField(
        _("链接"), max_length=500, blank=True, validators=[validate_notification_url]
    )
    send_email = models.BooleanField(_("发送邮件"), default=True)
    show_in_inbox = models.BooleanField(_("显示在站内信"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    # E-mail delivery (the outbox).
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("最近尝试时间"), null=True, blank=True)
    claim_token = models.UUIDField(_("领取标记"), null=True, blank=True, editable=False)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    failed_at = models.DateTimeField(
        _("放弃发送时间"),
        null=True,
        blank=True,
        help_text=_("最后一次尝试仍失败的时间；此后不再自动重试。"),
    )

    # Inbox.
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep: "unsent e-mails that are due", and nothing else, in the index.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(send_email=True, sent_at__isnull=True),
                name="notif_outbox_due_idx",
            ),
            # Staff's "failed" list and the daily digest of the last day's failures.
            models.Index(
                fields=["-failed_at"],
                condition=Q(send_email=True, sent_at__isnull=True, failed_at__isnull=False),
                name="notif_outbox_failed_idx",
            ),
            # The inbox page, newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                condition=Q(show_in_inbox=True),
                name="notif_inbox_idx",
            ),
            # The unread badge on every portal page.
            models.Index(
                fields=["recipient"],
                condition=Q(show_in_inbox=True, read_at__isnull=True),
                name="notif_inbox_unread_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(send_email=True) | Q(show_in_inbox=True),
                name="notif_has_a_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient_id}"

    def clean(self) -> None:
        super().clean()
        if not (self.send_email or self.show_in_inbox):
            raise ValidationError(_("通知至少要通过一种方式送达。"))

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def has_given_up(self) -> bool:
        return self.send_email and self.sent_at is None and self.failed_at is not None
