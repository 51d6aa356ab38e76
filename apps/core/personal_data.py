"""A member's own data, downloaded (PIPL art. 45: the right to a copy of one's data).

`core` never imports the apps that hold the data. Each app registers an *exporter* from
its ``AppConfig.ready()``::

    from apps.core.personal_data import personal_data_register

    personal_data_register(
        "bookings",
        label=_("会见预约"),
        exporter=bookings_personal_data,  # (user) -> dict | list | None
        order=60,
    )

An exporter returns what the site holds about ``user`` in that app — plain values
(``str``, numbers, dates, ``Decimal``, lists and dicts of them), only what the user may
see already (never a staff-only note, another person's contacts, a token or a secret),
or ``None`` when it holds nothing. It keeps its own query count constant (a few queries,
``select_related`` for what it follows): the download's query-budget test counts them.

`personal_data_collect` runs every exporter; `personal_data_zip` packs the result as a
ZIP (one JSON file per section plus everything in ``personal-data.json``). The view that
serves it lives in `apps.accounts` (the account owns the download; it needs a recent
re-authentication and is logged).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

Exporter = Callable[[Any], Any]


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise  # usually a lazy translation
    exporter: Exporter
    order: int = 100


_registry: dict[str, Section] = {}


def personal_data_register(
    key: str, *, label: str | Promise, exporter: Exporter, order: int = 100
) -> None:
    """Register (or replace) the section ``key`` of the personal-data download."""
    _registry[key] = Section(key, label, exporter, order)


def personal_data_unregister(key: str) -> None:
    _registry.pop(key, None)


def sections() -> list[Section]:
    return sorted(_registry.values(), key=lambda s: (s.order, s.key))


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON types: dates as ISO 8601 (local time), decimals as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)


def record(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """``obj``'s ``fields`` as a dict: a field with choices by its label, a relation
    (``firm`` or ``firm__name``, already ``select_related``) by its text."""
    out: dict[str, Any] = {}
    for name in fields:
        target: Any = obj
        *path, last = name.split("__")
        for step in path:
            target = getattr(target, step, None) if target is not None else None
        if target is None:
            out[name] = None
            continue
        display = getattr(target, f"get_{last}_display", None)
        out[name] = jsonable(display() if callable(display) else getattr(target, last))
    return out


def records(objects: Iterable[models.Model], fields: Iterable[str]) -> list[dict[str, Any]]:
    fields = list(fields)
    return [record(obj, fields) for obj in objects]


def _holds_nothing(data: Any) -> bool:
    if isinstance(data, dict):
        return all(_holds_nothing(value) for value in data.values())
    return data is None or data == []


def personal_data_collect(user: Any) -> dict[str, dict[str, Any]]:
    """Every registered section for ``user``: ``{key: {"label": …, "data": …}}``, the
    sections that hold nothing (only empty lists and ``None``) left out."""
    collected: dict[str, dict[str, Any]] = {}
    for section in sections():
        data = section.exporter(user)
        if _holds_nothing(data):
            continue
        collected[section.key] = {"label": str(section.label), "data": jsonable(data)}
    return collected


def personal_data_zip(user: Any, *, generated_at: dt.datetime | None = None) -> bytes:
    """The download: ``personal-data.json`` with everything, ``<section>.json`` each."""
    collected = personal_data_collect(user)
    generated = timezone.localtime(generated_at or timezone.now())
    whole = {"generated_at": jsonable(generated), "user_id": user.pk, "sections": collected}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "personal-data.json", json.dumps(whole, ensure_ascii=False, indent=2, sort_keys=True)
        )
        for key, section in collected.items():
            archive.writestr(
                f"sections/{key}.json",
                json.dumps(section, ensure_ascii=False, indent=2, sort_keys=True),
            )
    return buffer.getvalue()
