"""Article attachments, downloaded through a view that applies the article's visibility.

The files live in private storage (apps.news.storage), so a members-only article's
attachments cannot be fetched by guessing a /media/ URL.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from apps.accounts.decorators import staff_powers

from .. import selectors
from ._common import private_download


@staff_powers  # staff fetch the files of articles not live yet (previews)
@require_GET
def article_attachment(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    try:
        attachment = selectors.article_attachment_get_for_user(
            user=request.user, article_pk=article_pk, pk=pk
        )
    except PermissionDenied:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404 from None
    # Public articles' files may be cached by browsers; members-only ones never by proxies.
    return private_download(
        attachment.file,
        filename=attachment.download_name,
        content_type=attachment.content_type,
        cache_control="private, max-age=3600",
        inline=request.GET.get("view") == "1",
    )
