"""The site's main navigation: home and the five public parts (paths from the URL contract)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    path: str  # unprefixed; the language prefix is added when rendering
    label: str
    # Other paths that belong to this part, for the "you are here" marker.
    also: tuple[str, ...] = ()
    key: str = ""


MAIN_NAV: tuple[NavItem, ...] = (
    NavItem("/", _("首页")),
    NavItem("/news/", _("新闻资讯"), also=("/topics/",)),
    NavItem("/party/", _("党建引领")),
    NavItem("/legal-help/", _("公共法律服务"), also=("/lawyers/", "/firms/", "/overseas/")),
    NavItem("/complaints/new/", _("投诉受理"), also=("/complaints/",)),
    NavItem("/portal/", _("会员服务"), also=("/notifications/",)),
)

PORTAL_NAV: tuple[NavItem, ...] = (
    NavItem("/portal/", _("门户首页")),
    NavItem("/portal/learning/", _("律师云学院")),
    NavItem("/portal/events/", _("活动与评选")),
    NavItem("/portal/bookings/", _("预约会见")),
    NavItem("/notifications/", _("通知"), key="notifications"),
    NavItem("/news/contribute/", _("网上投稿")),
    NavItem("/portal/legal-services/", _("公益法律服务")),
    NavItem("/portal/complaints/", _("投诉答辩")),
)
