from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalServicesConfig(AppConfig):
    name = "apps.legalservices"
    label = "legalservices"
    verbose_name = _("公共法律服务")

    def ready(self) -> None:
        # The member's own-data download (apps/core/personal_data.py).
        from .personal_data import register as personal_data_register

        personal_data_register()
        from . import registrations

        registrations.register_all()
