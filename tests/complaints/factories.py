"""Factories and helpers for complaints tests: valid files made with Pillow and pypdf."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from tests.members.factories import id_number_for


def png_upload(name: str = "evidence.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg_upload(name: str = "photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), (0, 90, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_upload(name: str = "contract.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def valid_id(n: int = 1) -> str:
    return id_number_for(n)


def submit_kwargs(**overrides):
    """Keyword arguments for complaint_submit with a valid, complete complaint."""
    data = {
        "complainant_name": "张伟",
        "id_type": "resident",
        "id_number": valid_id(7),
        "phone": "13912345678",
        "email": "zhangwei@example.cn",
        "address": "上海市徐汇区漕溪北路88号",
        "category": "diligence",
        "facts": "2026年3月委托律师代理劳动争议案件，律师多次未按约定时间出庭，也未告知案件进展。",
        "request": "请协会调查并依规处理。",
        "consent": True,
    }
    data.update(overrides)
    return data
