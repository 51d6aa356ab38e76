"""What stats contributes to shared pages (called from AppConfig.ready()).

The home page's key figures are re-registered here so that they read the one cached
statistics snapshot — the same numbers /stats/ shows, computed once. Stats is the last
app in INSTALLED_APPS, so its registrations replace the owning apps' own (same keys).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _current(metric: str) -> int:
    from .services.snapshot import stats_snapshot

    return stats_snapshot()["current"][metric]


def _party_organizations() -> int:
    from .services.snapshot import stats_snapshot

    return stats_snapshot()["figures"]["_party"]["organizations"]


def register_all() -> None:
    from apps.core.figures import key_figure_register

    from . import signals

    signals.connect_all()
    key_figure_register(
        "members.lawyers",
        label=_("个人会员"),
        unit=_("名"),
        url="/stats/#members-overview",
        value=lambda: _current("members"),
        order=10,
    )
    key_figure_register(
        "members.firms",
        label=_("团体会员"),
        unit=_("家"),
        url="/stats/#firms-by-type",
        value=lambda: _current("firms"),
        order=20,
    )
    key_figure_register(
        "partyorg.organizations",
        label=_("律师行业党组织"),
        unit=_("个"),
        url="/party/",
        value=_party_organizations,
        order=30,
    )
    key_figure_register(
        "partyorg.member_lawyers",
        label=_("党员律师"),
        unit=_("名"),
        url="/party/",
        value=lambda: _current("party_members"),
        order=40,
    )
    key_figure_register(
        "legalservices.probono",
        label=_("本年公益法律服务"),
        unit=_("件次"),
        value=lambda: _current("probono"),
        url="/stats/#probono-by-year",
        description=_("经核实的公益法律服务记录与公益活动服务人次之和"),
        order=50,
    )
