"""Channels (the tree of sections), tags and feature topics."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from simple_history.models import HistoricalRecords

from ..images import field_file_normalize, validate_image_upload

# A slug that is all digits would be read as an article id in /news/<pk>/.
not_all_digits = RegexValidator(
    r"^\d+$", _("标识不能全部是数字。"), code="slug_all_digits", inverse_match=True
)


class ChannelQuerySet(models.QuerySet["Channel"]):
    def active(self) -> ChannelQuerySet:
        return self.filter(is_active=True)


class Channel(MPTTModel):
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英文名称"), max_length=120, blank=True)
    slug = models.SlugField(
        _("标识"), max_length=60, validators=[not_all_digits], help_text=_("用于网址，同级唯一。")
    )
    parent = TreeForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords(
        verbose_name=_("栏目历史"), excluded_fields=["lft", "rght", "tree_id", "level"]
    )
    objects = ChannelQuerySet.as_manager()

    class MPTTMeta:
        order_insertion_by = ["order"]

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"],
                name="news_channel_slug_unique_among_siblings",
                nulls_distinct=False,
                violation_error_message=_("同一上级栏目下已有相同标识的栏目。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_path(self) -> str:
        """ "parent-slug/child-slug" — the channel's URL path below /news/."""
        return "/".join(c.slug for c in self.get_ancestors(include_self=True))

    def get_absolute_url(self) -> str:
        return reverse("news:channel", kwargs={"path": self.get_path()})


class Tag(models.Model):
    name = models.CharField(_("名称"), max_length=40, unique=True)
    slug = models.SlugField(_("标识"), max_length=60, unique=True, allow_unicode=True)

    history = HistoricalRecords(verbose_name=_("标签历史"))

    class Meta:
        verbose_name = _("标签")
        verbose_name_plural = _("标签")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TopicQuerySet(models.QuerySet["Topic"]):
    def active(self) -> TopicQuerySet:
        return self.filter(is_active=True)


class Topic(models.Model):
    """A feature topic (专题): a banner, a description and an ordered list of articles."""

    title = models.CharField(_("标题"), max_length=120)
    title_en = models.CharField(_("英文标题"), max_length=200, blank=True)
    slug = models.SlugField(_("标识"), max_length=80, unique=True, validators=[not_all_digits])
    banner = models.ImageField(
        _("横幅图片"),
        upload_to="news/topics/%Y/%m/",
        null=True,
        blank=True,
        validators=[validate_image_upload],
    )
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    history = HistoricalRecords(verbose_name=_("专题历史"))
    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("专题")
        verbose_name_plural = _("专题")
        ordering = ["order", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        field_file_normalize(self.banner)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:topic", kwargs={"slug": self.slug})


class TopicArticle(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("专题"), on_delete=models.CASCADE, related_name="topic_articles"
    )
    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("文章"),
        on_delete=models.CASCADE,
        related_name="topic_links",
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords(verbose_name=_("专题文章历史"))

    class Meta:
        verbose_name = _("专题文章")
        verbose_name_plural = _("专题文章")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "article"], name="news_topicarticle_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} · {self.article}"
