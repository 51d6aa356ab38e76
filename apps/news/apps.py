from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "apps.news"
    label = "news"
    verbose_name = _("新闻与专题")

    def ready(self) -> None:
        # The member's own-data download (apps/core/personal_data.py).
        from .personal_data import register as personal_data_register

        personal_data_register()
        from apps.core.home import home_section_register
        from apps.core.pagecache import register_hit_hook
        from apps.core.search import search_provider_register

        from .home import home_news_context
        from .search_provider import NewsSearchProvider
        from .signals import article_post_save, home_news_changed
        from .view_counts import view_count_hit

        post_save.connect(
            article_post_save, sender=self.get_model("Article"), dispatch_uid="news_reindex"
        )
        # The home page's news section (cached for a minute) names articles, channels and
        # topics: any of them saved or deleted clears it.
        for model, events in (
            ("Article", (post_delete,)),
            ("Channel", (post_save, post_delete)),
            ("Topic", (post_save, post_delete)),
        ):
            for signal in events:
                signal.connect(
                    home_news_changed,
                    sender=self.get_model(model),
                    dispatch_uid=f"news_home_{model}_{signal is post_save}",
                )
        search_provider_register(NewsSearchProvider())
        # Article pages are page-cached for anonymous readers; each hit still counts a view.
        register_hit_hook("news:article", view_count_hit)
        home_section_register(
            "news.headlines",
            template="news/includes/_home_news.html",
            context=home_news_context,
            order=10,
        )
