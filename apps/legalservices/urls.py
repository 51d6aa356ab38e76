from django.urls import path, register_converter

from .views import help as help_views
from .views import lookup, overseas

app_name = "legalservices"


class LicenceConverter:
    regex = r"[0-9]{17}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LicenceConverter, "licence")

urlpatterns = [
    path("lawyers/", lookup.lawyer_list, name="lawyer_list"),
    path("lawyers/<licence:licence_no>/", lookup.lawyer_detail, name="lawyer_detail"),
    path("firms/", lookup.firm_list, name="firm_list"),
    path("firms/<int:pk>/", lookup.firm_detail, name="firm_detail"),
    path("overseas/", overseas.office_list_view, name="overseas"),
    path("overseas/map.json", overseas.map_data, name="overseas_map_data"),
    path("overseas/<int:pk>/", overseas.office_detail, name="overseas_detail"),
    path("legal-help/", help_views.help_home, name="help"),
    path("legal-help/consultation/", help_views.consultation_new, name="consultation_new"),
    path(
        "legal-help/consultation/<str:reference>/done/",
        help_views.consultation_done,
        name="consultation_done",
    ),
    path("legal-help/events/<int:pk>/", help_views.event_detail, name="event_detail"),
    path(
        "legal-help/bookings/<str:reference>/",
        help_views.booking_done,
        name="booking_done",
    ),
    path("legal-help/alerts/", help_views.alert_list, name="alert_list"),
    path("legal-help/programmes/", help_views.programme_list, name="programme_list"),
    path(
        "legal-help/programmes/<slug:slug>/", help_views.programme_detail, name="programme_detail"
    ),
    path("legal-help/mediation/", help_views.mediation_home, name="mediation"),
    path(
        "legal-help/mediation/<str:reference>/done/",
        help_views.mediation_done,
        name="mediation_done",
    ),
]
