from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "apps.learning"
    label = "learning"
    verbose_name = _("律师云学院")

    def ready(self) -> None:
        from .panels import panels_register

        panels_register()
