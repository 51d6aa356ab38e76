from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@deconstructible
class PdfDocumentValidator:
    """A published agreement text: a real PDF (checked by its first bytes, not its name),
    at most 20 MB."""

    def __call__(self, value: File) -> None:
        name = (getattr(value, "name", "") or "").lower()
        if not name.endswith(".pdf"):
            raise ValidationError(_("请上传 PDF 文件。"), code="extension")
        if value.size is not None and value.size > MAX_DOCUMENT_BYTES:
            raise ValidationError(_("文件不能超过 20 MB。"), code="size")
        position = value.tell() if hasattr(value, "tell") else 0
        value.seek(0)
        head = value.read(5)
        value.seek(position)
        if head != b"%PDF-":
            raise ValidationError(_("文件内容不是有效的 PDF。"), code="content")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PdfDocumentValidator)
