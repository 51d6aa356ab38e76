from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from apps.core import views as core_views
from apps.core import views_search

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("apps.news.urls_feeds")),
    # The public register's JSON API: no language prefix (machines, not readers).
    path("api/", include("apps.legalservices.urls_api")),
]

urlpatterns += i18n_patterns(
    path("", include("apps.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("complaints/", include("apps.complaints.urls")),
    path("portal/complaints/", include("apps.complaints.urls_portal")),
    path("portal/legal-services/", include("apps.legalservices.urls_portal")),
    path("portal/learning/", include("apps.learning.urls")),
    path("portal/events/", include("apps.events.urls")),
    path("portal/bookings/", include("apps.bookings.urls")),
    path("events/", include("apps.events.urls_public")),
    path("portal/my-data/", include("apps.accounts.urls")),  # own-data download (PIPL)
    path("portal/", include("apps.rights.urls")),  # rights/… and relief/…
    path("portal/", include("apps.members.urls")),
    path("card/", include("apps.learning.urls_public")),  # member card verification
    path("notifications/", include("apps.notifications.urls")),
    path("party/", include("apps.partyorg.urls")),
    path("stats/", include("apps.stats.urls")),
    path("search/", views_search.search, name="search"),
    path("", include("apps.legalservices.urls")),  # /lawyers/ /firms/ /overseas/ /legal-help/
    path("", include("apps.news.urls")),  # /news/…, /topics/…
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
