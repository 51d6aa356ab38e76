"""CLE academy (律师云学院): courses, enrolments, credited hours, reminders."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.members.models import Lawyer

from .rules import minutes_to_hours


class Category(models.TextChoices):
    POLITICAL_THEORY = "political_theory", _("政治理论")
    PROFESSIONAL_ETHICS = "professional_ethics", _("职业道德与执业纪律")
    LAW_UPDATE = "law_update", _("法律法规解读")
    PRACTICE_SKILLS = "practice_skills", _("执业技能")
    FOREIGN_RELATED = "foreign_related", _("涉外法律服务")
    TECHNOLOGY = "technology", _("法律科技")


class Mode(models.TextChoices):
    ONLINE = "online", _("线上")
    ONSITE = "onsite", _("线下（现场）")


class CourseQuerySet(models.QuerySet["Course"]):
    def published(self) -> CourseQuerySet:
        return self.filter(published=True)


class Course(models.Model):
    title = models.CharField(_("课程名称"), max_length=120)
    category = models.CharField(_("类别"), max_length=24, choices=Category.choices)
    mode = models.CharField(_("形式"), max_length=8, choices=Mode.choices)
    lecturer = models.CharField(_("主讲人"), max_length=80, blank=True)
    summary = models.TextField(_("简介"), blank=True)
    text = models.TextField(
        _("图文内容"), blank=True, help_text=_("线上图文课程的正文（纯文本）。")
    )
    video_url = models.URLField(_("视频地址"), blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("课程时长（分钟）"), help_text=_("45 分钟折合 1 学时。")
    )
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("留空表示不限名额。")
    )
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    checkin_code = models.CharField(
        _("签到码"),
        max_length=8,
        blank=True,
        help_text=_("现场课程的签到码，开课时向学员公布；留空则保存时自动生成。"),
    )
    enrolled_count = models.PositiveIntegerField(_("已报名人数"), default=0, editable=False)
    published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        ordering = ["-starts_at", "-created_at"]
        indexes = [
            models.Index(fields=["published", "-created_at"], name="learning_course_list"),
            models.Index(fields=["category", "-created_at"], name="learning_course_category"),
            models.Index(fields=["mode", "-starts_at"], name="learning_course_mode"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["checkin_code"],
                condition=~Q(checkin_code=""),
                name="learning_course_checkin_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(enrolled_count__lte=models.F("capacity")),
                name="learning_course_not_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.duration_minutes)

    @property
    def is_onsite(self) -> bool:
        return self.mode == Mode.ONSITE

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.enrolled_count, 0)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.mode == Mode.ONSITE:
            if not self.venue:
                errors["venue"] = _("现场课程须填写地点。")
            if not self.starts_at:
                errors["starts_at"] = _("现场课程须填写开始时间。")
            if not self.ends_at:
                errors["ends_at"] = _("现场课程须填写结束时间。")
        elif not (self.video_url or self.text):
            errors["video_url"] = _("线上课程须提供视频地址或图文内容。")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间须晚于开始时间。")
        if self.capacity is not None and self.pk and self.capacity < self.enrolled_count:
            errors["capacity"] = _("名额不能少于已报名人数（%(count)s）。") % {
                "count": self.enrolled_count
            }
        self.checkin_code = (self.checkin_code or "").strip().upper()
        if errors:
            raise ValidationError(errors)


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("已报名")
    COMPLETED = "completed", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class Enrolment(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="enrolments"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="cle_enrolments"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "lawyer"], name="learning_enrolment_once"),
        ]
        indexes = [
            models.Index(fields=["lawyer", "-enrolled_at"], name="learning_enrolment_mine"),
            models.Index(fields=["course", "status"], name="learning_enrolment_course"),
        ]

    def __str__(self) -> str:
        return f"{self.lawyer.name} · {self.course.title}"


class CreditSource(models.TextChoices):
    COURSE = "course", _("课程学习")
    MANUAL = "manual", _("人工补登")
    EVENT = "event", _("活动签到")


class CreditEntry(models.Model):
    """Credited study time. Hours are derived from minutes (45 minutes = 1 hour)."""

    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="cle_credits"
    )
    mode = models.CharField(
        _("计入方式"),
        max_length=8,
        choices=Mode.choices,
        help_text=_("现场学时按自然年计算，线上学时按 4 月 1 日至次年 3 月 31 日计算。"),
    )
    source = models.CharField(_("来源"), max_length=8, choices=CreditSource.choices)
    title = models.CharField(_("学习内容"), max_length=200)
    minutes = models.PositiveIntegerField(_("分钟数"))
    credited_on = models.DateField(_("计入日期"))
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("报名"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit",
    )
    reference = models.CharField(
        _("外部来源"),
        max_length=64,
        blank=True,
        help_text=_("其他应用（如活动签到）计入学时时的唯一标识，防止重复计入。"),
    )
    reason = models.TextField(_("补登理由"), blank=True)
    credited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("学时记录")
        verbose_name_plural = _("学时记录")
        ordering = ["-credited_on", "-pk"]
        indexes = [
            models.Index(fields=["lawyer", "credited_on"], name="learning_credit_lawyer_day"),
            models.Index(fields=["credited_on", "mode"], name="learning_credit_day_mode"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="learning_credit_ref_once"
            ),
            models.CheckConstraint(
                condition=~Q(source="manual") | ~Q(reason=""),
                name="learning_credit_manual_has_reason",
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="learning_credit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.lawyer.name} · {self.title} · {self.hours}"

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.minutes)


class Reminder(models.Model):
    """One reminder per lawyer, CLE year and round (YYYY-MM): the beat job can run twice."""

    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="cle_reminders"
    )
    year = models.PositiveIntegerField(_("学时年度"))
    round = models.CharField(_("轮次"), max_length=7)
    short_minutes = models.PositiveIntegerField(_("差额（分钟）"))
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("学时提醒")
        verbose_name_plural = _("学时提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["lawyer", "year", "round"], name="learning_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lawyer_id} {self.year} {self.round}"


def card_photo_path(instance: CardPhoto, filename: str) -> str:
    # A new name per upload: caches and CDNs never serve yesterday's face.
    return f"members/photos/{instance.lawyer_id}-{timezone.now():%Y%m%d%H%M%S}.jpg"


class CardPhoto(models.Model):
    """The lawyer's photo: on the electronic member card and the public lawyer page.

    Kept here, not on members.Lawyer, because the card is this app's; uploads are checked
    (real JPEG/PNG/WebP/GIF within byte and pixel caps) and re-encoded as a small JPEG
    without metadata (EXIF/GPS dropped) by services.card_photo_set.
    """

    lawyer = models.OneToOneField(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="card_photo"
    )
    image = models.ImageField(_("照片"), upload_to=card_photo_path)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("律师照片")
        verbose_name_plural = _("律师照片")

    def __str__(self) -> str:
        return f"{self.lawyer_id}"
