from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "apps.members"
    label = "members"
    verbose_name = _("会员")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from apps.core.figures import key_figure_register

        from . import signals  # noqa: F401 - connects the cache invalidation receivers
        from .reference import reference_data_ensure
        from .selectors import member_counts

        post_migrate.connect(reference_data_ensure, sender=self)

        key_figure_register(
            "members.lawyers",
            label=_("个人会员"),
            unit=_("名"),
            value=lambda: member_counts()["lawyers"],
            order=10,
        )
        key_figure_register(
            "members.firms",
            label=_("团体会员"),
            unit=_("家"),
            value=lambda: member_counts()["firms"],
            order=20,
        )
