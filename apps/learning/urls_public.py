from django.urls import path

from . import views

app_name = "learning_public"

urlpatterns = [
    path("<str:token>/", views.card_verify, name="verify"),
]
