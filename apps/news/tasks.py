"""Celery wrappers for news: take ids or names, call one service."""

from __future__ import annotations

from celery import shared_task

from . import images, services
from .view_counts import view_counts_flush


@shared_task(
    # Beat fires every minute; a run that waited longer than that is superseded.
    expires=55,
    # The service is idempotent (SKIP LOCKED claims), so a redelivery is harmless.
    acks_late=True,
    reject_on_worker_lost=True,
)
def news_publish_due() -> int:
    return services.articles_publish_due()


@shared_task(
    # Renditions are generated once under fixed names: running again is harmless.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=10,
    max_retries=3,
    soft_time_limit=120,
    time_limit=150,
)
def news_image_renditions(source_name: str) -> int:
    """Generate (once) the responsive renditions of a stored image."""
    return len(images.renditions_ensure(source_name))


@shared_task(expires=240, ignore_result=True)
def news_flush_view_counts() -> int:
    """Add the page views counted in the cache to Article.view_count (view_counts.py);
    returns the number of views moved. Every five minutes (migration 0003, renamed 0008)."""
    return view_counts_flush()
