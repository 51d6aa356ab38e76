"""Rebuild the search vector of every article (or of some), in batches.

    manage.py news_reindex                 # all articles
    manage.py news_reindex --ids 3 7 42    # just these
    manage.py news_reindex --batch 1000

Needed after loading fixtures (loaddata does not fire the reindex signal) or after the
tokenisation in apps/news/search.py changes. Safe to run at any time.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from apps.news.models import Article
from apps.news.search import article_search_vectors_update

FIELDS = ("pk", "title", "subtitle", "summary", "editors_note", "author", "body")


class Command(BaseCommand):
    help = "Rebuild the jieba search vectors of articles."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ids", nargs="*", type=int, help="only these article ids")
        parser.add_argument("--batch", type=int, default=500, help="articles per UPDATE")

    def handle(self, *args: Any, ids: list[int] | None, batch: int, **options: Any) -> None:
        articles = Article.objects.only(*FIELDS).order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
        started = time.monotonic()
        done = 0
        last_pk = 0
        while True:
            chunk = list(articles.filter(pk__gt=last_pk)[:batch])
            if not chunk:
                break
            done += article_search_vectors_update(chunk)
            last_pk = chunk[-1].pk
            if options["verbosity"] > 1:
                self.stdout.write(f"{done} …")
        if options["verbosity"]:
            elapsed = time.monotonic() - started
            self.stdout.write(self.style.SUCCESS(f"Reindexed {done} articles in {elapsed:.1f} s."))
