from django.urls import path

from . import views

app_name = "partyorg"

urlpatterns = [
    path("", views.party_home, name="home"),
]
