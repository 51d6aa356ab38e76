"""E-mails to complainants, who need no account (the notifications outbox writes to Users).

Same delivery rules as apps.notifications (row in the change's transaction, claim by a
conditional UPDATE, sweep for stragglers) plus one of its own: the confirmation carries
the secret tracking code, which is stored nowhere else in clear, so the context is
scrubbed as soon as the message has been handed to the mail server.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .complaint import Complaint


class ComplainantMail(models.Model):
    MAX_ATTEMPTS = 8

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="mails"
    )
    to = models.EmailField(_("收件人"))
    key = models.CharField(_("邮件类型"), max_length=60)
    context = models.JSONField(_("内容参数"), default=dict)
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claim_token = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("投诉人邮件")
        verbose_name_plural = _("投诉人邮件")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="complaints_mail_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.complaint_id}"
