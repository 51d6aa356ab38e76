from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import (
    LICENCE_GENDER_FEMALE,
    LICENCE_GENDER_MALE,
    LicenceCategory,
    LicenceNumber,
    id_number_is_male,
    validate_id_number,
    validate_licence_no,
    validate_mobile,
)
from .firms import LawFirm
from .reference import PracticeArea


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class LawyerStatus(models.TextChoices):
    PRACTISING = "practising", _("执业")
    SUSPENDED = "suspended", _("停止执业")
    REVOKED = "revoked", _("已吊销/注销")


class LawyerCategory(models.TextChoices):
    """Kind of practice; each value's licence digit is in CATEGORY_LICENCE_DIGIT."""

    FULL_TIME = "full_time", _("专职律师")
    PART_TIME = "part_time", _("兼职律师")
    HONG_KONG = "hong_kong", _("香港居民律师")
    MACAO = "macao", _("澳门居民律师")
    TAIWAN = "taiwan", _("台湾居民律师")
    PUBLIC = "public", _("公职律师")
    CORPORATE = "corporate", _("公司律师")
    LEGAL_AID = "legal_aid", _("法律援助律师")


CATEGORY_LICENCE_DIGIT: dict[str, str] = {
    LawyerCategory.FULL_TIME: LicenceCategory.FULL_TIME,
    LawyerCategory.PART_TIME: LicenceCategory.PART_TIME,
    LawyerCategory.HONG_KONG: LicenceCategory.HONG_KONG,
    LawyerCategory.MACAO: LicenceCategory.MACAO,
    LawyerCategory.TAIWAN: LicenceCategory.TAIWAN,
    LawyerCategory.PUBLIC: LicenceCategory.PUBLIC,
    LawyerCategory.CORPORATE: LicenceCategory.CORPORATE,
    LawyerCategory.LEGAL_AID: LicenceCategory.LEGAL_AID,
}
GENDER_LICENCE_DIGIT: dict[str, str] = {
    Gender.MALE: LICENCE_GENDER_MALE,
    Gender.FEMALE: LICENCE_GENDER_FEMALE,
}


class Language(models.TextChoices):
    """Working languages a lawyer offers clients besides Chinese (ISO 639-1)."""

    ENGLISH = "en", _("英语")
    JAPANESE = "ja", _("日语")
    KOREAN = "ko", _("韩语")
    FRENCH = "fr", _("法语")
    GERMAN = "de", _("德语")
    SPANISH = "es", _("西班牙语")
    RUSSIAN = "ru", _("俄语")
    ITALIAN = "it", _("意大利语")
    PORTUGUESE = "pt", _("葡萄牙语")
    ARABIC = "ar", _("阿拉伯语")
    CANTONESE = "yue", _("粤语")


class LawyerQuerySet(models.QuerySet["Lawyer"]):
    def practising(self) -> LawyerQuerySet:
        return self.filter(status=LawyerStatus.PRACTISING)

    def can_activate(self) -> LawyerQuerySet:
        """Lawyers who may open a portal account: practising or suspended, not revoked."""
        return self.filter(status__in=[LawyerStatus.PRACTISING, LawyerStatus.SUSPENDED])

    def individual_members(self) -> LawyerQuerySet:
        """Practising lawyers holding a current individual membership (个人会员)."""
        return self.practising().filter(membership__isnull=False, membership__ended_on__isnull=True)

    def of_firm(self, firm: LawFirm | int) -> LawyerQuerySet:
        return self.filter(firm=firm)


class Lawyer(models.Model):
    """A lawyer on the Shanghai register, an individual member (个人会员) of the association.

    Contact details (email, mobile) are personal data, shown only to the lawyer, the
    firm's administrators and member-services staff (see selectors.lawyer_contact_visible);
    the ID number is never shown outside admin, where lists mask it.
    """

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices)
    licence_no = models.CharField(
        _("执业证号"), max_length=17, unique=True, validators=[validate_licence_no]
    )
    category = models.CharField(
        _("执业类别"),
        max_length=12,
        choices=LawyerCategory.choices,
        default=LawyerCategory.FULL_TIME,
    )
    firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("执业机构"),
        on_delete=models.PROTECT,
        related_name="lawyers",
        null=True,
        blank=True,
        help_text=_("转所期间可暂时为空。"),
    )
    status = models.CharField(
        _("执业状态"),
        max_length=12,
        choices=LawyerStatus.choices,
        default=LawyerStatus.PRACTISING,
    )
    first_licensed = models.DateField(_("首次执业日期"))
    practice_areas = models.ManyToManyField(
        PracticeArea, verbose_name=_("业务领域"), related_name="lawyers", blank=True
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=Language.choices),
        verbose_name=_("工作语言"),
        default=list,
        blank=True,
        help_text=_("中文以外可提供服务的语言。"),
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    mobile = models.CharField(
        _("手机号码"), max_length=11, blank=True, validators=[validate_mobile]
    )
    id_number = models.CharField(
        _("身份证号码"), max_length=18, blank=True, validators=[validate_id_number]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("门户账户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lawyer_profile",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("律师历史"))
    objects = LawyerQuerySet.as_manager()

    class Meta:
        verbose_name = _("律师")
        verbose_name_plural = _("律师")
        ordering = ["name", "licence_no"]
        permissions = [("view_lawyer_contact", _("可查看律师联系方式与身份证号"))]
        indexes = [
            models.Index(fields=["name", "licence_no"], name="members_lawyer_name"),
            models.Index(fields=["status", "name"], name="members_lawyer_status_name"),
            models.Index(fields=["firm", "status", "name"], name="members_lawyer_firm_roster"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="members_lawyer_id_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.licence_no}）"

    @property
    def licence(self) -> LicenceNumber:
        return LicenceNumber.parse(self.licence_no)

    @property
    def is_practising(self) -> bool:
        return self.status == LawyerStatus.PRACTISING

    def clean(self) -> None:
        super().clean()
        # Codes are normalised where input arrives (forms, imports): clean() runs after
        # the field validators, too late to fix them here.
        self.name = (self.name or "").strip()
        self.email = (self.email or "").strip().lower()
        errors: dict[str, list[str]] = {}
        try:
            validate_licence_no(self.licence_no)
        except ValidationError:
            return  # the field validator reports it; cross-checks need a valid number
        licence = self.licence
        if self.gender and GENDER_LICENCE_DIGIT.get(self.gender) != licence.gender:
            errors.setdefault("gender", []).append(_("性别与执业证号第 11 位不一致。"))
        if self.category and CATEGORY_LICENCE_DIGIT.get(self.category) != licence.category:
            errors.setdefault("category", []).append(_("执业类别与执业证号第 10 位不一致。"))
        if self.first_licensed and self.first_licensed.year != licence.year:
            errors.setdefault("first_licensed", []).append(
                _("首次执业日期的年份与执业证号第 6–9 位不一致。")
            )
        if self.id_number and self.gender:
            try:
                validate_id_number(self.id_number)
            except ValidationError:
                pass  # reported by the field validator
            else:
                if id_number_is_male(self.id_number) != (self.gender == Gender.MALE):
                    errors.setdefault("id_number", []).append(
                        _("身份证号码显示的性别与登记性别不一致。")
                    )
        if errors:
            raise ValidationError(errors)
