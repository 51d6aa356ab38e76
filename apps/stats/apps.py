from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "apps.stats"
    label = "stats"
    verbose_name = _("统计与报表")

    def ready(self) -> None:
        from . import registrations

        registrations.register_all()
