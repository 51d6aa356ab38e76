from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.learning_home, name="home"),
    path("courses/", views.course_list, name="courses"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/enrol/", views.course_enrol, name="enrol"),
    path("enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="cancel"),
    path("enrolments/<int:pk>/complete/", views.enrolment_complete, name="complete"),
    path("check-in/", views.checkin, name="checkin"),
    path("certificate/<int:year>.pdf", views.certificate, name="certificate"),
    path("card/", views.card, name="card"),
    path("card/photo/", views.card_photo, name="card_photo"),
]
