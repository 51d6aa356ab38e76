"""What this app contributes to shared pages (called from AppConfig.ready())."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_save
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def portal_probono_context(request: HttpRequest, lawyer: Any) -> dict | None:
    from .selectors.probono import probono_progress

    if lawyer is None:
        return None
    return {"progress": probono_progress(lawyer=lawyer)}


def portal_probono_annotations(request: HttpRequest) -> dict[str, Any]:
    from .selectors.probono import probono_progress_annotations

    return probono_progress_annotations()


def register_all() -> None:
    from apps.core.figures import key_figure_register
    from apps.core.panels import panel_register
    from apps.core.search import search_provider_register
    from apps.members.models import LawFirm, Lawyer

    from . import signals
    from .search_provider import FirmSearchProvider, LawyerSearchProvider, OverseasSearchProvider
    from .selectors.probono import probono_services_this_year

    post_save.connect(signals.lawyer_saved, sender=Lawyer, dispatch_uid="ls_lawyer_reindex")
    post_save.connect(signals.firm_saved, sender=LawFirm, dispatch_uid="ls_firm_reindex")
    m2m_changed.connect(
        signals.lawyer_areas_changed,
        sender=Lawyer.practice_areas.through,
        dispatch_uid="ls_lawyer_areas_reindex",
    )
    search_provider_register(LawyerSearchProvider())
    search_provider_register(FirmSearchProvider())
    search_provider_register(OverseasSearchProvider())
    key_figure_register(
        "legalservices.probono",
        label=_("本年公益法律服务"),
        unit=_("件次"),
        value=probono_services_this_year,
        url="/legal-help/",
        description=_("经核实的公益法律服务记录与公益活动服务人次之和"),
        order=40,
    )
    panel_register(
        "portal.home",
        "legalservices.probono",
        template="legalservices/includes/_portal_probono_panel.html",
        context=portal_probono_context,
        annotations=portal_probono_annotations,
        order=40,
    )
