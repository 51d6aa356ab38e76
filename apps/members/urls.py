from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("firms/<int:pk>/", views.firm_detail, name="firm_detail"),
    path("firms/<int:pk>/roster/", views.firm_roster, name="firm_roster"),
    path("firms/<int:pk>/dues/", views.firm_dues, name="firm_dues"),
]
