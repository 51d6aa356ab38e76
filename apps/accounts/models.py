from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class Language(models.TextChoices):
    """Languages a user can read their e-mails in (a subset of settings.LANGUAGES).

    Labels are each language's own name, untranslated, as in the header's language switch:
    a reader looks for "English" even on a Chinese page.
    """

    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: a lawyer, a firm administrator or association staff.

    E-mail is the login. What a lawyer *is* (licence, firm) lives in members.Lawyer,
    linked one-to-one; staff roles are Groups (see the data migration in this app).
    """

    email = models.EmailField(_("电子邮箱"), unique=True)
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    is_staff = models.BooleanField(_("工作人员"), default=False, help_text=_("可以登录管理后台。"))
    is_active = models.BooleanField(_("启用"), default=True)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)
    language = models.CharField(
        _("邮件语言"),
        max_length=10,
        choices=Language.choices,
        default=Language.ZH_HANS,
        help_text=_("通知邮件使用的语言。"),
    )
    # None: never chose (the browser's cookie decides); see apps/core/views_access.py.
    elder_mode = models.BooleanField(
        _("长辈模式"),
        null=True,
        blank=True,
        default=None,
        help_text=_("大字号、高对比度、大按钮；登录后在每台设备上生效。"),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email.split("@")[0]
