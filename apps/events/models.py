"""Events, clubs and contests: registration with capacity and waitlist, one vote per member.

Capacity: ``Event.registered_count`` counts the places taken; every change to it happens
with the event row locked (``select_for_update``) in the same transaction as the
registration row, and a CHECK constraint refuses a count above capacity. One active
registration per lawyer and event is a partial unique constraint; one vote per lawyer and
contest category is a unique constraint.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.members.models import Lawyer


def _nonce() -> str:
    return secrets.token_urlsafe(12)


class Club(models.Model):
    name = models.CharField(_("名称"), max_length=80, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    description = models.TextField(_("简介"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("俱乐部")
        verbose_name_plural = _("俱乐部")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClubMembership(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="memberships")
    lawyer = models.ForeignKey(Lawyer, on_delete=models.CASCADE, related_name="club_memberships")
    joined_at = models.DateTimeField(_("加入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("俱乐部成员")
        verbose_name_plural = _("俱乐部成员")
        constraints = [
            models.UniqueConstraint(fields=["club", "lawyer"], name="events_club_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.club} · {self.lawyer}"


class Kind(models.TextChoices):
    LECTURE = "lecture", _("讲座")
    MENTAL_HEALTH = "mental_health", _("心理健康讲座")
    FOOTBALL = "football", _("足球")
    MARATHON = "marathon", _("马拉松")
    SALON = "salon", _("沙龙")
    CONTEST = "contest", _("竞赛")


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(published=True)

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now())


class Event(models.Model):
    title = models.CharField(_("活动名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    club = models.ForeignKey(
        Club,
        verbose_name=_("主办俱乐部"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    summary = models.TextField(_("简介"), blank=True)
    venue = models.CharField(_("地点"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("名额"))
    cle_minutes = models.PositiveIntegerField(
        _("继续教育时长（分钟）"),
        default=0,
        help_text=_("大于零时，签到后自动计入律师继续教育学时（45 分钟折合 1 学时）。"),
    )
    checkin_code = models.CharField(_("签到码"), max_length=8, blank=True)
    registered_count = models.PositiveIntegerField(_("已报名人数"), default=0, editable=False)
    published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["published", "starts_at"], name="events_event_list"),
            models.Index(fields=["kind", "starts_at"], name="events_event_kind"),
            models.Index(fields=["club", "starts_at"], name="events_event_club"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_count__lte=F("capacity")),
                name="events_event_never_over_capacity",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="events_event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("结束时间不能早于开始时间。")})

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.registered_count, 0)


class EventOption(models.Model):
    """A choice made at registration, e.g. the marathon's 5 km / 10 km / half distances."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(_("选项"), max_length=40)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("报名选项")
        verbose_name_plural = _("报名选项")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="events_option_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("已报名")
    WAITLISTED = "waitlisted", _("候补中")
    CANCELLED = "cancelled", _("已取消")
    ATTENDED = "attended", _("已签到")


ACTIVE_STATUSES = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
)


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    lawyer = models.ForeignKey(Lawyer, on_delete=models.CASCADE, related_name="event_registrations")
    option = models.ForeignKey(
        EventOption, verbose_name=_("选项"), on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(_("状态"), max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    # Part of every signed e-mail link; rotated when a link is used, so a link works once.
    link_nonce = models.CharField(max_length=24, default=_nonce, editable=False)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="events_reg_queue"),
            models.Index(fields=["lawyer", "status"], name="events_reg_lawyer"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "lawyer"],
                condition=~Q(status="cancelled"),
                name="events_reg_one_active_per_lawyer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.lawyer}"


class CalendarFeed(models.Model):
    """The secret behind a lawyer's personal calendar URL (revocable: a new token)."""

    lawyer = models.OneToOneField(Lawyer, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")

    def __str__(self) -> str:
        return str(self.lawyer)


# --- contests --------------------------------------------------------------------------


class Tally(models.TextChoices):
    LIVE = "live", _("实时公开票数")
    HIDDEN = "hidden", _("投票截止后公布")


class Contest(models.Model):
    title = models.CharField(_("评选名称"), max_length=120)
    summary = models.TextField(_("简介"), blank=True)
    voting_opens_at = models.DateTimeField(_("投票开始"))
    voting_closes_at = models.DateTimeField(_("投票截止"))
    tally = models.CharField(_("票数公开方式"), max_length=8, choices=Tally.choices)
    published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评选")
        verbose_name_plural = _("评选")
        ordering = ["-voting_opens_at", "pk"]
        indexes = [
            models.Index(fields=["published", "-voting_opens_at"], name="events_contest_list")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(voting_closes_at__gt=F("voting_opens_at")),
                name="events_contest_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.voting_opens_at
            and self.voting_closes_at
            and self.voting_closes_at <= self.voting_opens_at
        ):
            raise ValidationError({"voting_closes_at": _("投票截止须晚于投票开始。")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.voting_opens_at <= now < self.voting_closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.voting_closes_at

    def tallies_visible(self, now=None) -> bool:
        return self.tally == Tally.LIVE or self.is_closed(now)


class ContestCategory(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("奖项类别"), max_length=60)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("奖项类别")
        verbose_name_plural = _("奖项类别")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="events_category_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    category = models.ForeignKey(ContestCategory, on_delete=models.CASCADE, related_name="entries")
    name = models.CharField(_("参评项目"), max_length=80)
    organisation = models.CharField(_("申报单位"), max_length=120)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("参评项目")
        verbose_name_plural = _("参评项目")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Vote(models.Model):
    category = models.ForeignKey(ContestCategory, on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    lawyer = models.ForeignKey(Lawyer, on_delete=models.CASCADE, related_name="contest_votes")
    created_at = models.DateTimeField(_("投票时间"), default=timezone.now)

    class Meta:
        verbose_name = _("投票")
        verbose_name_plural = _("投票")
        indexes = [models.Index(fields=["entry"], name="events_vote_entry")]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "lawyer"], name="events_vote_once_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.entry}"
