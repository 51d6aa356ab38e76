"""Key figures: live numbers on the home page, contributed by the apps that own the data.

`core` sits at the bottom of the dependency graph and never imports those apps. Instead
each app registers its figures from its ``AppConfig.ready()``::

    from apps.core.figures import key_figure_register

    key_figure_register(
        "members.lawyers",
        label=_("个人会员"),
        unit=_("名"),
        value=lambda: member_counts()["lawyers"],
        order=10,
    )

`value` is called when the figures are computed (see `key_figures_get`, cached for
`KEY_FIGURES_TTL`); the page shows the time they were computed as "as of". Registering a
key again replaces the earlier registration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

Number = int | Decimal | float

KEY_FIGURES_CACHE_KEY = "core:key-figures:v1"
KEY_FIGURES_TTL = 5 * 60


@dataclass(frozen=True)
class KeyFigureSpec:
    key: str
    label: str  # usually a lazy translation
    value: Callable[[], Number]
    unit: str = ""
    url: str = ""
    description: str = ""
    order: int = 100


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    value: Number
    unit: str
    url: str
    description: str
    as_of: dt.datetime


_registry: dict[str, KeyFigureSpec] = {}


def key_figure_register(
    key: str,
    *,
    label: str,
    value: Callable[[], Number],
    unit: str = "",
    url: str = "",
    description: str = "",
    order: int = 100,
) -> None:
    _registry[key] = KeyFigureSpec(
        key=key, label=label, value=value, unit=unit, url=url, description=description, order=order
    )


def key_figure_unregister(key: str) -> None:
    _registry.pop(key, None)


def key_figure_specs() -> list[KeyFigureSpec]:
    return sorted(_registry.values(), key=lambda spec: (spec.order, spec.key))


def _cache_key(specs: list[KeyFigureSpec]) -> str:
    # The set of registered keys is part of the key, so a new registration is never
    # answered from a cache filled before it.
    keys = ",".join(spec.key for spec in specs)
    return f"{KEY_FIGURES_CACHE_KEY}:{hashlib.sha1(keys.encode()).hexdigest()[:12]}"  # noqa: S324  # nosec B324


def key_figures_get() -> list[KeyFigure]:
    """Every registered figure with its value and the time it was computed (cached).

    A provider that fails is logged and left out (and nothing is cached, so the next
    request tries again): one broken number must not take the home page down.
    """
    specs = key_figure_specs()
    if not specs:
        return []
    cache_key = _cache_key(specs)
    cached: dict | None = cache.get(cache_key)
    if cached is None:
        values: dict[str, Number] = {}
        complete = True
        for spec in specs:
            try:
                values[spec.key] = spec.value()
            except Exception:
                if settings.DEBUG:
                    raise
                logger.exception("Key figure %s failed", spec.key)
                complete = False
        cached = {"as_of": timezone.now(), "values": values}
        if complete:
            cache.set(cache_key, cached, KEY_FIGURES_TTL)
    return [
        KeyFigure(
            key=spec.key,
            label=spec.label,
            value=cached["values"][spec.key],
            unit=spec.unit,
            url=spec.url,
            description=spec.description,
            as_of=cached["as_of"],
        )
        for spec in specs
        if spec.key in cached["values"]
    ]


def key_figures_invalidate() -> None:
    cache.delete(_cache_key(key_figure_specs()))
