"""Images: upload checks, EXIF stripping and responsive renditions.

* ``validate_image_upload`` — a model/form field validator: the file must really be a
  JPEG, PNG, WebP or GIF (Pillow opens and verifies it), at most ``MAX_IMAGE_BYTES``
  bytes and ``MAX_IMAGE_PIXELS`` pixels. A decompression bomb is a validation error.
* ``image_normalize`` — re-encodes a new upload with the EXIF orientation applied and
  all metadata (GPS, camera, …) dropped. Models call it on save for new files.
* ``renditions_ensure`` (the task's side) / ``srcset_for`` (the page's side) — resized
  WebP copies at those of ``RENDITION_WIDTHS`` that are narrower than the original,
  stored under deterministic names derived from the original's name, generated once by a
  Celery task (recorded in ``ImageRendition`` and a manifest) and reused; the template
  tag ``{% responsive_image %}`` and the ``body_images`` filter
  (templatetags/news_images.py) render them.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RENDITION_WIDTHS = (480, 960, 1440)
RENDITION_FORMAT = "WEBP"
RENDITION_QUALITY = 82
_RENDITIONS_CACHE_TTL = 60 * 60
# Until the task has made renditions, pages check again after this long.
_MISSING_CACHE_TTL = 60

# Pillow's own guard: warns above this many pixels and refuses twice as many. Lowered from
# its 89 MP default so that nothing in this process decodes an image past our cap.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


def _file_size(file: Any) -> int | None:
    size = getattr(file, "size", None)
    if size is None and hasattr(file, "seek"):
        pos = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(pos)
    return size


def _open_checked(file: IO[bytes]) -> Image.Image:
    """Open an image (header only) or raise ValidationError; checks format and pixel count."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("图片像素过多（上限 %(mp)s 百万像素）。"),
            code="image_too_many_pixels",
            params={"mp": MAX_IMAGE_PIXELS // 1_000_000},
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("文件不是有效的图片。"), code="image_invalid") from exc
    if image.format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("图片格式只能是 JPEG、PNG、WebP 或 GIF。"), code="image_format")
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("图片像素过多（上限 %(mp)s 百万像素）。"),
            code="image_too_many_pixels",
            params={"mp": MAX_IMAGE_PIXELS // 1_000_000},
        )
    return image


def validate_image_upload(file: Any) -> None:
    """Field validator: a real JPEG/PNG/WebP/GIF within the byte and pixel caps."""
    if not file:
        return
    if isinstance(file, FieldFile) and getattr(file, "_committed", True):
        return  # already stored (and checked when it was uploaded)
    size = _file_size(file)
    if size is not None and size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("图片不能超过 %(mb)s MB。"),
            code="image_too_large",
            params={"mb": MAX_IMAGE_BYTES // (1024 * 1024)},
        )
    image = _open_checked(file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.verify()
    except Exception as exc:  # Pillow raises many types for a corrupt body
        raise ValidationError(_("文件不是有效的图片。"), code="image_invalid") from exc
    finally:
        file.seek(0)


def image_normalize(file: IO[bytes]) -> bytes:
    """Re-encode an upload: orientation applied, every metadata block (EXIF, GPS) dropped."""
    image = _open_checked(file)
    fmt = image.format
    out = io.BytesIO()
    if fmt == "GIF":
        # GIFs carry no EXIF; re-saving keeps the animation while dropping comments/XMP.
        image.save(out, "GIF", save_all=True)
    else:
        image = ImageOps.exif_transpose(image)
        if fmt == "JPEG":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(out, "JPEG", quality=88, optimize=True, progressive=True)
        elif fmt == "PNG":
            image.save(out, "PNG", optimize=True)
        else:
            image.save(out, "WEBP", quality=88)
    file.seek(0)
    return out.getvalue()


def field_file_normalize(field_file: FieldFile | None) -> None:
    """If ``field_file`` holds a new, not yet stored upload, replace it by its clean copy."""
    if not field_file or getattr(field_file, "_committed", True):
        return
    data = image_normalize(field_file.file)
    field_file.file = ContentFile(data, name=field_file.name)


# --- renditions ---------------------------------------------------------------------------
#
# Renditions are made by a Celery task (tasks.news_image_renditions), never inside a page
# request. Only widths narrower than the original are made (no upscaling), and after them
# a small manifest is written that records the original's size and the widths that exist.
# Pages read the manifest (cached; no database query) and list exactly those widths plus
# the original at its real width; until the task has run they show the original alone.


def _digest(source_name: str) -> str:
    return hashlib.sha256(source_name.encode()).hexdigest()[:24]


def rendition_name(source_name: str, width: int) -> str:
    """Deterministic storage name of a rendition: the same source always maps to it."""
    digest = _digest(source_name)
    return f"renditions/{digest[:2]}/{digest}-{width}.webp"


def manifest_name(source_name: str) -> str:
    digest = _digest(source_name)
    return f"renditions/{digest[:2]}/{digest}.json"


def rendition_widths_for(width: int) -> list[int]:
    """The rendition widths worth making for an original ``width`` px wide."""
    return [w for w in RENDITION_WIDTHS if w < width]


def _render(source: Image.Image, width: int) -> bytes:
    image = ImageOps.exif_transpose(source)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, RENDITION_FORMAT, quality=RENDITION_QUALITY, method=4)
    return out.getvalue()


@dataclass(frozen=True)
class Renditions:
    """What exists for one original: its size and {width: storage name} of renditions."""

    width: int
    height: int
    names: dict[int, str]


def _manifest_read(source_name: str, storage: Storage) -> Renditions | None:
    name = manifest_name(source_name)
    try:
        with storage.open(name, "rb") as fh:
            data = json.loads(fh.read().decode())
        return Renditions(
            width=int(data["width"]),
            height=int(data["height"]),
            names={int(w): str(n) for w, n in data["renditions"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _manifest_write(source_name: str, storage: Storage, renditions: Renditions) -> None:
    name = manifest_name(source_name)
    payload = json.dumps(
        {
            "width": renditions.width,
            "height": renditions.height,
            "renditions": {str(w): n for w, n in renditions.names.items()},
        }
    ).encode()
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(payload))


def renditions_ensure(source_name: str, *, storage: Storage | None = None) -> dict[int, str]:
    """Make every rendition of ``source_name`` that is narrower than the original; returns
    {width: storage name} of the renditions that exist. For the task, not for pages.

    Idempotent and cheap when done: only missing files are generated, each once. A source
    that is missing or unreadable yields {} (pages then show the original).
    """
    from .models import ImageRendition  # models import this module for the validator

    storage = storage or default_storage
    done = _manifest_read(source_name, storage)
    if done is not None and all(storage.exists(n) for n in done.names.values()):
        _cache_set(source_name, storage, done)
        return done.names
    try:
        with storage.open(source_name, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = Image.open(fh)
            source.load()
            oriented = ImageOps.exif_transpose(source)
            width, height = oriented.size
            names = {w: rendition_name(source_name, w) for w in rendition_widths_for(width)}
            for w, name in names.items():
                if storage.exists(name):
                    continue
                stored = storage.save(name, ContentFile(_render(source, w)))
                if stored != name:  # a concurrent writer got there first
                    storage.delete(stored)
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        logger.warning("cannot render %s", source_name, exc_info=True)
        return {}
    for w, name in names.items():
        ImageRendition.objects.get_or_create(
            source_name=source_name, width=w, defaults={"file": name}
        )
    result = Renditions(width=width, height=height, names=names)
    _manifest_write(source_name, storage, result)
    _cache_set(source_name, storage, result)
    return names


def _cache_key(source_name: str) -> str:
    return "news:renditions:" + hashlib.sha256(source_name.encode()).hexdigest()[:32]


def _srcset(source_name: str, storage: Storage, renditions: Renditions | None) -> tuple[str, str]:
    original = storage.url(source_name)
    if renditions is None or not renditions.names:
        return original, ""
    candidates = [f"{storage.url(n)} {w}w" for w, n in sorted(renditions.names.items())]
    candidates.append(f"{original} {renditions.width}w")
    return original, ", ".join(candidates)


def _cache_set(source_name: str, storage: Storage, renditions: Renditions) -> None:
    cache.set(
        _cache_key(source_name),
        _srcset(source_name, storage, renditions),
        _RENDITIONS_CACHE_TTL,
    )


def _enqueue_missing(source_name: str) -> None:
    """Ask a worker for renditions that are missing (at most once per 10 minutes per
    image). Not with eager Celery: that would render inside the page request."""
    from .tasks import news_image_renditions

    if news_image_renditions.app.conf.task_always_eager:
        return
    if not cache.add(_cache_key(source_name) + ":queued", 1, 600):
        return

    try:
        news_image_renditions.delay(source_name)
    except Exception:  # broker down: the next page view after 10 minutes asks again
        logger.warning("could not enqueue renditions for %s", source_name, exc_info=True)


def srcset_for_name(source_name: str, storage: Storage | None = None) -> tuple[str, str]:
    """(src, srcset) for a stored image: the original as src, and in srcset only the
    widths that exist (renditions and the original at its real width). No database
    query; the manifest is read once and cached. Never renders anything."""
    if not source_name:
        return "", ""
    storage = storage or default_storage
    key = _cache_key(source_name)
    cached = cache.get(key)
    if cached is not None:
        return tuple(cached)  # type: ignore[return-value]
    renditions = _manifest_read(source_name, storage)
    result = _srcset(source_name, storage, renditions)
    if renditions is None:
        _enqueue_missing(source_name)
        cache.set(key, result, _MISSING_CACHE_TTL)
    else:
        cache.set(key, result, _RENDITIONS_CACHE_TTL)
    return result


def srcset_for(image: FieldFile | None) -> tuple[str, str]:
    """(src, srcset) for an image field; ("", "") when there is no image."""
    if not image or not image.name:
        return "", ""
    return srcset_for_name(image.name, image.storage)
