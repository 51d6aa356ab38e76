"""Writes for news: the editorial workflow, reverts, publishing due articles, body
images and renditions, contributions.

Every transition checks the acting user (apps.news.permissions) here — admin checks again
for its buttons, but this is the line that holds: editors (news.change_article) submit
and withdraw; chief editors (news.publish_article) schedule, publish, archive and send
anything back to draft.
"""

from .articles import (
    article_archive,
    article_back_to_draft,
    article_publish,
    article_revert,
    article_schedule,
    article_submit,
    articles_publish_due,
)
from .contributions import (
    CONTRIBUTION_NOTIFICATION_KEY,
    contribution_accept,
    contribution_decline,
    contribution_submit,
)
from .images import body_image_upload, image_renditions_enqueue

__all__ = [
    "CONTRIBUTION_NOTIFICATION_KEY",
    "article_archive",
    "article_back_to_draft",
    "article_publish",
    "article_revert",
    "article_schedule",
    "article_submit",
    "articles_publish_due",
    "body_image_upload",
    "contribution_accept",
    "contribution_decline",
    "contribution_submit",
    "image_renditions_enqueue",
]
