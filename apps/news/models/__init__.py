from .articles import Article, ArticleAttachment, ArticleMatch, ArticleQuerySet, ImageRendition
from .channels import Channel, Tag, Topic, TopicArticle, not_all_digits
from .contributions import Contribution
from .images import BodyImage
from .publications import Guide, MagazineIssue, Rule, RuleVersion

__all__ = [
    "Article",
    "ArticleAttachment",
    "ArticleMatch",
    "ArticleQuerySet",
    "BodyImage",
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
]
