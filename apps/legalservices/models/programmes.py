"""Programmes, partner agreements, mediation, impersonation alerts, business feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.members.models import Lawyer

from ..validators import PdfDocumentValidator


class Programme(models.Model):
    """A standing volunteer programme (进博会法律服务志愿团, 援藏律师服务团, 1+1 …)."""

    slug = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    summary = models.CharField(_("简介"), max_length=300)
    description = models.TextField(_("介绍"), blank=True)
    started_year = models.PositiveSmallIntegerField(_("开始年份"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_published = models.BooleanField(_("公开"), default=True)

    class Meta:
        verbose_name = _("志愿服务项目")
        verbose_name_plural = _("志愿服务项目")
        ordering = ["order", "name"]
        indexes = [models.Index(fields=["is_published", "order"], name="ls_programme_pub")]

    def __str__(self) -> str:
        return self.name


class ProgrammeEdition(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="editions"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    summary = models.TextField(_("年度情况"), blank=True)
    participants = models.ManyToManyField(
        Lawyer, verbose_name=_("参加律师"), related_name="programme_editions", blank=True
    )

    class Meta:
        verbose_name = _("项目年度")
        verbose_name_plural = _("项目年度")
        ordering = ["programme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="ls_edition_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"


class AgreementKind(models.TextChoices):
    PAIRED = "paired", _("对口援助")
    COOPERATION = "cooperation", _("合作协议")


class PartnerAgreement(models.Model):
    kind = models.CharField(_("类型"), max_length=12, choices=AgreementKind.choices)
    partner = models.CharField(_("合作方"), max_length=120)
    partner_en = models.CharField(_("合作方（英文）"), max_length=200, blank=True)
    title = models.CharField(_("协议名称"), max_length=200)
    signed_on = models.DateField(_("签署日期"))
    ends_on = models.DateField(_("到期日期"), null=True, blank=True)
    scope = models.TextField(_("合作范围"))
    document = models.FileField(
        _("协议文本"),
        upload_to="legalservices/agreements/",
        blank=True,
        validators=[PdfDocumentValidator()],
        help_text=_("PDF，不超过 20 MB。"),
    )
    is_published = models.BooleanField(_("公开"), default=True)

    class Meta:
        verbose_name = _("合作协议")
        verbose_name_plural = _("合作协议")
        ordering = ["kind", "-signed_on"]
        indexes = [
            models.Index(fields=["is_published", "kind", "-signed_on"], name="ls_agreement_pub")
        ]

    def __str__(self) -> str:
        return self.title


class Mediator(models.Model):
    """A lawyer on the mediation centre's roster (≥ 3 years in practice, checked in
    services.mediation.mediator_appoint)."""

    lawyer = models.OneToOneField(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="mediator"
    )
    specialities = models.CharField(_("擅长领域"), max_length=200, blank=True)
    appointed_on = models.DateField(_("入册日期"))
    is_active = models.BooleanField(_("在册"), default=True)

    history = HistoricalRecords(verbose_name=_("调解员历史"))

    class Meta:
        verbose_name = _("调解律师")
        verbose_name_plural = _("调解律师")
        ordering = ["appointed_on"]
        indexes = [models.Index(fields=["is_active", "appointed_on"], name="ls_mediator_active")]

    def __str__(self) -> str:
        return str(self.lawyer)


class MediationStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    IN_PROGRESS = "in_progress", _("调解中")
    SETTLED = "settled", _("调解成功")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("撤回")


class MediationRequest(models.Model):
    reference = models.CharField(_("受理编号"), max_length=20, unique=True, editable=False)
    name = models.CharField(_("申请人称呼"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=20)
    other_party = models.CharField(_("对方当事人"), max_length=100)
    dispute = models.TextField(_("纠纷简述"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=12, choices=MediationStatus.choices, default=MediationStatus.RECEIVED
    )
    mediator = models.ForeignKey(
        Mediator, verbose_name=_("调解律师"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("调解申请历史"))

    class Meta:
        verbose_name = _("调解申请")
        verbose_name_plural = _("调解申请")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="ls_mediation_status")]

    def __str__(self) -> str:
        return self.reference


class AlertKind(models.TextChoices):
    PERSON = "person", _("冒充律师的个人")
    ORGANISATION = "organisation", _("冒充律所的机构")
    WEBSITE = "website", _("假冒网站或账号")


class ImpersonationAlert(models.Model):
    """Public warning about someone falsely presenting as a member lawyer or firm."""

    kind = models.CharField(_("类型"), max_length=14, choices=AlertKind.choices)
    name = models.CharField(_("名称"), max_length=120)
    claimed_as = models.CharField(_("冒用身份"), max_length=200)
    website = models.CharField(_("网址或账号"), max_length=200, blank=True)
    description = models.TextField(_("情况说明"))
    published_on = models.DateField(_("发布日期"))
    is_published = models.BooleanField(_("公开"), default=True)

    class Meta:
        verbose_name = _("冒用身份提示")
        verbose_name_plural = _("冒用身份提示")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["is_published", "-published_on"], name="ls_alert_pub")]

    def __str__(self) -> str:
        return self.name


class FeedbackTheme(models.TextChoices):
    FILING = "filing", _("立案与诉讼服务")
    ACCESS = "access", _("会见与阅卷")
    EVIDENCE = "evidence", _("调查取证")
    ENFORCEMENT = "enforcement", _("执行难")
    ADMIN = "admin", _("行政审批与办事")
    FEES = "fees", _("收费与税费")
    ONLINE = "online", _("线上平台")
    OTHER = "other", _("其他")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("待分拣")
    FORWARDED = "forwarded", _("已转有关部门")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class BusinessFeedback(models.Model):
    """An obstacle a lawyer met in practice (营商环境反映), triaged by staff."""

    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("反映律师"), on_delete=models.CASCADE, related_name="+"
    )
    theme = models.CharField(_("主题"), max_length=12, choices=FeedbackTheme.choices)
    title = models.CharField(_("标题"), max_length=120)
    description = models.TextField(_("具体情况"), max_length=3000)
    status = models.CharField(
        _("状态"), max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    answer = models.TextField(_("答复"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(verbose_name=_("营商环境反映历史"))

    class Meta:
        verbose_name = _("营商环境反映")
        verbose_name_plural = _("营商环境反映")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="ls_feedback_status"),
            models.Index(fields=["theme", "created_at"], name="ls_feedback_theme"),
            models.Index(fields=["lawyer", "-created_at"], name="ls_feedback_lawyer"),
        ]

    def __str__(self) -> str:
        return self.title
