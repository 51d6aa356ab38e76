"""Article attachments, downloaded through a view that applies the article's visibility.

The files live in private storage (apps.news.storage), so a members-only article's
attachments cannot be fetched by guessing a /media/ URL.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from . import selectors
from .models import ArticleAttachment


@require_GET
def article_attachment(request: HttpRequest, article_pk: int, pk: int) -> HttpResponse:
    access = selectors.article_get_for_user(user=request.user, pk=article_pk)
    if not access.can_read:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    attachment = get_object_or_404(ArticleAttachment, pk=pk, article_id=article_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Public articles' files may be cached by browsers; members-only ones never by proxies.
    response["Cache-Control"] = "private, max-age=3600"
    return response
