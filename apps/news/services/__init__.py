"""Writes for news: the editorial workflow, publishing due articles, contributions.

Every transition checks the acting user's permissions here (admin checks them again
for its buttons, but this is the line that holds): editors (news.change_article)
submit and withdraw; chief editors (news.publish_article) schedule, publish, archive
and send anything back to draft.
"""

from .articles import (
    PUBLISH_PERMISSION,
    article_archive,
    article_back_to_draft,
    article_publish,
    article_schedule,
    article_submit,
    articles_publish_due,
    can_publish,
    image_renditions_enqueue,
)
from .contributions import (
    CONTRIBUTION_NOTIFICATION_KEY,
    contribution_accept,
    contribution_decline,
    contribution_submit,
)

__all__ = [
    "CONTRIBUTION_NOTIFICATION_KEY",
    "PUBLISH_PERMISSION",
    "article_archive",
    "article_back_to_draft",
    "article_publish",
    "article_schedule",
    "article_submit",
    "articles_publish_due",
    "can_publish",
    "contribution_accept",
    "contribution_decline",
    "contribution_submit",
    "image_renditions_enqueue",
]
