from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalServicesConfig(AppConfig):
    name = "apps.legalservices"
    label = "legalservices"
    verbose_name = _("公共法律服务")

    def ready(self) -> None:
        from . import registrations

        registrations.register_all()
