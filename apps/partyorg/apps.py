from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyorgConfig(AppConfig):
    name = "apps.partyorg"
    label = "partyorg"
    verbose_name = _("党组织")

    def ready(self) -> None:
        # The member's own-data download (apps/core/personal_data.py).
        from .personal_data import register as personal_data_register

        personal_data_register()
        from apps.core.figures import key_figure_register

        def party_statistics():  # imported late: models are not ready at import time
            from .selectors.statistics import party_statistics

            return party_statistics()

        key_figure_register(
            "partyorg.organizations",
            label=_("律师行业党组织"),
            unit=_("个"),
            url="/party/",
            value=lambda: party_statistics().organizations_total,
            order=30,
        )
        key_figure_register(
            "partyorg.member_lawyers",
            label=_("党员律师"),
            unit=_("名"),
            url="/party/",
            value=lambda: party_statistics().member_lawyers,
            order=40,
        )
