from django.urls import path

from .views import portal

app_name = "legalservices_portal"

urlpatterns = [
    path("", portal.probono_home, name="probono"),
    path("records/new/", portal.record_new, name="record_new"),
    path("events/<int:pk>/volunteer/", portal.volunteer, name="volunteer"),
    path("feedback/", portal.feedback, name="feedback"),
]
