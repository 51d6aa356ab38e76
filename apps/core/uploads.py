"""The two upload storages, and uploads on a full disk: a clear 503 page, nothing half-saved.

``settings.STORAGES`` names two storages for uploads (both chosen by STORAGE_BACKEND in
shlawyers/settings.py, on the filesystem or an S3-compatible store):

* ``"default"`` — public media (covers, body images, photos): anyone may fetch them by URL.
* ``"private"`` — files only Django's checked views serve (contribution attachments,
  complaint evidence, report and guide files, members-only publications). Model fields
  say ``storage=private_storage``: the callable, so migrations name this function and
  not a backend, and a field follows ``storages["private"]`` whatever it is configured as.

Every upload path (complaint evidence, contributions, news images, CLE card photos …)
saves its files through one of them inside the service's ``transaction.atomic()``.
On the filesystem, when the disk (or quota) is full, the write raises ``OSError(ENOSPC)``:

* ``TidyStorageMixin`` removes the partly written file (Django's FileSystemStorage leaves
  it behind) and re-raises; the error leaves the atomic block, so no row is committed.
* ``UploadsMiddleware`` notes each file saved during a request with the PostgreSQL
  transaction it was saved in (``txid_current()``: one query per file). At the end of the
  request, files whose transaction rolled back (``txid_status``) — the evidence saved
  before the one that hit the full disk, or any file of a service that failed later —
  are deleted: no orphan files. (A savepoint rolled back inside a transaction that
  commits is not seen; services here roll back whole transactions.)
* The same middleware answers a full-disk error with a 503 page in the visitor's language
  (templates/storage_full.html, with Retry-After) instead of a 500.

Outside a request (Celery tasks, management commands) nothing is tracked; the storages
still remove their own partial files. On S3 (apps/core/uploads_s3.py) an object is
written whole or not at all, and the same tracking removes those of rolled-back
transactions — always through the storage API, never a local path.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# No space, no quota left, file bigger than the filesystem allows.
STORAGE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# What the 503 says (templates/storage_full.html says it too, for a browser's form).
STORAGE_FULL_MESSAGE = (
    "服务器存储空间暂时不足，您提交的内容和文件均未保存。我们已收到告警，请稍后重新提交。"
)
RETRY_AFTER_SECONDS = 600


def is_storage_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in STORAGE_FULL_ERRNOS


@dataclass
class _Saved:
    storage: Storage
    name: str
    xid: int | None  # the PostgreSQL transaction it was saved in; None: autocommit


_request_files: ContextVar[list[_Saved] | None] = ContextVar("request_files", default=None)


def _track(storage: Storage, name: str) -> None:
    files = _request_files.get()
    if files is None:
        return
    xid = None
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT txid_current()")
            xid = cursor.fetchone()[0]
    files.append(_Saved(storage, name, xid))


def _discard_rolled_back(files: list[_Saved]) -> None:
    """Delete the files whose transaction was rolled back. (A transaction still in
    progress — a test wrapping the request in one — counts as kept.)"""
    xids = sorted({saved.xid for saved in files if saved.xid is not None})
    if not xids:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT x, txid_status(x) FROM unnest(%s::bigint[]) AS x", [xids])
            aborted = {xid for xid, status in cursor.fetchall() if status == "aborted"}
    except Exception:  # the database went away: leave the files, log them
        logger.warning("Could not check uploads %s", [s.name for s in files], exc_info=True)
        return
    for saved in files:
        if saved.xid not in aborted:
            continue
        try:
            saved.storage.delete(saved.name)
            logger.info("Removed %s: its transaction was rolled back.", saved.name)
        except OSError:
            logger.warning("Could not remove orphan upload %s", saved.name, exc_info=True)


class TidyStorageMixin:
    """For storages that pick a free name before writing (FileSystemStorage, S3Storage with
    ``file_overwrite`` off): a failed write leaves no partial file, and a successful one is
    reported to UploadsMiddleware. Everything goes through the storage's own API."""

    def _save(self, name: str, content: Any) -> str:
        try:
            name = super()._save(name, content)  # type: ignore[misc]
        except OSError as exc:
            overwrites = getattr(self, "_allow_overwrite", False) or getattr(
                self, "file_overwrite", False
            )
            if not isinstance(exc, FileExistsError) and not overwrites:
                # save() picked a free name, so whatever is there now is our partial write.
                try:
                    self.delete(name)  # type: ignore[attr-defined]
                except OSError:
                    logger.warning("Could not remove partial upload %s", name, exc_info=True)
            raise
        _track(self, name)  # type: ignore[arg-type]
        return name


class TidyFileSystemStorage(TidyStorageMixin, FileSystemStorage):
    """settings.STORAGES["default"] on the filesystem: public media (MEDIA_ROOT)."""


@deconstructible
class PrivateFileSystemStorage(TidyFileSystemStorage):
    """settings.STORAGES["private"] on the filesystem: PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT
    (which /media/ serves to anyone). The root is read on every use, so override_settings
    in tests works. No URL: link to the checked download view instead."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; link to their download view.")


PRIVATE_STORAGE_ALIAS = "private"


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up on first use and again after STORAGES changes
    (override_settings), as Django's ``default_storage`` is for "default". A FileField
    calls its storage callable once, at import: it must get this proxy, not a backend."""

    def _setup(self) -> None:
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private_storage = _PrivateStorage()


def private_storage() -> Storage:
    """The storage of every private FileField (``storage=private_storage``) and of code that
    deletes their files."""
    return cast(Storage, _private_storage)


@receiver(setting_changed)
def _private_storage_reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _private_storage._wrapped = empty


class UploadsMiddleware:
    """Tracks the request's saved files (see the module docstring) and turns a full disk
    into a 503 page. Placed after LocaleMiddleware and AuthenticationMiddleware, so the
    page is in the visitor's language and layout."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            # No uploads; files saved while reading (image renditions) are not tracked.
            return self.get_response(request)
        files: list[_Saved] = []
        token = _request_files.set(files)
        try:
            return self.get_response(request)
        finally:
            _request_files.reset(token)
            if files:
                _discard_rolled_back(files)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_storage_full(exception):
            return None
        logger.error("Upload storage is full: %s %s", request.method, request.path, exc_info=True)
        response: HttpResponse
        if request.accepts("application/json") and not request.accepts("text/html"):
            # A script's upload (the article editor's images): it shows ``error``.
            response = JsonResponse({"error": gettext(STORAGE_FULL_MESSAGE)}, status=503)
        else:
            response = render(request, "storage_full.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
