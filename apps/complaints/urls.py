from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.scope, name="scope"),
    path("new/", views.new, name="new"),
    path("new/done/", views.done, name="done"),
    path("track/", views.track, name="track"),
    path("track/status/", views.status, name="status"),
    path("track/end/", views.track_end, name="track_end"),
]
