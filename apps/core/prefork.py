"""Work done once in gunicorn's master before it forks the workers (gunicorn.conf.py).

Whatever is loaded here is shared by every worker copy-on-write instead of being loaded
by each worker on its first requests (bench/README.md "Worker memory"): the URLconf and
every view module, the compiled templates, the translation catalogues, jieba's
dictionary (every search query is segmented) and the OpenCC converters (every zh-hant
page). Each step is best effort: a failure here only costs memory, never the start-up.
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


def warm() -> dict[str, float]:
    """Load what every worker would load anyway; returns seconds per step."""
    timings: dict[str, float] = {}

    def step(name: str, fn: Callable[[], None]) -> None:
        started = time.monotonic()
        try:
            fn()
        except Exception:
            logger.warning("prefork warm-up step %s failed", name, exc_info=True)
        timings[name] = round(time.monotonic() - started, 2)

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

    def jieba() -> None:
        from apps.news.search import index_tokens

        index_tokens("上海市律师协会")

    def opencc() -> None:
        from apps.core.hant import to_hans, to_hant

        to_hant("律师协会")
        to_hans("律師協會")

    for name, fn in (
        ("urls", urls),
        ("templates", templates),
        ("catalogues", catalogues),
        ("jieba", jieba),
        ("opencc", opencc),
    ):
        step(name, fn)
    return timings
