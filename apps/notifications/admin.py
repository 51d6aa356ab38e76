"""Staff see the outbox as it is (read-only) and can push a stuck e-mail out again.

Member services (and superusers) find the e-mails given up on under the "发送失败" filter
(``?delivery=failed``, newest failure first; the daily digest links there) and re-send
them with the "resend now" action, which needs change permission.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.admin_base import BaseAdmin

from .models import Notification
from .services import notification_requeue


class DeliveryFilter(admin.SimpleListFilter):
    title = _("邮件状态")
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("sent", _("已发送")),
            ("pending", _("待发送")),
            ("retrying", _("重试中")),
            ("failed", _("发送失败")),
            ("none", _("不发邮件")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        match self.value():
            case "sent":
                return queryset.filter(sent_at__isnull=False)
            case "pending":
                return queryset.filter(send_email=True, sent_at__isnull=True, last_error="")
            case "retrying":
                return queryset.filter(
                    send_email=True, sent_at__isnull=True, failed_at__isnull=True
                ).exclude(last_error="")
            case "failed":
                return queryset.filter(
                    send_email=True, sent_at__isnull=True, failed_at__isnull=False
                )
            case "none":
                return queryset.filter(send_email=False, sent_at__isnull=True)
        return queryset


class ReadFilter(admin.SimpleListFilter):
    title = _("阅读状态")
    parameter_name = "read"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", _("已读")), ("no", _("未读"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(read_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(read_at__isnull=True)
        return queryset


@admin.register(Notification)
class NotificationAdmin(BaseAdmin):
    list_display = [
        "id",
        "recipient",
        "recipient_email",
        "key",
        "created_at",
        "sent_at",
        "attempts",
        "failed_at",
        "read_at",
    ]
    list_display_links = ["id", "recipient"]
    list_filter = [DeliveryFilter, ReadFilter, "key", "send_email", "show_in_inbox"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "=key"]
    search_help_text = _("按收件人邮箱或通知类型搜索。")
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    show_full_result_count = False  # the outbox grows; skip the second COUNT(*)
    actions = ["resend_now"]
    fields = [
        "recipient",
        "key",
        "context",
        "url",
        "send_email",
        "show_in_inbox",
        "created_at",
        "sent_at",
        "claimed_at",
        "next_attempt_at",
        "attempts",
        "last_error",
        "failed_at",
        "read_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("收件地址"), ordering="recipient__email")
    def recipient_email(self, notification: Notification) -> str:
        # Staff check the address first when an e-mail bounced.
        return notification.recipient.email

    def get_ordering(self, request: HttpRequest) -> list[str]:
        # The failed list: newest failure first (the partial index notif_outbox_failed_idx).
        if request.GET.get(DeliveryFilter.parameter_name) == "failed":
            return ["-failed_at", "-id"]
        return super().get_ordering(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Notifications are written by the services that report something, never by hand.
        return False

    @admin.action(description=_("立即重新发送邮件"), permissions=["change"])
    def resend_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        selected = list(queryset)
        queued = sum(notification_requeue(notification=n, actor=request.user) for n in selected)
        skipped = len(selected) - queued
        if queued:
            self.message_user(
                request,
                ngettext(
                    "已将 %(count)d 条通知重新排队发送。",
                    "已将 %(count)d 条通知重新排队发送。",
                    queued,
                )
                % {"count": queued},
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d 条通知已发送、正在发送或不发邮件，已跳过。",
                    "%(count)d 条通知已发送、正在发送或不发邮件，已跳过。",
                    skipped,
                )
                % {"count": skipped},
                level="warning",
            )
