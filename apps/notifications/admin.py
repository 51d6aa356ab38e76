"""Staff see the outbox as it is (read-only) and can push a stuck e-mail out again."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Notification
from .services import notification_requeue


class DeliveryFilter(admin.SimpleListFilter):
    title = _("邮件状态")
    parameter_name = "delivery"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("sent", _("已发送")),
            ("pending", _("待发送")),
            ("failed", _("发送失败")),
            ("none", _("不发邮件")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        match self.value():
            case "sent":
                return queryset.filter(sent_at__isnull=False)
            case "pending":
                return queryset.filter(send_email=True, sent_at__isnull=True, last_error="")
            case "failed":
                return queryset.filter(send_email=True, sent_at__isnull=True).exclude(last_error="")
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
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "recipient", "key", "created_at", "sent_at", "attempts", "read_at"]
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
        "read_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Notifications are written by the services that report something, never by hand.
        return False

    @admin.action(description=_("立即重新发送邮件"), permissions=["change"])
    def resend_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        selected = list(queryset)
        queued = sum(notification_requeue(notification=n) for n in selected)
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
