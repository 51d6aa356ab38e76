from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("dues/", views.dues_statement, name="dues"),
    path("dues/link/<str:token>/", views.dues_statement_by_link, name="dues_link"),
    path("dues/receipts/<int:pk>/", views.dues_receipt, name="dues_receipt"),
    path("firms/<int:pk>/", views.firm_detail, name="firm_detail"),
    path("firms/<int:pk>/roster/", views.firm_roster, name="firm_roster"),
    path("firms/<int:pk>/dues/", views.firm_dues, name="firm_dues"),
    path(
        "firms/<int:pk>/roster/changes/",
        views.firm_roster_changes,
        name="firm_roster_changes",
    ),
    path("firms/<int:pk>/roster/join/", views.firm_roster_join, name="firm_roster_join"),
    path(
        "firms/<int:pk>/roster/<int:lawyer_pk>/leave/",
        views.firm_roster_leave,
        name="firm_roster_leave",
    ),
    path(
        "firms/<int:pk>/roster/changes/<int:change_pk>/cancel/",
        views.firm_roster_change_cancel,
        name="firm_roster_change_cancel",
    ),
]
