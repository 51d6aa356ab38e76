from django.urls import path

from . import views_portal

app_name = "complaints_portal"

urlpatterns = [
    path("", views_portal.complaint_list, name="list"),
    path("<int:pk>/", views_portal.complaint_detail, name="detail"),
    path("<int:pk>/files/<int:attachment_pk>/", views_portal.attachment_download, name="file"),
]
