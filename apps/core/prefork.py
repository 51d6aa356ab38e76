"""Work done once in gunicorn's master before it forks the workers (gunicorn.conf.py).

Whatever is loaded here is shared by every worker copy-on-write instead of being loaded
by each worker on its first requests (bench/README.md "Worker memory"): the URLconf and
every view module, the compiled templates, the translation catalogues, the search
segmenter (apps.news.segment: jieba's dictionary as a memory-mapped trie, every search
query is segmented) and the zh-hant converters (apps.core.chinese_convert: OpenCC's
dictionaries as memory-mapped tries, every zh-hant page). Both open files built once per
machine (the first start builds them in a child process, a few seconds); the files' pages
belong to the page cache, shared by every process that maps them. Neither jieba nor
opencc is imported by a web process (as Python and C++ objects their dictionaries were
+90 and +46 MB in every worker's RSS).
Each step is best effort: a failure here only costs memory, never the start-up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)


def _template_names() -> list[str]:
    from django.template import engines

    names: set[str] = set()
    for engine in engines.all():
        for directory in engine.template_dirs:
            root = Path(directory)
            if root.is_dir():
                names.update(
                    str(path.relative_to(root)) for path in root.rglob("*.html") if path.is_file()
                )
    return sorted(names)


def warm(after_step: Callable[[str], None] | None = None) -> dict[str, float]:
    """Load what every worker would load anyway; returns seconds per step.

    `after_step(name)` is called after each step (bench/worker_memory.py --steps reads
    the resident memory there)."""
    timings: dict[str, float] = {}

    def step(name: str, fn: Callable[[], None]) -> None:
        started = time.monotonic()
        try:
            fn()
        except Exception:
            logger.warning("prefork warm-up step %s failed", name, exc_info=True)
        timings[name] = round(time.monotonic() - started, 2)
        if after_step is not None:
            after_step(name)

    def urls() -> None:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 — imports every view module

    def templates() -> None:
        from django.template import TemplateDoesNotExist, TemplateSyntaxError
        from django.template.loader import get_template

        for name in _template_names():
            try:
                get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue

    def catalogues() -> None:
        from django.conf import settings
        from django.utils import translation

        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                translation.gettext("新闻资讯")

    def segmenter() -> None:
        from apps.news.search import index_tokens, parse_query

        index_tokens("上海市律师协会")
        parse_query("律师协会")

    def chinese_convert() -> None:
        from apps.core.hant import to_hans, to_hant

        to_hant("律师协会")
        to_hans("律師協會")

    for name, fn in (
        ("urls", urls),
        ("templates", templates),
        ("catalogues", catalogues),
        ("segmenter", segmenter),
        ("chinese_convert", chinese_convert),
    ):
        step(name, fn)
    return timings
