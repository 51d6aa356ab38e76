"""Images: upload checks, EXIF stripping and responsive renditions.

* ``validate_image_upload`` — a model/form field validator: the file must really be a
  JPEG, PNG, WebP or GIF (Pillow opens and verifies it), at most ``MAX_IMAGE_BYTES``
  bytes and ``MAX_IMAGE_PIXELS`` pixels. A decompression bomb is a validation error.
* ``image_normalize`` — re-encodes a new upload with the EXIF orientation applied and
  all metadata (GPS, camera, …) dropped. Models call it on save for new files.
* ``renditions_ensure`` / ``srcset_for`` — resized WebP copies at ``RENDITION_WIDTHS``,
  stored under deterministic names derived from the original's name, generated once
  (recorded in ``ImageRendition``) and reused; the template tag
  ``{% responsive_image %}`` (templatetags/news_images.py) renders them.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
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


def rendition_name(source_name: str, width: int) -> str:
    """Deterministic storage name of a rendition: the same source always maps to it."""
    digest = hashlib.sha256(source_name.encode()).hexdigest()[:24]
    return f"renditions/{digest[:2]}/{digest}-{width}.webp"


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


def renditions_ensure(source_name: str, *, storage: Storage | None = None) -> dict[int, str]:
    """Make sure every rendition of ``source_name`` exists; returns {width: storage name}.

    Idempotent and cheap when done: only missing files are generated, each once. A source
    that is missing or unreadable yields {} (templates then fall back to the original).
    """
    from .models import ImageRendition  # models import this module for the validator

    storage = storage or default_storage
    names = {w: rendition_name(source_name, w) for w in RENDITION_WIDTHS}
    missing = [w for w, name in names.items() if not storage.exists(name)]
    if missing:
        try:
            with storage.open(source_name, "rb") as fh, warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                source = Image.open(fh)
                source.load()
                for width in missing:
                    stored = storage.save(names[width], ContentFile(_render(source, width)))
                    if stored != names[width]:  # a concurrent writer got there first
                        storage.delete(stored)
        except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
            logger.warning("cannot render %s", source_name, exc_info=True)
            return {}
        for width in missing:
            ImageRendition.objects.get_or_create(
                source_name=source_name, width=width, defaults={"file": names[width]}
            )
    return names


def _cache_key(source_name: str) -> str:
    return "news:renditions:" + hashlib.sha256(source_name.encode()).hexdigest()[:32]


def srcset_for(image: FieldFile | None) -> tuple[str, str]:
    """(src, srcset) for an image field; ("", "") when there is no image.

    Looks in the cache first, so a page full of images costs no queries and no file
    system checks once the renditions exist.
    """
    if not image or not image.name:
        return "", ""
    key = _cache_key(image.name)
    cached = cache.get(key)
    if cached is not None:
        return cached
    storage = image.storage
    names = renditions_ensure(image.name, storage=storage)
    if not names:
        result = (image.url, "")
    else:
        srcset = ", ".join(f"{storage.url(name)} {w}w" for w, name in sorted(names.items()))
        result = (storage.url(names[RENDITION_WIDTHS[1]]), srcset)
    cache.set(key, result, _RENDITIONS_CACHE_TTL)
    return result
