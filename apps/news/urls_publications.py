"""Publications (rules, magazine, guides) and member contributions, below /news/.

Included by apps/news/urls.py inside the "news" namespace, so these reverse as
"news:rules", "news:rule_detail", … (no app_name here on purpose).
"""

from django.urls import path

from . import views_publications as views

urlpatterns = [
    path("rules/", views.rule_list, name="rules"),
    path("rules/<slug:slug>/", views.rule_detail, name="rule_detail"),
    path("magazine/", views.magazine_index, name="magazine"),
    path("magazine/<int:year>/", views.magazine_year, name="magazine_year"),
    path("magazine/<int:year>/<int:number>/", views.magazine_issue, name="magazine_issue"),
    path("guides/", views.guide_list, name="guides"),
    path("contribute/", views.contribute, name="contribute"),
    path("contribute/mine/", views.contribution_list, name="contribution_list"),
    path("contribute/<int:pk>/", views.contribution_detail, name="contribution_detail"),
    path(
        "contribute/<int:pk>/attachment/",
        views.contribution_attachment,
        name="contribution_attachment",
    ),
]
