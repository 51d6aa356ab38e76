"""Site-wide response middleware owned by core."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .hant import html_to_hant

HANT = "zh-hant"


class HantMiddleware:
    """/zh-hant/ pages: every app's content (titles, bodies, notices, names) converted to
    Traditional Chinese on the way out (apps.core.hant), so nothing is stored twice and a
    new app needs no work. The interface strings are already Traditional (locale/zh_Hant);
    converting them again changes nothing.

    Skips: other languages, anything but a complete text/html body (feeds, JSON, files,
    streams), and the admin (staff edit the Simplified originals and must see them).
    Placed after LocaleMiddleware, so the language of the request is active here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            getattr(request, "LANGUAGE_CODE", None) != HANT
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.has_header("Content-Encoding")
            or request.path.startswith(f"/{HANT}/admin/")
        ):
            return response
        charset = response.charset or "utf-8"
        response.content = html_to_hant(response.content.decode(charset)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
