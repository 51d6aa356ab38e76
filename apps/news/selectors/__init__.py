"""Reads for news: public pages, feeds, sitemap, home section, search, publications and
contributions. One module per sub-domain; everything is re-exported here, so callers write
``from apps.news import selectors`` and ``selectors.article_list()``.

Visibility (decided here, used by every page; who counts as what is
``apps.news.permissions``):

* Published articles whose time has come are listed and readable; members-only ones are
  listed and readable for *current* members (``permissions.is_member``: practising
  lawyers, editors, chief editors — a suspended or revoked lawyer is not one), and listed
  with a lock for everybody else. Their page answers **200 with a teaser** (title,
  channel, date, "请登录会员账户阅读" with a login link) rather than 302/403: the visitor
  learns what the article is and how to read it, and crawlers do not see an error — the
  page carries ``noindex`` and is left out of feeds and the sitemap.
* **Archived** articles that were once live (``first_published_at``) stay readable at
  their address (inbound links keep working) with a notice, but are no longer listed,
  searched, fed or in the sitemap. An article archived while still scheduled was never
  public and stays 404, attachments included.
* Drafts, articles in review and scheduled ones are 404 — except to staff who may view
  articles, who see a preview banner.
* Attachments follow their article (``article_attachment_get_for_user``).
* Unpublished rules, guides and magazine issues: 404, files included, except to staff who
  see them in admin (selectors.publications).
"""

from .articles import (
    LIST_DEFER,
    ArticleAccess,
    article_attachment_get_for_user,
    article_get_for_user,
    article_latest_per_channel,
    article_list,
    article_list_public,
    article_neighbours,
    article_related,
    topic_ids_and_tags,
)
from .channels import (
    channel_children,
    channel_get_by_path,
    channel_list_active,
    channel_trail,
    descendant_ids,
)
from .contributions import (
    contribution_get_for_download,
    contribution_get_for_user,
    contribution_list_for_user,
    contribution_require_lawyer,
)
from .home import NOTICES_SLUG, HomeNews, home_news
from .publications import (
    RuleWithVersions,
    guide_file_get_for_user,
    guide_list_published,
    magazine_issue_articles,
    magazine_issue_get,
    magazine_issues,
    magazine_pdf_get_for_user,
    magazine_years,
    rule_get_published,
    rule_list_published,
    rule_version_file_get_for_user,
)
from .search import SEARCH_CANDIDATES, SEARCH_TITLE_CANDIDATES, ArticleSearchPage, article_search
from .topics import topic_articles, topic_get, topic_list_active

__all__ = [
    "LIST_DEFER",
    "NOTICES_SLUG",
    "SEARCH_CANDIDATES",
    "SEARCH_TITLE_CANDIDATES",
    "ArticleAccess",
    "ArticleSearchPage",
    "HomeNews",
    "RuleWithVersions",
    "article_attachment_get_for_user",
    "article_get_for_user",
    "article_latest_per_channel",
    "article_list",
    "article_list_public",
    "article_neighbours",
    "article_related",
    "article_search",
    "channel_children",
    "channel_get_by_path",
    "channel_list_active",
    "channel_trail",
    "contribution_get_for_download",
    "contribution_get_for_user",
    "contribution_list_for_user",
    "contribution_require_lawyer",
    "descendant_ids",
    "guide_file_get_for_user",
    "guide_list_published",
    "home_news",
    "magazine_issue_articles",
    "magazine_issue_get",
    "magazine_issues",
    "magazine_pdf_get_for_user",
    "magazine_years",
    "rule_get_published",
    "rule_list_published",
    "rule_version_file_get_for_user",
    "topic_articles",
    "topic_get",
    "topic_ids_and_tags",
    "topic_list_active",
]
