"""The beat job that publishes scheduled articles on time."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.news import tasks
from apps.news.images import RENDITION_WIDTHS, rendition_name
from apps.news.models import Article
from tests.celery_support import wait_for
from tests.news.factories import ArticleFactory, png_bytes


@pytest.mark.django_db
def test_due_article_goes_live_and_future_one_does_not():
    due = ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() - dt.timedelta(seconds=5)
    )
    future = ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(minutes=10)
    )
    assert not Article.objects.published().filter(pk=due.pk).exists()

    assert tasks.news_publish_due.delay().get() == 1

    assert set(Article.objects.published()) == {due}
    future.refresh_from_db()
    assert future.status == Article.Status.SCHEDULED
    assert due.history.first().history_change_reason == "定时发布"


@pytest.mark.django_db
def test_running_twice_publishes_nothing_more():
    ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert tasks.news_publish_due() == 1
    assert tasks.news_publish_due() == 0


@pytest.mark.django_db
def test_job_is_registered_with_beat_every_minute():
    task = PeriodicTask.objects.get(task="apps.news.tasks.news_publish_due")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (1, "minutes")


@pytest.mark.django_db
def test_renditions_task_generates_the_files():
    cache.clear()
    article = ArticleFactory(cover=ContentFile(png_bytes(1600, 900), name="task.png"))
    assert tasks.news_image_renditions.delay(article.cover.name).get() == len(RENDITION_WIDTHS)
    assert all(
        default_storage.exists(rendition_name(article.cover.name, w)) for w in RENDITION_WIDTHS
    )


@pytest.mark.celery_worker
def test_a_real_worker_publishes_the_due_article(celery_worker):
    due = ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() - dt.timedelta(seconds=1)
    )
    future = ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(hours=1)
    )
    tasks.news_publish_due.delay()
    wait_for(lambda: Article.objects.get(pk=due.pk).status == Article.Status.PUBLISHED)
    assert Article.objects.get(pk=future.pk).status == Article.Status.SCHEDULED


@pytest.mark.celery_worker
def test_a_real_worker_makes_the_renditions_a_page_asked_for(celery_worker, client):
    """The page request renders nothing: it shows the original and asks the worker, and
    once the worker is done the page lists exactly the widths it made."""
    from apps.news.models import ImageRendition

    cache.clear()
    name = default_storage.save("news/body/2026/11/worker.png", ContentFile(png_bytes(1000, 500)))
    article = ArticleFactory(body=f'<p><img src="/media/{name}" alt="图"></p>')

    first = client.get(article.get_absolute_url()).content.decode()
    assert f'src="/media/{name}"' in first
    assert "480w" not in first

    wait_for(lambda: ImageRendition.objects.filter(source_name=name).count() == 2)
    later = client.get(article.get_absolute_url()).content.decode()
    assert f"{default_storage.url(rendition_name(name, 480))} 480w" in later
    assert f"{default_storage.url(rendition_name(name, 960))} 960w" in later
    assert f"/media/{name} 1000w" in later
    assert "1440w" not in later


@pytest.mark.celery_worker
def test_a_real_worker_makes_the_renditions_of_an_uploaded_body_image(celery_worker, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from apps.accounts.roles import Role
    from apps.news.models import BodyImage, ImageRendition
    from tests.accounts.factories import staff_user

    client.force_login(staff_user(role=Role.EDITOR))
    response = client.post(
        reverse("admin:news_article_body_image"),
        {"image": SimpleUploadedFile("现场.png", png_bytes(1500, 700))},
    )
    assert response.status_code == 201
    name = BodyImage.objects.get().file.name
    wait_for(lambda: ImageRendition.objects.filter(source_name=name).count() == 3)
