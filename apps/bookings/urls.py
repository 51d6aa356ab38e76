from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.booking_home, name="home"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility"),
    path("facilities/<int:pk>/book/", views.booking_create, name="book"),
    path("<int:pk>/", views.booking_detail, name="booking"),
    path("<int:pk>/cancel/", views.booking_cancel, name="cancel"),
    path("link/confirm/<str:token>/", views.confirm_by_link, name="confirm_link"),
]
