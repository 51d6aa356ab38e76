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
        # The cached answer of the overseas map (selectors/overseas.py): its offices, their
        # firms' names and status, and the practice areas it can be filtered by.
        from django.db.models.signals import m2m_changed

        from apps.members.models import LawFirm

        from .models import OverseasOffice
        from .selectors.overseas import office_map_invalidate

        for model in (OverseasOffice, LawFirm):
            uid = f"legalservices_overseas_map_{model.__name__}"
            post_save.connect(office_map_invalidate, sender=model, dispatch_uid=uid + "_save")
            post_delete.connect(office_map_invalidate, sender=model, dispatch_uid=uid + "_del")
        m2m_changed.connect(
            office_map_invalidate,
            sender=OverseasOffice.practice_areas.through,
            dispatch_uid="legalservices_overseas_map_areas",
        )
