"""Upload checks for attachments (PDF and office files): extension AND magic bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

OOXML = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OLE = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
CONTENT_TYPES: dict[str, str] = {".pdf": "application/pdf", **OOXML, **OLE}
ALLOWED_EXTENSIONS = tuple(sorted(CONTENT_TYPES))

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _head(file: Any, n: int = 8) -> bytes:
    file.seek(0)
    head = file.read(n)
    file.seek(0)
    return head


def _is_ooxml(file: Any) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as zf:
            return "[Content_Types].xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


def attachment_content_type(name: str) -> str:
    return CONTENT_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")


def validate_attachment(file: Any) -> None:
    """A PDF, Word, Excel or PowerPoint file whose bytes match its extension, within the cap."""
    if not file:
        return
    if isinstance(file, FieldFile) and getattr(file, "_committed", True):
        return
    suffix = PurePath(file.name or "").suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise ValidationError(
            _("只能上传 PDF、Word、Excel 或 PowerPoint 文件（%(exts)s）。"),
            code="attachment_extension",
            params={"exts": ", ".join(ALLOWED_EXTENSIONS)},
        )
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("附件不能超过 %(mb)s MB。"),
            code="attachment_too_large",
            params={"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
        )
    head = _head(file)
    if suffix == ".pdf":
        ok = head.startswith(PDF_MAGIC)
    elif suffix in OOXML:
        ok = head.startswith(ZIP_MAGIC) and _is_ooxml(file)
    else:
        ok = head.startswith(OLE_MAGIC)
    if not ok:
        raise ValidationError(
            _("文件内容与扩展名 %(ext)s 不符。"), code="attachment_mismatch", params={"ext": suffix}
        )


def validate_pdf(file: Any) -> None:
    """Only a real PDF (magazine issues, guides)."""
    if not file:
        return
    if isinstance(file, FieldFile) and getattr(file, "_committed", True):
        return
    if PurePath(file.name or "").suffix.lower() != ".pdf":
        raise ValidationError(_("只能上传 PDF 文件。"), code="pdf_extension")
    validate_attachment(file)
