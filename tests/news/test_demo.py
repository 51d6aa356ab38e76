"""Demo content: every channel has articles, topics are ordered, re-running adds nothing."""

import io
import random
import re

import pytest
from pypdf import PdfReader

from apps.news.demo import content, seed_news
from apps.news.models import Article, Channel, Guide, MagazineIssue, Rule, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_news(scale="small", rng=random.Random("test"))


def _counts():
    return tuple(m.objects.count() for m in (Article, Channel, Topic, Rule, MagazineIssue, Guide))


def test_seeding_twice_changes_nothing(seeded):
    before = _counts()
    seed_news(scale="small", rng=random.Random("other"))
    assert _counts() == before


def test_every_channel_of_the_tree_has_three_published_articles(seeded):
    names = [name for _slug, name, _en, parent, _d in content.CHANNELS if parent is None]
    assert names == ["协会动态", "通知公告", "党建引领", "服务国家", "服务社会", "服务群众",
                     "服务行业", "媒体报道", "律师文化"]  # fmt: skip
    for channel in Channel.objects.filter(parent=None):
        in_tree = Article.objects.published().filter(
            channel__in=channel.get_descendants(include_self=True)
        )
        assert in_tree.count() >= 3, channel.name
        assert channel.name_en


def test_workflow_examples_and_pinned_notices_exist(seeded):
    statuses = set(Article.objects.values_list("status", flat=True))
    assert {"draft", "review", "scheduled", "published"} <= statuses
    assert Article.objects.published().filter(is_pinned=True, channel__slug="notices").count() >= 2


def test_topics_have_ordered_articles(seeded):
    for topic in Topic.objects.all():
        orders = list(topic.topic_articles.values_list("order", flat=True))
        assert len(orders) >= 2
        assert orders == sorted(orders)


def test_the_seed_article_credits_its_source(seeded):
    article = Article.objects.get(source_name="《社区》")
    assert article.source_line == "原文刊登于《社区》2025年2月下"
    assert article.editors_note


def test_rules_have_a_version_in_force(seeded):
    for rule in Rule.objects.all():
        assert rule.versions.count() >= 2
        assert rule.in_force() is not None


def test_guide_pdfs_are_real_and_chinese(seeded):
    for guide in Guide.objects.all():
        with guide.file.open("rb") as fh:
            text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
        assert guide.title[:4] in text


def test_demo_text_types_no_computed_statistics(seeded):
    text = " ".join(Article.objects.values_list("body", flat=True))
    for figure in ("4万", "40,000", "1900", "760", "18651", "42%", "100%"):
        assert figure not in text
    assert not re.search(r"\d{3,}\s*(名|家|个|件)", text)
