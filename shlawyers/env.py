"""Typed readers for the environment, on top of django-environ.

Development defaults are safe; production (DEBUG off) must say what it wants.
"""

from __future__ import annotations

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


class ImproperlyConfiguredEnv(ImproperlyConfigured):
    """Raised at start-up when the environment cannot describe a safe deployment."""


def bool_(name: str, *, default: bool) -> bool:
    """A boolean that accepts only true/false (and 1/0); anything else is a typo to stop on."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"true", "1"}:
        return True
    if value in {"false", "0"}:
        return False
    raise ImproperlyConfiguredEnv(f"{name} must be true or false, not {raw!r}")


def secret(name: str, *, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file NAME_FILE points at (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def list_(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def redis_db_url(url: str, db: int) -> str:
    """The same Redis server with another logical database: broker and cache never share one."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))
