"""Who may do what in news: the one place for every role and visibility check.

Models, services, selectors, views and admin ask these predicates; none of them spells
``user.has_perm(...)`` or ``user.is_staff`` for news itself. Each predicate takes any user
(anonymous included) and answers a plain bool.

| predicate                     | who                                                        |
| ----------------------------- | ---------------------------------------------------------- |
| ``is_member``                 | a *current* member (``apps.accounts.permissions``):        |
|                               | practising lawyers, editors, chief editors, superusers.    |
|                               | Suspended or revoked lawyers are not members.              |
| ``is_lawyer``                 | a current member with a linked lawyer record: contributes  |
| ``can_edit_articles``         | staff with ``news.change_article`` (editors, chief editors)|
| ``can_publish_articles``      | staff with ``news.publish_article`` (chief editors)        |
| ``can_preview_articles``      | staff with ``news.view_article`` (sees unpublished pages)  |
| ``can_change_article``        | may edit this article's content: editors while it is a     |
|                               | draft or in review, chief editors always                   |
| ``can_upload_body_images``    | may put images into article bodies (= can_edit_articles)   |
| ``can_review_contributions``  | editors with ``news.change_contribution``                  |
| ``can_accept_contributions``  | … and ``news.add_article`` (accepting writes a draft)      |
| ``can_read_contribution_files`` | staff with ``news.view_contribution``                    |
| ``can_preview_publications``  | staff who may view rules/guides/issues in admin: download  |
|                               | the files of unpublished ones                              |
"""

from __future__ import annotations

from typing import Any

from apps.accounts.permissions import is_current_member

PUBLISH_PERMISSION = "news.publish_article"
CHANGE_PERMISSION = "news.change_article"
VIEW_PERMISSION = "news.view_article"


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _staff_with(user: Any, *perms: str) -> bool:
    return _signed_in(user) and bool(user.is_staff) and all(user.has_perm(p) for p in perms)


def is_member(user: Any) -> bool:
    """May read members-only articles, their attachments and members' lists.

    A *current* member only: ``apps.accounts.permissions.is_current_member`` answers from
    the lawyer's status (suspended and revoked lawyers lose access on their next request)
    and names the staff roles that count (editors and chief editors: they write and
    publish members-only articles and must read them as members will).
    """
    return is_current_member(user)


def _has_lawyer_record(user: Any) -> bool:
    try:
        return getattr(user, "lawyer_profile", None) is not None
    except Exception:
        return False


def is_lawyer(user: Any) -> bool:
    """May file contributions (网上投稿): a current member who is a lawyer, not staff."""
    return is_member(user) and _has_lawyer_record(user)


def can_edit_articles(user: Any) -> bool:
    return _staff_with(user, CHANGE_PERMISSION)


def can_publish_articles(user: Any) -> bool:
    return _staff_with(user, PUBLISH_PERMISSION)


def can_preview_articles(user: Any) -> bool:
    return _staff_with(user, VIEW_PERMISSION)


def can_change_article(user: Any, article: Any) -> bool:
    """May change this article's content (and revert its history): editors while it is a
    draft or in review; anything scheduled, live or archived needs a chief editor."""
    if not can_edit_articles(user):
        return False
    if article is None or article.status in ("draft", "review"):
        return True
    return can_publish_articles(user)


def can_upload_body_images(user: Any) -> bool:
    return can_edit_articles(user)


def can_review_contributions(user: Any) -> bool:
    return can_edit_articles(user) and user.has_perm("news.change_contribution")


def can_accept_contributions(user: Any) -> bool:
    return can_review_contributions(user) and user.has_perm("news.add_article")


def can_read_contribution_files(user: Any) -> bool:
    return _staff_with(user, "news.view_contribution")


def can_preview_publications(user: Any, model_name: str) -> bool:
    """Staff who see this kind of publication in admin (``rule``, ``guide``,
    ``magazineissue``) may open the files of unpublished ones."""
    return _staff_with(user, f"news.view_{model_name}")
