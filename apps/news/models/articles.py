"""Articles, their attachments and image renditions.

The editorial workflow is a state machine on ``Article`` (``submit``, ``schedule``,
``publish``, ``archive``, ``back_to_draft``); each method refuses an illegal transition
with a DomainError. Services (services.py) check who may do it and save.

    draft → review                  submit()               editors
    review → scheduled              schedule(at)           chief editors, `at` in the future
    review / scheduled → published  publish()              chief editors; the beat job when due
    published / scheduled → archived  archive()            chief editors
                                    (an archived article stays readable only if it was
                                    ever live: ``first_published_at``)
    any state but draft → draft     back_to_draft(reason)  editors from review, else chief editors
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

from apps.core.exceptions import DomainError
from apps.core.uploads import private_storage

from ..images import field_file_normalize, validate_image_upload
from ..permissions import is_member
from ..sanitize import PROSE_EXTENSIONS, html_sanitize, summary_from_html
from ..validators import attachment_content_type, validate_attachment


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, now: dt.datetime | None = None) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now())

    def public(self, now: dt.datetime | None = None) -> ArticleQuerySet:
        return self.published(now).filter(visibility=Article.Visibility.PUBLIC)

    def visible_to(self, user: Any, now: dt.datetime | None = None) -> ArticleQuerySet:
        if is_member(user):
            return self.published(now)
        return self.public(now)

    def due(self, now: dt.datetime | None = None) -> ArticleQuerySet:
        """Scheduled articles whose time has come (the beat job publishes them)."""
        return self.filter(status=Article.Status.SCHEDULED, publish_at__lte=now or timezone.now())


class ArticleMatchQuerySet(models.QuerySet["ArticleMatch"]):
    def visible_to(self, user: Any, now: dt.datetime) -> ArticleMatchQuerySet:
        """The match rows of the articles ``Article.objects.visible_to(user, now)`` finds:
        published and due, and public unless ``user`` is a member (the same rule, on the
        copied columns; tests/news/test_search_match.py holds the two together)."""
        rows = self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now)
        if is_member(user):
            return rows
        return rows.filter(visibility=Article.Visibility.PUBLIC)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("待审核")
        SCHEDULED = "scheduled", _("定时发布")
        PUBLISHED = "published", _("已发布")
        ARCHIVED = "archived", _("已归档")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("公开")
        MEMBERS = "members", _("仅会员")

    title = models.CharField(_("标题"), max_length=200)
    subtitle = models.CharField(_("副标题"), max_length=200, blank=True)
    editors_note = models.TextField(_("编者按"), blank=True)
    body = ProseEditorField(
        _("正文"), extensions=PROSE_EXTENSIONS, sanitize=html_sanitize, blank=True
    )
    summary = models.TextField(_("摘要"), blank=True, help_text=_("留空则从正文自动生成。"))
    cover = models.ImageField(
        _("封面图片"),
        upload_to="news/covers/%Y/%m/",
        null=True,
        blank=True,
        validators=[validate_image_upload],
    )
    cover_alt = models.CharField(_("封面图片说明"), max_length=200, blank=True)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    source_name = models.CharField(
        _("来源"), max_length=100, blank=True, help_text=_("例如：《社区》")
    )
    source_issue = models.CharField(
        _("刊期"), max_length=60, blank=True, help_text=_("例如：2025年2月下")
    )
    source_url = models.URLField(_("来源链接"), blank=True)
    magazine_issue = models.ForeignKey(
        "news.MagazineIssue",
        verbose_name=_("所属期刊"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    channel = models.ForeignKey(
        "news.Channel", verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="articles"
    )
    topics = models.ManyToManyField(
        "news.Topic",
        verbose_name=_("专题"),
        through="news.TopicArticle",
        related_name="articles",
        blank=True,
    )
    tags = models.ManyToManyField(
        "news.Tag", verbose_name=_("标签"), related_name="articles", blank=True
    )
    visibility = models.CharField(
        _("可见范围"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_pinned = models.BooleanField(_("置顶"), default=False)
    is_featured = models.BooleanField(_("推荐"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    # Set once, the first time the article goes live, and never cleared: an archived
    # article stays readable at its address only if readers ever saw it (archiving a
    # scheduled article must not publish it).
    first_published_at = models.DateTimeField(
        _("首次发布时间"), null=True, blank=True, editable=False
    )
    workflow_note = models.TextField(
        _("审核意见"), blank=True, editable=False, help_text=_("退回草稿时填写的原因。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    view_count = models.PositiveIntegerField(_("阅读数"), default=0, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # The title part (weight A) of search_vector, kept by PostgreSQL: small and stored in
    # the row, so looking for the newest title matches along the date index is cheap (the
    # whole vector had to be detoasted per row: 97–146 ms at 200,000 articles), and its
    # own GIN index answers rarer titles (apps.news.selectors.search, bench/README.md).
    search_title = models.GeneratedField(
        expression=Func(F("search_vector"), template="ts_filter(%(expressions)s, '{a}')"),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )

    history = HistoricalRecords(
        verbose_name=_("文章历史"),
        excluded_fields=["search_vector", "search_title", "view_count"],
    )
    objects = ArticleQuerySet.as_manager()

    # Set by services before save(); simple_history stores them with the revision.
    _change_reason: str
    _history_user: Any

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_article", _("可以审核、定时、发布和归档文章"))]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="news_article_status_pub"),
            models.Index(
                fields=["channel", "status", "-publish_at"], name="news_article_channel_pub"
            ),
            models.Index(fields=["is_pinned"], name="news_article_pinned"),
            # A channel page: pinned first, newest first, published only — read in index
            # order, one page at a time (bench/explain/: 540 ms → 8 ms at 19,000 a channel).
            models.Index(
                fields=["channel", "-is_pinned", "-publish_at", "-id"],
                condition=Q(status="published"),
                name="news_article_channel_pinned",
            ),
            # Matching uses ArticleMatch's GIN index; search_vector itself is read only
            # to rank a bounded set of candidates by id.
            GinIndex(fields=["search_title"], name="news_article_search_title_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(publish_at__isnull=False),
                name="news_article_live_has_publish_at",
                violation_error_message=_("定时或已发布的文章必须有发布时间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every path that writes an article (admin, services, imports, demo) is sanitised.
        self.body = html_sanitize(self.body)
        if (
            self.status == self.Status.PUBLISHED
            and self.first_published_at is None
            and self.publish_at is not None
        ):
            # Whatever path publishes (services, imports, demo data), the first time counts.
            self.first_published_at = self.publish_at
        if not self.summary.strip():
            self.summary = summary_from_html(self.body)
        field_file_normalize(self.cover)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:article", kwargs={"pk": self.pk})

    @property
    def source_line(self) -> str:
        """ "原文刊登于《社区》2025年2月下" — or "" without a source."""
        if not self.source_name:
            return ""
        return gettext("原文刊登于%(source)s%(issue)s") % {
            "source": self.source_name,
            "issue": self.source_issue,
        }

    @property
    def was_published(self) -> bool:
        """Has the article ever been live (published, its time come)?"""
        return self.first_published_at is not None and self.first_published_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    def cover_srcset(self) -> tuple[str, str]:
        from ..images import srcset_for

        return srcset_for(self.cover)

    def clean(self) -> None:
        super().clean()
        self.body = html_sanitize(self.body)

    # --- workflow -----------------------------------------------------------------------

    def _refuse(self, action: str) -> DomainError:
        return DomainError(
            gettext("“%(title)s”当前状态为“%(status)s”，不能%(action)s。")
            % {"title": self.title, "status": self.get_status_display(), "action": action}
        )

    def submit(self) -> None:
        if self.status != self.Status.DRAFT:
            raise self._refuse(gettext("提交审核"))
        self.status = self.Status.REVIEW
        self.workflow_note = ""

    def schedule(self, at: dt.datetime, *, now: dt.datetime | None = None) -> None:
        """Approve for publication at a future time."""
        now = now or timezone.now()
        if self.status not in (self.Status.REVIEW, self.Status.SCHEDULED):
            raise self._refuse(gettext("定时发布"))
        if at is None or at <= now:
            raise DomainError(gettext("定时发布的时间必须晚于现在。"))
        self.status = self.Status.SCHEDULED
        self.publish_at = at

    approve = schedule

    def publish(self, now: dt.datetime | None = None) -> None:
        """Publish now; a due scheduled article keeps its scheduled time."""
        now = now or timezone.now()
        if self.status not in (self.Status.REVIEW, self.Status.SCHEDULED):
            raise self._refuse(gettext("发布"))
        if not (
            self.status == self.Status.SCHEDULED and self.publish_at and self.publish_at <= now
        ):
            self.publish_at = now
        self.status = self.Status.PUBLISHED
        if self.first_published_at is None:
            self.first_published_at = self.publish_at

    def archive(self) -> None:
        if self.status not in (self.Status.PUBLISHED, self.Status.SCHEDULED):
            raise self._refuse(gettext("归档"))
        self.status = self.Status.ARCHIVED

    def back_to_draft(self, reason: str) -> None:
        if self.status == self.Status.DRAFT:
            raise self._refuse(gettext("退回草稿"))
        if not (reason or "").strip():
            raise DomainError(gettext("退回草稿时请填写原因。"))
        self.status = self.Status.DRAFT
        self.publish_at = None
        self.workflow_note = reason.strip()


class ArticleMatch(models.Model):
    """An article's search vector without positions or weights, for *matching* only —
    kept by PostgreSQL triggers on news_article (migration 0012), never written by Django.

    Why a table of its own: a search first needs "the newest 500 articles that match"
    (apps.news.selectors.search). Walking news_article's date index and testing
    ``search_vector`` on each row detoasted a 4 KB vector per article (≈ 4 buffer reads
    each): 24–45 ms for a word found in one article in ten, at 200,000 articles. Here the
    vector is stripped (≈ 40 % smaller) and stored in the row (``STORAGE MAIN``, not
    TOAST), next to its own publish_at, so the same walk reads this table's pages in date
    order and joins the article only for the rows that match (bench/README.md). It is
    not folded into news_article because a fat in-row vector there pushed the small
    columns out to TOAST and made every other walk of that table slower.

    The GIN index serves rare words; ranking still reads ``Article.search_vector`` (it
    needs the positions and weights) for the few hundred candidates only.

    The article's status and visibility are copied too (migration 0014), so who may see a
    match is decided here (``visible_to``, the same rule as ``Article.objects``) and a site
    search joins no article until it ranks: at city scale the join only to test them was
    1.2 ms of a rare word's 5 (687 matches, an index probe each).
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,  # the delete trigger removes the row
        db_constraint=False,
        primary_key=True,
        related_name="match",
    )
    publish_at = models.DateTimeField(null=True)
    status = models.CharField(max_length=10, default="")
    visibility = models.CharField(max_length=10, default="")
    vector = SearchVectorField(null=True)

    objects = ArticleMatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章检索匹配")
        verbose_name_plural = _("文章检索匹配")
        default_permissions = ()
        indexes = [
            models.Index(fields=["-publish_at"], name="news_articlematch_pub"),
            GinIndex(fields=["vector"], name="news_articlematch_vector_gin"),
        ]

    def __str__(self) -> str:
        return str(self.article_id)


class ArticleAttachment(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("标题"), max_length=200)
    # Private storage: downloads go through news:article_attachment, which applies the
    # article's visibility (members-only articles' files are not world-readable).
    file = models.FileField(
        _("文件"),
        upload_to="news/attachments/%Y/%m/",
        validators=[validate_attachment],
        storage=private_storage,
    )
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    content_type = models.CharField(_("文件类型"), max_length=120, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords(verbose_name=_("附件历史"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.file and not getattr(self.file, "_committed", True):
            self.size = self.file.size
            self.content_type = attachment_content_type(self.file.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "news:article_attachment", kwargs={"article_pk": self.article_id, "pk": self.pk}
        )

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""

    @property
    def download_name(self) -> str:
        """The title as the file name, with the stored file's extension."""
        return f"{self.title}.{self.extension}" if self.extension else self.title


class ImageRendition(models.Model):
    """One generated rendition of a stored image (see images.renditions_ensure)."""

    source_name = models.CharField(_("原图"), max_length=255)
    width = models.PositiveSmallIntegerField(_("宽度"))
    file = models.CharField(_("文件"), max_length=255)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("图片尺寸版本")
        verbose_name_plural = _("图片尺寸版本")
        constraints = [
            models.UniqueConstraint(fields=["source_name", "width"], name="news_rendition_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source_name} @{self.width}"
