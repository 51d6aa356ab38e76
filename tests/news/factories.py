"""Factories for news. Other test modules import these:

    ChannelFactory(parent=None)                 # slug "channel-<n>"
    ArticleFactory()                            # PUBLISHED an hour ago, public, in a new channel
    ArticleFactory(status=Article.Status.DRAFT) # publish_at None for draft/review
    ArticleFactory(status=Article.Status.SCHEDULED)              # publish_at tomorrow
    ArticleFactory(status=..., publish_at=<datetime>)            # explicit time wins
    TopicFactory(), TagFactory(), ArticleAttachmentFactory(article=...)
    MagazineIssueFactory(), RuleFactory(), RuleVersionFactory(rule=...), GuideFactory()
    ContributionFactory(author=<user>)

Files are tiny but real (a PNG from Pillow, a minimal PDF).
"""

from __future__ import annotations

import datetime as dt
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image
from pypdf import PdfWriter

from apps.news.models import (
    Article,
    ArticleAttachment,
    Channel,
    Contribution,
    Guide,
    MagazineIssue,
    Rule,
    RuleVersion,
    Tag,
    Topic,
    TopicArticle,
)
from tests.accounts.factories import UserFactory


def pdf_bytes(*, padding: int = 0) -> bytes:
    """A real one-page PDF (pypdf); ``padding`` bytes of metadata make it that much bigger."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if padding:
        writer.add_metadata({"/Subject": "x" * padding})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


MINIMAL_PDF = pdf_bytes()


def png_bytes(width: int = 64, height: int = 48, color: str = "#b22222", fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, fmt)
    return out.getvalue()


def image_file(name: str = "cover.png", **kwargs) -> ContentFile:
    return ContentFile(png_bytes(**kwargs), name=name)


def pdf_file(name: str = "file.pdf") -> ContentFile:
    return ContentFile(MINIMAL_PDF, name=name)


def _publish_at(article: Article) -> dt.datetime | None:
    now = timezone.now()
    if article.status == Article.Status.SCHEDULED:
        return now + dt.timedelta(days=1)
    if article.status in (Article.Status.PUBLISHED, Article.Status.ARCHIVED):
        return now - dt.timedelta(hours=1)
    return None


class ChannelFactory(DjangoModelFactory):
    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"栏目{n}")
    name_en = factory.Sequence(lambda n: f"Channel {n}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    parent = None
    order = factory.Sequence(lambda n: n)
    is_active = True


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"标签{n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    title = factory.Sequence(lambda n: f"专题{n}")
    title_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = "专题简介。"
    is_active = True


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"测试文章{n}")
    body = "<p>上海市律师协会组织会员律师开展公益法律服务。</p>"
    author = "本会"
    channel = factory.SubFactory(ChannelFactory)
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyAttribute(_publish_at)
    # An archived article made by the factory was published before it was archived (pass
    # first_published_at=None for one archived while still scheduled).
    first_published_at = factory.LazyAttribute(
        lambda o: o.publish_at if o.status == Article.Status.ARCHIVED else None
    )
    visibility = Article.Visibility.PUBLIC

    @factory.post_generation
    def tags(obj: Article, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            obj.tags.add(*extracted)

    @factory.post_generation
    def topics(obj: Article, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            for order, topic in enumerate(extracted):
                TopicArticle.objects.create(topic=topic, article=obj, order=order)


class ArticleAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = ArticleAttachment

    article = factory.SubFactory(ArticleFactory)
    title = factory.Sequence(lambda n: f"附件{n}")
    file = factory.LazyFunction(lambda: pdf_file("attachment.pdf"))


class MagazineIssueFactory(DjangoModelFactory):
    class Meta:
        model = MagazineIssue

    year = 2025
    number = factory.Sequence(lambda n: n % 50 + 1)
    title = factory.LazyAttribute(lambda o: f"《上海律师》{o.year}年第{o.number}期")
    published_on = factory.LazyAttribute(lambda o: dt.date(o.year, 1, 15))


class RuleFactory(DjangoModelFactory):
    class Meta:
        model = Rule

    title = factory.Sequence(lambda n: f"测试规则{n}")
    slug = factory.Sequence(lambda n: f"rule-{n}")
    category = Rule.Category.PRACTICE


class RuleVersionFactory(DjangoModelFactory):
    class Meta:
        model = RuleVersion

    rule = factory.SubFactory(RuleFactory)
    label = factory.Sequence(lambda n: f"第{n}版")
    effective_from = dt.date(2020, 1, 1)
    effective_to = None
    body = "<p>第一条 为规范律师执业行为，制定本规则。</p>"


class GuideFactory(DjangoModelFactory):
    class Meta:
        model = Guide

    title = factory.Sequence(lambda n: f"指南{n}")
    series = "进博会法律服务小蓝书"
    file = factory.LazyFunction(lambda: pdf_file("guide.pdf"))


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"投稿{n}")
    body = "<p>一名律师的公益服务心得。</p>"
