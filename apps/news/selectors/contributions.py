"""Member contributions (网上投稿): a lawyer's own list and pages, attachment downloads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext

from .. import permissions
from ..models import Contribution


def contribution_list_for_user(*, user: Any) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(author=user)
        .select_related("article")
        .only(
            "id", "title", "status", "created_at", "decided_at", "article__id",
            "article__status", "article__publish_at", "article__title",
        )
        .order_by("-created_at", "-pk")
    )  # fmt: skip


def contribution_require_lawyer(user: Any) -> None:
    """403 unless `user` is a current member with a lawyer record (a suspended or revoked
    lawyer loses the contribution pages on their next request)."""
    if not permissions.is_lawyer(user):
        raise PermissionDenied(gettext("网上投稿仅向已关联律师身份的会员开放。"))


def contribution_get_for_user(*, user: Any, pk: int) -> Contribution:
    """The user's own contribution; anyone else's is 404 (not even its existence shows).
    403 for a user who is not (or no longer) a current member lawyer."""
    contribution_require_lawyer(user)
    contribution = Contribution.objects.select_related("article").filter(pk=pk, author=user).first()
    if contribution is None:
        raise Http404
    return contribution


def contribution_get_for_download(*, user: Any, pk: int) -> Contribution:
    """A contribution whose attachment `user` may download: their own, or any for staff
    who may view contributions in admin. Everybody else gets 404, as for the page; an
    author who is no longer a current member gets 404 too."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    contribution = Contribution.objects.filter(pk=pk).exclude(attachment="").first()
    if contribution is None:
        raise Http404
    if permissions.can_read_contribution_files(user):
        return contribution
    if contribution.author_id == user.pk and permissions.is_lawyer(user):
        return contribution
    raise Http404
