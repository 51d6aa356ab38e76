"""Images uploaded into article bodies from the editor (covers are fields on their models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BodyImage(models.Model):
    """One image an editor put into an article body (drag, paste or pick in the editor).

    Stored in the public media storage under an unguessable name (news/body/…/<uuid>),
    after the same checks and EXIF stripping as covers (apps.news.images); the body's
    sanitiser only lets through ``<img>`` whose ``src`` is in our media storage.
    """

    file = models.ImageField(_("文件"), upload_to="news/body/%Y/%m/", max_length=200)
    width = models.PositiveIntegerField(_("宽度"))
    height = models.PositiveIntegerField(_("高度"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("正文图片")
        verbose_name_plural = _("正文图片")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file.name
