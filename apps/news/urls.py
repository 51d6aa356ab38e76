"""News, channel, article and topic pages. Included at the site root (inside i18n_patterns)
because the URL contract puts topics at /topics/ while they reverse as "news:topic".

/news/<channel path>/ comes last and never matches the publication sections
(rules, magazine, guides, contribute): those first segments are reserved for
apps.news.urls_publications, so a channel with such a slug could not shadow them.
"""

from django.urls import include, path, register_converter

from . import views, views_attachments

app_name = "news"

# First path segments below /news/ that are not channels.
RESERVED_SEGMENTS = ("rules", "magazine", "guides", "contribute", "feed", "feeds")


class ChannelPathConverter:
    """One or more slugs separated by "/", the first not reserved and not all digits."""

    regex = r"(?!(?:{})(?:/|$))(?!\d+(?:/|$))[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+)*".format(
        "|".join(RESERVED_SEGMENTS)
    )

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ChannelPathConverter, "channel_path")

urlpatterns = [
    path("news/", views.index, name="index"),
    path("news/<int:pk>/", views.article_detail, name="article"),
    path(
        "news/<int:article_pk>/attachments/<int:pk>/",
        views_attachments.article_attachment,
        name="article_attachment",
    ),
    # Rules, magazine, guides, contributions (NEWS-A): before the channel catch-all.
    path("news/", include("apps.news.urls_publications")),
    path("news/<channel_path:path>/", views.channel, name="channel"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
]
