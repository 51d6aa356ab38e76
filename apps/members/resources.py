"""xlsx import/export of firms and lawyers for member-services staff (django-import-export).

Column headers are the Chinese labels staff use in their spreadsheets; they are a file
format, so they do not change with the interface language. Choice columns accept either
the label (执业) or the stored value (practising) and export the label. Imports validate
every row with the model's full_clean(); the admin rejects the whole file if any row
fails (see admin.AllOrNothingImportMixin). ID numbers are never imported or exported.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Choices
from import_export import fields, resources, widgets

from apps.core.spreadsheets import SafeExportResourceMixin

from .models import (
    District,
    DuesInvoice,
    DuesPayment,
    Gender,
    Language,
    LawFirm,
    Lawyer,
    LawyerCategory,
    LawyerStatus,
    PracticeArea,
)
from .models.firms import FirmStatus, FirmType
from .validators import normalise_code

LIST_SEPARATORS = re.compile(r"[、,，;；\s]+")


class CodeWidget(widgets.CharWidget):
    """An identifier typed into a spreadsheet: numbers become text, spaces go."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return normalise_code(str(value)) if value not in (None, "") else ""


class TextWidget(widgets.CharWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value).strip()


class ChoiceLabelWidget(widgets.Widget):
    def __init__(self, choices: type[Choices], **kwargs: Any) -> None:
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = "" if value is None else str(value).strip()
        for stored, label in self.choices.choices:
            if text in (stored, str(label)):
                return stored
        allowed = "、".join(str(label) for label in self.choices.labels)
        raise ValueError(f"“{text}”不是有效选项，可选：{allowed}")

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if not value:
            return ""
        return str(self.choices(value).label)


class YesNoWidget(widgets.Widget):
    TRUE = {"是", "1", "true", "yes", "y"}
    FALSE = {"否", "0", "false", "no", "n", ""}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{value}”应为“是”或“否”")

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "是" if value else "否"


class LookupWidget(widgets.ForeignKeyWidget):
    """ForeignKeyWidget that reports an unknown value as a row error, not a crash."""

    def __init__(self, model: Any, field: str, missing: str, **kwargs: Any) -> None:
        self.missing = missing  # message with a {value} placeholder
        super().__init__(model, field, **kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = "" if value is None else str(value).strip()
        if not value:
            return None
        if self.field in ("uscc",):
            value = normalise_code(value)
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as exc:
            raise ValueError(self.missing.format(value=value)) from exc


class DateCellWidget(widgets.DateWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as exc:
            raise ValueError(f"日期“{value}”无法识别，请使用 YYYY-MM-DD 格式") from exc


class NamedManyWidget(widgets.ManyToManyWidget):
    """Practice areas by name, separated by 、 or commas; unknown names are errors."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        names = [n for n in LIST_SEPARATORS.split(str(value or "").strip()) if n]
        found = self.model.objects.filter(**{f"{self.field}__in": names})
        missing = sorted(set(names) - {getattr(obj, self.field) for obj in found})
        if missing:
            raise ValueError(f"未知的业务领域：{'、'.join(missing)}")
        return found


class LanguagesWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        items = [n for n in LIST_SEPARATORS.split(str(value or "").strip()) if n]
        by_label = {str(label): code for code, label in Language.choices}
        codes: list[str] = []
        for item in items:
            code = item if item in Language.values else by_label.get(item)
            if code is None:
                raise ValueError(f"未知的工作语言：{item}")
            if code not in codes:
                codes.append(code)
        return codes

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "、".join(str(Language(code).label) for code in value or [])


class LawFirmResource(SafeExportResourceMixin, resources.ModelResource):
    uscc = fields.Field("uscc", "统一社会信用代码", widget=CodeWidget())
    name = fields.Field("name", "名称", widget=TextWidget())
    name_en = fields.Field("name_en", "英文名称", widget=TextWidget())
    licence_no = fields.Field("licence_no", "执业许可证号", widget=CodeWidget())
    district = fields.Field(
        "district", "所在区", widget=LookupWidget(District, "name", "没有名为“{value}”的区")
    )
    firm_type = fields.Field("firm_type", "组织形式", widget=ChoiceLabelWidget(FirmType))
    status = fields.Field("status", "状态", widget=ChoiceLabelWidget(FirmStatus))
    founded = fields.Field("founded", "成立日期", widget=DateCellWidget("%Y-%m-%d"))
    address = fields.Field("address", "地址", widget=TextWidget())
    phone = fields.Field("phone", "联系电话", widget=CodeWidget())
    email = fields.Field("email", "电子邮箱", widget=TextWidget())
    website = fields.Field("website", "网站", widget=TextWidget())
    charter_includes_party_building = fields.Field(
        "charter_includes_party_building", "章程写入党建内容", widget=YesNoWidget()
    )

    class Meta:
        model = LawFirm
        import_id_fields = ("uscc",)
        fields = (
            "uscc",
            "name",
            "name_en",
            "licence_no",
            "district",
            "firm_type",
            "status",
            "founded",
            "address",
            "phone",
            "email",
            "website",
            "charter_includes_party_building",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
        use_transactions = True

    def get_queryset(self):  # type: ignore[override]
        return super().get_queryset().select_related("district")


class LawyerResource(SafeExportResourceMixin, resources.ModelResource):
    licence_no = fields.Field("licence_no", "执业证号", widget=CodeWidget())
    name = fields.Field("name", "姓名", widget=TextWidget())
    gender = fields.Field("gender", "性别", widget=ChoiceLabelWidget(Gender))
    category = fields.Field("category", "执业类别", widget=ChoiceLabelWidget(LawyerCategory))
    status = fields.Field("status", "执业状态", widget=ChoiceLabelWidget(LawyerStatus))
    firm = fields.Field(
        "firm",
        "执业机构统一社会信用代码",
        widget=LookupWidget(LawFirm, "uscc", "没有统一社会信用代码为“{value}”的律师事务所"),
    )
    first_licensed = fields.Field(
        "first_licensed", "首次执业日期", widget=DateCellWidget("%Y-%m-%d")
    )
    practice_areas = fields.Field(
        "practice_areas",
        "业务领域",
        widget=NamedManyWidget(PracticeArea, separator="、", field="name"),
    )
    languages = fields.Field("languages", "工作语言", widget=LanguagesWidget())
    email = fields.Field("email", "电子邮箱", widget=TextWidget())
    mobile = fields.Field("mobile", "手机号码", widget=CodeWidget())

    class Meta:
        model = Lawyer
        import_id_fields = ("licence_no",)
        fields = (
            "licence_no",
            "name",
            "gender",
            "category",
            "status",
            "firm",
            "first_licensed",
            "practice_areas",
            "languages",
            "email",
            "mobile",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
        use_transactions = True

    def get_queryset(self):  # type: ignore[override]
        return super().get_queryset().select_related("firm").prefetch_related("practice_areas")

    def import_instance(self, instance: Lawyer, row: Any, **kwargs: Any) -> None:
        """Also check the many-to-many column up front, so a bad name is a row error."""
        errors: dict[str, ValidationError] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors.update(exc.error_dict)
        field = self.fields["practice_areas"]
        if field.column_name in row:
            try:
                field.clean(row)
            except ValueError as exc:
                errors["practice_areas"] = ValidationError(str(exc), code="invalid")
        if errors:
            raise ValidationError(errors)


class DuesInvoiceResource(SafeExportResourceMixin, resources.ModelResource):
    """The dues list as member services export it (every column of the invoice)."""

    class Meta:
        model = DuesInvoice


class DuesPaymentResource(SafeExportResourceMixin, resources.ModelResource):
    """Payments for the finance staff: one row per payment with its invoice and payer."""

    receipt = fields.Field(attribute="number", column_name="收据号")
    invoice = fields.Field(attribute="invoice__number", column_name="缴费单号")
    fee_year = fields.Field(attribute="invoice__year", column_name="会费年度")
    payer = fields.Field(column_name="缴费人")
    payer_id = fields.Field(column_name="执业证号/统一社会信用代码")
    amount = fields.Field(
        attribute="amount", column_name="金额（元）", widget=widgets.DecimalWidget()
    )
    method = fields.Field(column_name="缴费方式")
    reference = fields.Field(attribute="reference", column_name="凭证号")
    paid_on = fields.Field(attribute="paid_on", column_name="缴费日期", widget=widgets.DateWidget())
    recorded_by = fields.Field(column_name="登记人")
    recorded_at = fields.Field(column_name="登记时间")

    class Meta:
        model = DuesPayment
        fields = (
            "receipt",
            "invoice",
            "fee_year",
            "payer",
            "payer_id",
            "amount",
            "method",
            "reference",
            "paid_on",
            "recorded_by",
            "recorded_at",
        )
        export_order = fields

    def dehydrate_payer(self, payment: DuesPayment) -> str:
        return str(payment.invoice.lawyer or payment.invoice.firm)

    def dehydrate_payer_id(self, payment: DuesPayment) -> str:
        invoice = payment.invoice
        return invoice.lawyer.licence_no if invoice.lawyer else invoice.firm.uscc  # type: ignore[union-attr]

    def dehydrate_method(self, payment: DuesPayment) -> str:
        return str(payment.get_method_display())

    def dehydrate_recorded_by(self, payment: DuesPayment) -> str:
        return payment.recorded_by.get_full_name() or payment.recorded_by.email

    def dehydrate_recorded_at(self, payment: DuesPayment) -> str:
        from django.utils import timezone

        return timezone.localtime(payment.recorded_at).strftime("%Y-%m-%d %H:%M")
