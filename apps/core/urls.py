from django.urls import path

from . import views, views_access

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("elder-mode/", views_access.elder_mode, name="elder_mode"),
]
