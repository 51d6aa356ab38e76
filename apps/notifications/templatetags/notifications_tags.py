"""The header badge: ``{% load notifications_tags %}{% notifications_badge %}``.

Or just the number: ``{% notifications_unread_count as unread %}``. Either costs one
indexed COUNT per request, however many times a page uses it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from apps.notifications.models import Notification
from apps.notifications.rendering import notification_title
from apps.notifications.selectors import notification_unread_count_for_user

register = template.Library()

_CACHE_ATTR = "_notifications_unread_count"


def _unread_count(request: HttpRequest | None) -> int:
    if request is None or not hasattr(request, "user"):
        return 0
    if not hasattr(request, _CACHE_ATTR):
        setattr(request, _CACHE_ATTR, notification_unread_count_for_user(user=request.user))
    return getattr(request, _CACHE_ATTR)


@register.simple_tag(takes_context=True)
def notifications_unread_count(context: template.Context) -> int:
    return _unread_count(context.get("request"))


@register.inclusion_tag("notifications/includes/_badge.html", takes_context=True)
def notifications_badge(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "show": bool(user and user.is_authenticated),
        "unread": _unread_count(request),
    }


@register.filter
def notification_title_of(notification: Notification) -> str:
    return notification_title(notification)
