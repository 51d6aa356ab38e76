"""Bilingual display values, done one way for every app.

Models keep the Chinese value in ``<field>`` and an optional English one in
``<field>_en`` (``name``/``name_en``, ``title``/``title_en``). What a page shows:

* Python: ``localized(obj, "name")`` — ``obj.name_en`` when the active language is
  English and ``name_en`` is not empty, otherwise ``obj.name``. Traditional Chinese pages
  get the Chinese value (the OpenCC conversion of the whole page does the rest).
* Models with ``name``/``name_en``: inherit :class:`BilingualNameMixin` and use
  ``obj.display_name``.
* Templates: ``{% load core_tags %}{{ obj|localized:"title" }}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def is_english(language: str | None = None) -> bool:
    """Is ``language`` (default: the active language) English?"""
    return (language or get_language() or "").startswith("en")


def localized(obj: Any, field: str = "name", *, language: str | None = None) -> str:
    """``obj.<field>_en`` in English when it is set, else ``obj.<field>`` ('' if missing)."""
    if obj is None:
        return ""
    if is_english(language):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    value = getattr(obj, field, "")
    return "" if value is None else str(value)


class BilingualNameMixin:
    """``display_name``: the ``name``/``name_en`` pair in the active language."""

    name: str
    name_en: str

    @property
    def display_name(self) -> str:
        return localized(self, "name")
