"""Upload checks for attachments (PDF and office files): extension, magic bytes and
structure.

A PDF must also parse (pypdf) and carry no script or launch action: attachments are
downloaded by the public and contributions by staff, and a PDF's JavaScript or /Launch
runs in the reader that opens it. An OOXML file must be a ZIP with its content-type map.
"""

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


# Actions that run something when a reader opens or clicks the document.
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})


def _pdf_problem(file: Any) -> Any:
    """Why the PDF is refused (a message), or None. Reads the document's structure:
    the name tree's scripts, the open action, the document's, pages' and annotations'
    additional actions (/AA) and link actions (/A)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            return _("请上传未加密的 PDF 文件。")
        root = reader.trailer["/Root"].get_object()
        names = root.get("/Names")
        if names is not None and "/JavaScript" in names.get_object():
            return _("PDF 文件含有脚本，不能上传。")
        actions = [root.get("/OpenAction"), *_additional_actions(root)]
        for page in reader.pages:
            actions += _additional_actions(page)
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                actions += [annotation.get("/A"), *_additional_actions(annotation)]
        if any(_is_active(action) for action in actions):
            return _("PDF 文件含有脚本或启动程序的动作，不能上传。")
        if len(reader.pages) == 0:
            return _("PDF 文件没有页面。")
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, OSError):
        return _("文件不是有效的 PDF。")
    finally:
        file.seek(0)
    return None


def _additional_actions(obj: Any) -> list[Any]:
    aa = obj.get("/AA")
    return list(aa.get_object().values()) if aa is not None else []


def _is_active(action: Any) -> bool:
    """Is this action (or one chained after it with /Next) a script or launch?"""
    seen = 0
    while action is not None and seen < 32:
        action = action.get_object()
        if not hasattr(action, "get"):
            return False
        if action.get("/S") in ACTIVE_ACTIONS:
            return True
        following = action.get("/Next")
        if isinstance(following, list):
            return any(_is_active(item) for item in following)
        action, seen = following, seen + 1
    return False


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
    if suffix == ".pdf" and (problem := _pdf_problem(file)) is not None:
        raise ValidationError(problem, code="attachment_pdf")


def validate_pdf(file: Any) -> None:
    """Only a real PDF (magazine issues, guides)."""
    if not file:
        return
    if isinstance(file, FieldFile) and getattr(file, "_committed", True):
        return
    if PurePath(file.name or "").suffix.lower() != ".pdf":
        raise ValidationError(_("只能上传 PDF 文件。"), code="pdf_extension")
    validate_attachment(file)
