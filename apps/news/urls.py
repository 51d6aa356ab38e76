"""News, channel, article and topic pages, publications and contributions. Included at
the site root (inside i18n_patterns) because the URL contract puts topics at /topics/
while they reverse as "news:topic".

/news/<channel path>/ comes last and never matches the publication sections
(rules, magazine, guides, contribute): those first segments are reserved, so a channel
with such a slug could not shadow them.
"""

from django.urls import path, register_converter

from . import views

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
        views.article_attachment,
        name="article_attachment",
    ),
    # Rules, magazine, guides, contributions: before the channel catch-all.
    path("news/rules/", views.rule_list, name="rules"),
    path("news/rules/<slug:slug>/", views.rule_detail, name="rule_detail"),
    path("news/rules/files/<int:pk>/", views.rule_version_file, name="rule_version_file"),
    path("news/magazine/", views.magazine_index, name="magazine"),
    path("news/magazine/<int:year>/", views.magazine_year, name="magazine_year"),
    path("news/magazine/<int:year>/<int:number>/", views.magazine_issue, name="magazine_issue"),
    path("news/magazine/pdf/<int:pk>/", views.magazine_pdf, name="magazine_pdf"),
    path("news/guides/", views.guide_list, name="guides"),
    path("news/guides/<int:pk>/file/", views.guide_file, name="guide_file"),
    path("news/contribute/", views.contribute, name="contribute"),
    path("news/contribute/mine/", views.contribution_list, name="contribution_list"),
    path("news/contribute/<int:pk>/", views.contribution_detail, name="contribution_detail"),
    path(
        "news/contribute/<int:pk>/attachment/",
        views.contribution_attachment,
        name="contribution_attachment",
    ),
    path("news/<channel_path:path>/", views.channel, name="channel"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
]
