from django.urls import path

from .urls import LicenceConverter  # noqa: F401  (registers the "licence" converter)
from .views import api

app_name = "legalservices_api"

urlpatterns = [
    path("", api.docs, name="docs"),
    path("v1/lawyers/", api.lawyers, name="lawyers"),
    path("v1/lawyers/<licence:licence_no>/", api.lawyer, name="lawyer"),
    path("v1/firms/", api.firms, name="firms"),
    path("v1/firms/<int:pk>/", api.firm, name="firm"),
]
