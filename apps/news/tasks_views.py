"""Celery task moving cached article view counts to PostgreSQL (see view_counts.py).

Imported at the end of tasks.py so that Celery's autodiscovery (which imports only
tasks.py) registers it; scheduled every five minutes by migration *_view_count_schedule.
"""

from __future__ import annotations

from celery import shared_task

from .view_counts import view_counts_flush

__all__ = ["news_flush_view_counts"]


@shared_task(expires=240, ignore_result=True)
def news_flush_view_counts() -> int:
    """Add pending view counts to Article.view_count; returns the number of views moved."""
    return view_counts_flush()
