from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("firms/<int:pk>/", views.firm_detail, name="firm_detail"),
    path("firms/<int:pk>/roster/", views.firm_roster, name="firm_roster"),
    path("firms/<int:pk>/dues/", views.firm_dues, name="firm_dues"),
]

# Roster changes requested by firm administrators (apps/members/views_roster.py).
from . import views_roster  # noqa: E402

urlpatterns += [
    path(
        "firms/<int:pk>/roster/changes/",
        views_roster.firm_roster_changes,
        name="firm_roster_changes",
    ),
    path("firms/<int:pk>/roster/join/", views_roster.firm_roster_join, name="firm_roster_join"),
    path(
        "firms/<int:pk>/roster/<int:lawyer_pk>/leave/",
        views_roster.firm_roster_leave,
        name="firm_roster_leave",
    ),
    path(
        "firms/<int:pk>/roster/changes/<int:change_pk>/cancel/",
        views_roster.firm_roster_change_cancel,
        name="firm_roster_change_cancel",
    ),
]
