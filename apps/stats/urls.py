from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.stats_home, name="home"),
    path("data.json", views.data_all_json, name="data_all_json"),
    path("data/<slug:key>.csv", views.figure_csv, name="figure_csv"),
    path("data/<slug:key>.json", views.figure_json, name="figure_json"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/progress/", views.report_progress, name="report_progress"),
    path("reports/<int:pk>/rerun/", views.report_rerun, name="report_rerun"),
    path("reports/<int:pk>/download/<str:fmt>/", views.report_download, name="report_download"),
]
