from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("rights/", views.report_list, name="report_list"),
    path("rights/<int:pk>/", views.report_detail, name="report_detail"),
    path("relief/", views.relief_list, name="relief_list"),
    path("relief/<int:pk>/", views.relief_detail, name="relief_detail"),
    path("relief/endorsements/", views.relief_endorse_list, name="relief_endorse_list"),
    path("relief/endorsements/<int:pk>/", views.relief_endorse, name="relief_endorse"),
    path("firms/<int:firm_pk>/compliance/", views.firm_compliance, name="firm_compliance"),
]
