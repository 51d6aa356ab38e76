"""The project's URLs with a bare 403 page, for tests/core/test_admin_matrix.py.

The matrix makes thousands of refused requests; the status code is what it checks, and
rendering the site's full 403 page (base layout, navigation, footer) each time was a
third of its run time. Every URL is the project's own.
"""

from django.http import HttpRequest, HttpResponseForbidden

from shlawyers.urls import urlpatterns  # noqa: F401 - the URLs under test


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponseForbidden:
    return HttpResponseForbidden()
