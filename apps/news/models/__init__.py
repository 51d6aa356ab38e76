from .articles import Article, ArticleAttachment, ArticleQuerySet, ImageRendition, user_is_member
from .channels import Channel, Tag, Topic, TopicArticle, not_all_digits
from .contributions import Contribution
from .publications import Guide, MagazineIssue, Rule, RuleVersion

__all__ = [
    "Article",
    "ArticleAttachment",
    "ArticleQuerySet",
    "Channel",
    "Contribution",
    "Guide",
    "ImageRendition",
    "MagazineIssue",
    "Rule",
    "RuleVersion",
    "Tag",
    "Topic",
    "TopicArticle",
    "not_all_digits",
    "user_is_member",
]
