"""Free legal help: consultation requests from the public and pro-bono events with slots."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.members.models import District, Lawyer


class ConsultationTopic(models.TextChoices):
    FAMILY = "family", _("婚姻家庭与继承")
    LABOUR = "labour", _("劳动与社会保障")
    CONSUMER = "consumer", _("消费者权益")
    HOUSING = "housing", _("房屋租赁与买卖")
    DEBT = "debt", _("借款与合同纠纷")
    TRAFFIC = "traffic", _("交通事故与人身损害")
    NEIGHBOUR = "neighbour", _("邻里与物业")
    CRIMINAL = "criminal", _("刑事案件咨询")
    BUSINESS = "business", _("小微企业经营")
    OTHER = "other", _("其他")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("电话回复")
    EMAIL = "email", _("电子邮件回复")


class ConsultationStatus(models.TextChoices):
    NEW = "new", _("待处理")
    ASSIGNED = "assigned", _("已分派")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已关闭")


class ConsultationRequestQuerySet(models.QuerySet["ConsultationRequest"]):
    def open(self) -> ConsultationRequestQuerySet:
        return self.filter(status__in=[ConsultationStatus.NEW, ConsultationStatus.ASSIGNED])

    def overdue(self, today: dt.date) -> ConsultationRequestQuerySet:
        return self.open().filter(due_on__lt=today)


class ConsultationRequest(models.Model):
    """A member of the public asks for free advice; staff answer within 3 working days.

    The requester's name, phone and e-mail are personal data: visible in admin to the
    member-services role only, never on a public page.
    """

    reference = models.CharField(_("受理编号"), max_length=20, unique=True, editable=False)
    topic = models.CharField(_("咨询类别"), max_length=16, choices=ConsultationTopic.choices)
    description = models.TextField(_("问题简述"), max_length=2000)
    name = models.CharField(_("称呼"), max_length=40)
    contact_method = models.CharField(
        _("希望的联系方式"), max_length=8, choices=ContactMethod.choices
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    district = models.ForeignKey(
        District, verbose_name=_("所在区"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.NEW
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    due_on = models.DateField(_("答复期限"))
    assigned_to = models.ForeignKey(
        Lawyer,
        verbose_name=_("承办律师"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.TextField(_("答复摘要"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("回执发送时间"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("法律咨询历史"))
    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("法律咨询申请")
        verbose_name_plural = _("法律咨询申请")
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="ls_consult_status_due"),
            models.Index(fields=["-created_at"], name="ls_consult_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(contact_method="phone") | ~Q(phone=""),
                name="ls_consult_phone_given",
            ),
            models.CheckConstraint(
                condition=~Q(contact_method="email") | ~Q(email=""),
                name="ls_consult_email_given",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class EventKind(models.TextChoices):
    CONSUMER_DAY = "consumer_day", _("3·15 消费者权益日")
    IP_DAY = "ip_day", _("4·26 世界知识产权日")
    CONSTITUTION = "constitution", _("宪法宣传周")
    COMMUNITY = "community", _("社区法律服务日")


class ProBonoEventQuerySet(models.QuerySet["ProBonoEvent"]):
    def published(self) -> ProBonoEventQuerySet:
        return self.filter(is_published=True)


class ProBonoEvent(models.Model):
    title = models.CharField(_("活动名称"), max_length=120)
    kind = models.CharField(_("活动类型"), max_length=16, choices=EventKind.choices)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    district = models.ForeignKey(
        District, verbose_name=_("所在区"), on_delete=models.PROTECT, related_name="+"
    )
    topics = models.CharField(_("咨询主题"), max_length=300)
    description = models.TextField(_("活动介绍"), blank=True)
    volunteers_needed = models.PositiveSmallIntegerField(_("志愿律师名额"), default=10)
    is_published = models.BooleanField(_("公开发布"), default=False)
    people_helped = models.PositiveIntegerField(_("服务群众人次"), null=True, blank=True)
    consultations_given = models.PositiveIntegerField(_("解答咨询件数"), null=True, blank=True)
    outcome_recorded_at = models.DateTimeField(_("结果登记时间"), null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(verbose_name=_("公益活动历史"))
    objects = ProBonoEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("公益法律服务活动")
        verbose_name_plural = _("公益法律服务活动")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["is_published", "-starts_at"], name="ls_event_published"),
            models.Index(fields=["kind", "-starts_at"], name="ls_event_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="ls_event_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EventSlot(models.Model):
    """A consultation time slot at an event. ``booked`` is the held count: it only moves
    through one conditional UPDATE (services.help.slot_book), and the constraint keeps it
    within capacity even against a buggy writer."""

    event = models.ForeignKey(
        ProBonoEvent, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("名额"))
    booked = models.PositiveSmallIntegerField(_("已预约"), default=0, editable=False)

    class Meta:
        verbose_name = _("咨询时段")
        verbose_name_plural = _("咨询时段")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["event", "starts_at"], name="ls_slot_event")]
        constraints = [
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="ls_slot_within_capacity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.starts_at:%H:%M}"

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)


class SlotBooking(models.Model):
    slot = models.ForeignKey(
        EventSlot, verbose_name=_("时段"), on_delete=models.CASCADE, related_name="bookings"
    )
    reference = models.CharField(_("预约编号"), max_length=20, unique=True, editable=False)
    name = models.CharField(_("称呼"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=20)
    question = models.CharField(_("咨询问题"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("预约时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("咨询预约")
        verbose_name_plural = _("咨询预约")
        ordering = ["slot", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "phone"], name="ls_booking_once_per_phone")
        ]

    def __str__(self) -> str:
        return self.reference


class EventVolunteer(models.Model):
    event = models.ForeignKey(
        ProBonoEvent, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="volunteers"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("律师"), on_delete=models.CASCADE, related_name="+"
    )
    signed_up_at = models.DateTimeField(_("报名时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("志愿律师")
        verbose_name_plural = _("志愿律师")
        ordering = ["event", "signed_up_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "lawyer"], name="ls_volunteer_once")
        ]
        indexes = [models.Index(fields=["lawyer", "event"], name="ls_volunteer_lawyer")]

    def __str__(self) -> str:
        return f"{self.event} · {self.lawyer}"
