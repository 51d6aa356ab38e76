"""Small helpers shared by the news views."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

PAGE_SIZE = 20


def page(request: HttpRequest, object_list: Any, per_page: int = PAGE_SIZE) -> Page:
    # get_page: a missing, malformed or out-of-range ?page= shows the first or last page.
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


def news_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("新闻资讯"), reverse("news:index")), *items]


def private_download(
    field_file: Any,
    *,
    filename: str,
    content_type: str,
    cache_control: str,
    inline: bool = False,
) -> FileResponse:
    """A stored file as a download, or 404 if it is gone. With `inline`, a PDF is shown
    in the browser instead ("在线查看" on phones); any other type is still a download."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not (inline and content_type == "application/pdf"),
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response
