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
        # The cached practice areas and districts of the lookup forms (selectors/lookup.py).
        from django.db.models.signals import post_delete, post_save

        from apps.members.models import District, PracticeArea

        from .selectors.lookup import reference_data_invalidate

        for model in (PracticeArea, District):
            uid = f"legalservices_reference_{model.__name__}"
            post_save.connect(reference_data_invalidate, sender=model, dispatch_uid=uid + "_save")
            post_delete.connect(reference_data_invalidate, sender=model, dispatch_uid=uid + "_del")
