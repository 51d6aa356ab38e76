from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "apps.rights"
    label = "rights"
    verbose_name = _("权益保障")

    def ready(self) -> None:
        # The member's own-data download (apps/core/personal_data.py).
        from .personal_data import register as personal_data_register

        personal_data_register()
        from .panels import panels_register

        panels_register()
