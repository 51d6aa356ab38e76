"""Checks for what the public hands in: identity documents and uploaded files."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from .models import IdType

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
MAX_IMAGE_PIXELS = 40_000_000

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
PDF_TYPES = {".pdf": "application/pdf"}
CONTENT_TYPES = {**IMAGE_TYPES, **PDF_TYPES}
ALLOWED_EXTENSIONS = ", ".join(sorted(CONTENT_TYPES))
PIL_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}

# Other identity documents: the published number formats (no public checksum).
_ID_PATTERNS: dict[str, re.Pattern[str]] = {
    IdType.HK_MACAO: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    IdType.TAIWAN: re.compile(r"^\d{8}(\d{2})?$"),
    IdType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
    IdType.RESIDENCE_PERMIT: re.compile(r"^([A-Z]{3}\d{12}|9\d{16}[0-9X])$"),
}


def id_number_normalise(value: str) -> str:
    return re.sub(r"[\s\-]", "", value or "").upper()


def validate_id_document(id_type: str, number: str) -> None:
    """A resident ID passes cn.ric (checksum, birth date); other documents their format."""
    if id_type == IdType.RESIDENT:
        try:
            ric.validate(number)
        except StdnumError as exc:
            raise ValidationError(
                _("居民身份证号码无效，请核对（18 位，末位可能为 X）。"), code="id_invalid"
            ) from exc
        return
    pattern = _ID_PATTERNS.get(id_type)
    if pattern is None:
        raise ValidationError(_("请选择证件类型。"), code="id_type")
    if not pattern.match(number):
        raise ValidationError(_("证件号码格式不正确，请核对。"), code="id_format")


def _size(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    return int(size)


def validate_upload(file: Any) -> str:
    """A real JPEG/PNG image or PDF document within the size cap; its content type.

    The extension must match the bytes: images are opened and verified by Pillow (with
    the decompression-bomb guard as an error), PDFs must start with the magic bytes and
    be parsed by pypdf with at least one page.
    """
    name = getattr(file, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise ValidationError(
            _("“%(name)s”的类型不支持，只能上传 %(exts)s 文件。"),
            code="upload_type",
            params={"name": PurePath(name).name[:80], "exts": ALLOWED_EXTENSIONS},
        )
    if _size(file) > MAX_FILE_BYTES:
        raise ValidationError(
            _("“%(name)s”超过 %(mb)s MB。"),
            code="upload_size",
            params={"name": PurePath(name).name[:80], "mb": MAX_FILE_BYTES // (1024 * 1024)},
        )
    if _size(file) == 0:
        raise ValidationError(
            _("“%(name)s”是空文件。"),
            code="upload_empty",
            params={"name": PurePath(name).name[:80]},
        )
    file.seek(0)
    try:
        if suffix in IMAGE_TYPES:
            _check_image(file, PIL_FORMATS[suffix])
        else:
            _check_pdf(file)
    except ValidationError:
        raise
    except Exception as exc:  # any parser failure means: not what it claims to be
        raise ValidationError(
            _("“%(name)s”的内容与文件类型不符或已损坏。"),
            code="upload_content",
            params={"name": PurePath(name).name[:80]},
        ) from exc
    finally:
        file.seek(0)
    return CONTENT_TYPES[suffix]


def _check_image(file: Any, expected_format: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
        except UnidentifiedImageError as exc:
            raise ValueError("not an image") from exc
        if image.format != expected_format:
            raise ValueError("format does not match the extension")
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise ValueError("too many pixels")
        image.verify()


def _check_pdf(file: Any) -> None:
    if file.read(5) != b"%PDF-":
        raise ValueError("no PDF header")
    file.seek(0)
    # pypdf adds ~25 MB to a process: loaded when a complaint with a PDF is checked, not
    # by every web worker at start-up (bench/README.md "Worker memory").
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(file, strict=False)
        if len(reader.pages) < 1:
            raise ValueError("no pages")
    except PdfReadError as exc:
        raise ValueError("unreadable PDF") from exc
