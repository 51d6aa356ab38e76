from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("站点")

    def ready(self) -> None:
        # Registers the system checks that every ModelAdmin guards its write paths, and
        # that every admin export escapes formula-leading text (core.E003).
        from . import admin_base, spreadsheets  # noqa: F401
        from .pagecache import connect_invalidation

        # Full-page cache: any write to a public-content app's model bumps its version.
        connect_invalidation()
