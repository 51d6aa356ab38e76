from django.urls import path

from . import views

app_name = "events_public"

urlpatterns = [
    path("", views.public_event_list, name="list"),
]
