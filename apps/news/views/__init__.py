"""News views, one module per sub-domain; every view is re-exported here so
``apps.news.views.article_detail`` (and the URL names) keep working.

* articles — news index, channels, the article page, topics
* attachments — article attachments through the article's visibility
* publications — rules, magazine, guides and their private files
* contributions — 网上投稿 for member lawyers
* images — the admin editor's body-image upload endpoint

Thin: selectors read (apps.news.selectors), services write (apps.news.services).
"""

from .articles import article_detail, channel, index, topic_detail, topic_list
from .attachments import article_attachment
from .contributions import (
    contribute,
    contribution_attachment,
    contribution_detail,
    contribution_list,
)
from .publications import (
    guide_file,
    guide_list,
    magazine_index,
    magazine_issue,
    magazine_pdf,
    magazine_year,
    rule_detail,
    rule_list,
    rule_version_file,
)

__all__ = [
    "article_attachment",
    "article_detail",
    "channel",
    "contribute",
    "contribution_attachment",
    "contribution_detail",
    "contribution_list",
    "guide_file",
    "guide_list",
    "index",
    "magazine_index",
    "magazine_issue",
    "magazine_pdf",
    "magazine_year",
    "rule_detail",
    "rule_list",
    "rule_version_file",
    "topic_detail",
    "topic_list",
]
