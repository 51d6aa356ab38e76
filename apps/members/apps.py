from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "apps.members"
    label = "members"
    verbose_name = _("会员")

    def ready(self) -> None:
        # The member's own-data download (apps/core/personal_data.py).
        from .personal_data import register as personal_data_register

        personal_data_register()
        from allauth.account.signals import email_confirmed
        from django.db.models.signals import post_migrate

        from apps.accounts.permissions import current_member_hook_register
        from apps.core.figures import key_figure_register

        from . import signals  # noqa: F401 - connects the cache invalidation receivers
        from .panels import dues as dues_panels
        from .panels import records as records_panels
        from .permissions import is_practising_member
        from .receivers import email_confirmed as activation_on_email_confirmed
        from .reference import reference_data_ensure
        from .selectors import member_counts

        post_migrate.connect(reference_data_ensure, sender=self)
        dues_panels.panels_register()
        records_panels.panels_register()
        # Members answers accounts' is_current_member (accounts cannot import members).
        current_member_hook_register("members.practising", is_practising_member)
        # A lawyer is linked to an account only once its address is confirmed.
        email_confirmed.connect(
            activation_on_email_confirmed, dispatch_uid="members.activation_complete"
        )

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
