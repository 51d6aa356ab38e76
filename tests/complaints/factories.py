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


# --- model factories (used by tests/core/test_admin_matrix.py and tests here) ------------

import datetime as dt  # noqa: E402

import factory  # noqa: E402
from django.utils import timezone  # noqa: E402
from factory.django import DjangoModelFactory  # noqa: E402

from apps.complaints.codes import tracking_code_hash  # noqa: E402
from apps.complaints.models import (  # noqa: E402
    AccessLog,
    ComplainantMail,
    Complaint,
    HolidayOverride,
    Interview,
    StageLimit,
    TriageRule,
)


class ComplaintFactory(DjangoModelFactory):
    class Meta:
        model = Complaint

    # Serials from 900000 up never meet the ones complaint_submit hands out.
    reference = factory.Sequence(lambda n: f"TS2026-{900000 + n:06d}")
    tracking_code_hash = factory.LazyFunction(lambda: tracking_code_hash("ABCD-EFGH-JKMN"))
    category = "diligence"
    complainant_name = "张伟"
    complainant_id_number = factory.Sequence(lambda n: valid_id(500 + n))
    complainant_phone = "13912345678"
    complainant_email = "zhangwei@example.cn"
    consent_at = factory.LazyFunction(timezone.now)
    respondent_text = "某律师事务所某律师"
    facts = "律师未按约定时间出庭。"
    request = "请依规处理。"


class TriageRuleFactory(DjangoModelFactory):
    class Meta:
        model = TriageRule

    name = factory.Sequence(lambda n: f"规则{n}")
    order = 100
    category = "attitude"
    track = "simple"


class StageLimitFactory(DjangoModelFactory):
    class Meta:
        model = StageLimit
        django_get_or_create = ("stage",)

    stage = "acceptance"
    working_days = 7


class HolidayOverrideFactory(DjangoModelFactory):
    class Meta:
        model = HolidayOverride

    date = factory.Sequence(lambda n: dt.date(2027, 10, 1) + dt.timedelta(days=n))
    is_workday = False
    name = "国庆节"


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = Interview

    firm = factory.SubFactory("tests.members.factories.LawFirmFactory")
    kind = "interview"
    held_on = dt.date(2026, 11, 20)
    head_name = "陈主任"
    reason = "一年内多次被投诉"


class AccessLogFactory(DjangoModelFactory):
    class Meta:
        model = AccessLog

    complaint = factory.SubFactory(ComplaintFactory)
    user = factory.SubFactory("tests.accounts.factories.StaffFactory")
    action = "view"


class ComplainantMailFactory(DjangoModelFactory):
    class Meta:
        model = ComplainantMail

    complaint = factory.SubFactory(ComplaintFactory)
    to = "zhangwei@example.cn"
    key = "complaint_update"
    context = factory.LazyFunction(lambda: {"reference": "TS2026-900000", "step": "accepted"})
