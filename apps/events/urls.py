from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/register/", views.event_register, name="register"),
    path("<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="cancel"),
    path("check-in/", views.checkin, name="checkin"),
    path("calendar/", views.calendar_renew, name="calendar_renew"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("link/cancel/<str:token>/", views.cancel_by_link, name="cancel_link"),
    path("clubs/", views.club_list, name="clubs"),
    path("clubs/<slug:slug>/", views.club_detail, name="club"),
    path("clubs/<slug:slug>/join/", views.club_join, name="club_join"),
    path("clubs/<slug:slug>/leave/", views.club_leave, name="club_leave"),
    path("contests/", views.contest_list, name="contests"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
    path("contests/<int:pk>/vote/", views.contest_vote, name="vote"),
    path("contests/<int:pk>/results/", views.contest_results, name="results"),
]
