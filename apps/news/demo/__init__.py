"""Demo content for news: `seed_news(scale=..., rng=...)`, called by `manage.py seed_demo`.

Idempotent: channels, tags, topics, rules, issues and guides are found by their natural
keys (slug, title, year + number), articles by channel + title; nothing that exists is
changed, so editors' later edits survive a re-run. The texts are in content.py.

* small — the hand-written articles (three or more per channel), two topics, rules with
  versions, three magazine issues and two guides, plus one scheduled, one in-review and
  one draft article for the workflow in admin;
* city  — the same plus a few hundred short generated items, so channel pages page and
  search has something to rank.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..models import (
    Article,
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
from ..sanitize import html_sanitize
from . import content
from .media import chinese_pdf, cover_jpeg

CITY_EXTRA_ARTICLES = 400


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _html(item: dict[str, Any]) -> str:
    if "html" in item:
        return item["html"]
    return "".join(f"<p>{p}</p>" for p in item["paragraphs"])


def _channels() -> dict[str, Channel]:
    channels: dict[str, Channel] = {}
    for order, (slug, name, name_en, parent_slug, description) in enumerate(content.CHANNELS):
        parent = channels[parent_slug] if parent_slug else None
        channel = Channel.objects.filter(parent=parent, slug=slug).first()
        if channel is None:
            channel = Channel(
                slug=slug,
                name=name,
                name_en=name_en,
                parent=parent,
                description=description,
                order=order,
            )
            channel.full_clean()
            channel.save()
        channels[slug] = channel
    return channels


def _tags() -> dict[str, Tag]:
    return {
        name: Tag.objects.get_or_create(name=name, defaults={"slug": slug})[0]
        for name, slug in content.TAGS
    }


def _topics(rng: random.Random) -> dict[str, Topic]:
    topics = {}
    for order, data in enumerate(content.TOPICS):
        topic = Topic.objects.filter(slug=data["slug"]).first()
        if topic is None:
            topic = Topic(
                slug=data["slug"],
                title=data["title"],
                title_en=data["title_en"],
                description=data["description"],
                order=order,
                banner=ContentFile(
                    cover_jpeg(rng, size=(1600, 500), colors=data["color"]),
                    name=f"topic-{data['slug']}.jpg",
                ),
            )
            topic.full_clean()
            topic.save()
        topics[data["slug"]] = topic
    return topics


def _magazine(rng: random.Random) -> dict[tuple[int, int], MagazineIssue]:
    issues = {}
    for year, number, title, description in content.MAGAZINE_ISSUES:
        issue = MagazineIssue.objects.filter(year=year, number=number).first()
        if issue is None:
            issue = MagazineIssue(
                year=year,
                number=number,
                title=title,
                description=description,
                published_on=dt.date(year, min(number, 12), 20),
                cover=ContentFile(
                    cover_jpeg(rng, size=(600, 840)), name=f"magazine-{year}-{number}.jpg"
                ),
                pdf=ContentFile(
                    chinese_pdf(
                        title=title,
                        sections=[("本期导读", description)],
                        footer="上海市律师协会 · 演示数据",
                    ),
                    name=f"magazine-{year}-{number}.pdf",
                ),
            )
            issue.full_clean()
            issue.save()
        issues[(year, number)] = issue
    return issues


def _article(
    item: dict[str, Any],
    *,
    channels: dict[str, Channel],
    tags: dict[str, Tag],
    topics: dict[str, Topic],
    issues: dict[tuple[int, int], MagazineIssue],
    today: dt.date,
    rng: random.Random,
) -> Article:
    channel = channels[item["channel"]]
    existing = Article.objects.filter(channel=channel, title=item["title"]).first()
    if existing is not None:
        return existing
    status = item.get("status", Article.Status.PUBLISHED)
    if status == Article.Status.PUBLISHED:
        publish_at = _at(today - dt.timedelta(days=item["days_ago"]), 9 + item["days_ago"] % 8)
    elif status == Article.Status.SCHEDULED:
        publish_at = _at(today + dt.timedelta(days=item["days_ahead"]), 9)
    else:
        publish_at = None
    article = Article(
        title=item["title"],
        subtitle=item.get("subtitle", ""),
        editors_note=item.get("editors_note", ""),
        body=_html(item),
        author=item.get("author", "本会"),
        source_name=item.get("source_name", ""),
        source_issue=item.get("source_issue", ""),
        channel=channel,
        visibility=(
            Article.Visibility.MEMBERS if item.get("members_only") else Article.Visibility.PUBLIC
        ),
        is_pinned=item.get("pinned", False),
        is_featured=item.get("featured", False),
        status=status,
        publish_at=publish_at,
        magazine_issue=issues.get(item["magazine"]) if item.get("magazine") else None,
    )
    if item.get("cover"):
        # An abstract graphic: decorative, so no alternative text.
        article.cover = ContentFile(cover_jpeg(rng), name=f"cover-{item['channel']}.jpg")
    article.full_clean()
    article._change_reason = "演示数据"
    article.save()
    article.tags.add(*(tags[name] for name in item.get("tags", ())))
    for slug, order in item.get("topics", ()):
        TopicArticle.objects.get_or_create(
            topic=topics[slug], article=article, defaults={"order": order}
        )
    return article


def _rules(today: dt.date) -> None:
    next_year = dt.date(today.year + 1, 1, 1)

    def date(value: Any) -> dt.date | None:
        if value == "next_year":
            return next_year
        return dt.date(*value) if value else None

    for order, data in enumerate(content.RULES):
        rule, created = Rule.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "category": data["category"],
                "summary": data["summary"],
                "order": order,
            },
        )
        if not created:
            continue
        for version in data["versions"]:
            body = "".join(
                f"<p><strong>第{n}条</strong>　{text}</p>"
                for n, text in enumerate(version["articles"], start=1)
            )
            rv = RuleVersion(
                rule=rule,
                label=version["label"],
                adopted_by=version["adopted_by"],
                effective_from=date(version["from"]),
                effective_to=date(version["to"]),
                body=body,
            )
            rv.full_clean()
            rv.save()


def _guides(today: dt.date) -> None:
    for order, data in enumerate(content.GUIDES):
        if Guide.objects.filter(title=data["title"]).exists():
            continue
        pdf = chinese_pdf(
            title=data["title"], sections=data["sections"], footer="上海市律师协会 · 演示数据"
        )
        guide = Guide(
            title=data["title"],
            series=data["series"],
            description=data["description"],
            order=order,
            published_on=today - dt.timedelta(days=30 * (order + 1)),
            file=ContentFile(pdf, name=f"guide-{order + 1}.pdf"),
        )
        guide.full_clean()
        guide.save()


def _contribution() -> None:
    """One pending contribution from the demo lawyer, if that account exists yet."""
    user = get_user_model().objects.filter(lawyer_profile__isnull=False).order_by("pk").first()
    if user is None or Contribution.objects.filter(author=user).exists():
        return
    Contribution.objects.create(
        author=user,
        title="一次社区法律咨询的体会",
        body=html_sanitize(
            "<p>上个月，我参加了所在街道的律师值班。一位老人拿着一份房屋租赁合同来咨询。</p>"
            "<p>我逐条解释了合同条款，也提醒她注意押金退还的约定。她离开时说，心里踏实多了。</p>"
        ),
    )


SUBJECTS = ["律师志愿者", "青年律师", "专门委员会", "律所党支部", "公益服务团队", "涉外律师团队"]
ACTIONS = ["走进社区开展普法", "举办专题研讨", "开展公益法律咨询", "参加业务培训", "交流办案经验"]
FOCUS = ["劳动争议", "婚姻家事", "知识产权", "跨境投资", "数据合规", "物业纠纷", "消费维权"]


def _city_extra(channels: dict[str, Channel], today: dt.date, rng: random.Random) -> None:
    """Short generated items so that a city-scale site has pages of news to browse."""
    if Article.objects.filter(title__startswith="【简讯】").exists():
        return
    from ..search import article_search_vectors_update

    roots = [c for slug, c in channels.items() if c.parent_id is None]
    batch = []
    for n in range(CITY_EXTRA_ARTICLES):
        subject, action, focus = rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(FOCUS)
        body = (
            f"<p>{subject}近日围绕{focus}{action}。活动中，律师们结合实际案例，"
            f"讲解了{focus}领域常见的法律问题和应对方法。</p>"
            f"<p>参加活动的人员表示，这样的交流实用、接地气，希望今后多举办。</p>"
        )
        batch.append(
            Article(
                title=f"【简讯】{subject}围绕{focus}{action}（{n + 1}）",
                body=body,
                summary=f"{subject}围绕{focus}{action}。",
                author="本会",
                channel=roots[n % len(roots)],
                status=Article.Status.PUBLISHED,
                publish_at=_at(today - dt.timedelta(days=60 + n // 2), 9 + n % 8),
            )
        )
    created = Article.objects.bulk_create(batch, batch_size=200)
    article_search_vectors_update(created)


def _renditions_enqueue() -> None:
    """Ask the worker for the renditions of every demo image (after commit), as an upload
    in admin does; pages show the originals until they exist."""
    from ..services.images import image_renditions_enqueue_name

    for model, field in ((Article, "cover"), (Topic, "banner"), (MagazineIssue, "cover")):
        for name in model.objects.exclude(**{field: ""}).values_list(field, flat=True):
            if name:
                image_renditions_enqueue_name(name)


def seed_news(*, scale: str, rng: random.Random) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        channels = _channels()
        tags = _tags()
        topics = _topics(rng)
        issues = _magazine(rng)
        for item in content.ARTICLES + content.WORKFLOW_ARTICLES:
            _article(
                item,
                channels=channels,
                tags=tags,
                topics=topics,
                issues=issues,
                today=today,
                rng=rng,
            )
        _rules(today)
        _guides(today)
        _contribution()
        if scale == "city":
            _city_extra(channels, today, rng)
        _renditions_enqueue()
