"""A complaint and its state machine.

Every transition is a method here that refuses an illegal move with a DomainError and
changes only this row's fields; the services (services/workflow.py) check who acts, lock
the row (select_for_update), call the method, save, write the timeline event and send
what has to be sent. CheckConstraints repeat the invariants the database can see.

    received ──request_material()──▶ awaiting_material ──material_supplied()──▶ received
    received ──triage(track)──▶ triaged ──accept()──▶ accepted
    received / triaged ──not_accept(reason)──▶ not_accepted
    accepted ──start_investigation(n investigators; ≥2 on complex)──▶ investigation
    investigation ──notify_respondent()──▶ defence
    defence ──schedule_hearing()──▶ hearing                     (complex track only)
    defence (simple) / hearing (complex) ──decide()──▶ decided
    decided / not_accepted ──close()──▶ closed
    decided / closed (with a decision) ──reopen_for_review()──▶ investigation

Material may be requested once. While it is awaited the clock stops; when the complainant
supplies it the complaint counts as complete from that moment (``complete_at``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.exceptions import DomainError

REFERENCE_RE = r"^TS[0-9]{4}-[0-9]{6}$"

# Left out of the audit history: the secret tracking code's hash and the form token, and
# the complainant's identity and contacts (the complainant's own words, which staff never
# edit — so a history copy would hold personal data with nothing to audit, and would
# outlive the retention purge). The history pages need the personal-data permission all
# the same: facts and requests can name people (apps.complaints.admin).
HISTORY_EXCLUDED = [
    "tracking_code_hash",
    "submit_token",
    "complainant_name",
    "complainant_id_type",
    "complainant_id_number",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
    "principal_name",
    "submitted_by",
]


class State(models.TextChoices):
    RECEIVED = "received", _("已收到")
    AWAITING_MATERIAL = "awaiting_material", _("待补正材料")
    TRIAGED = "triaged", _("已分流")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    INVESTIGATION = "investigation", _("调查中")
    DEFENCE = "defence", _("待被投诉人答辩")
    HEARING = "hearing", _("听证")
    DECIDED = "decided", _("已作出决定")
    CLOSED = "closed", _("已结案")


class Track(models.TextChoices):
    SIMPLE = "simple", _("简易程序")
    COMPLEX = "complex", _("普通程序")


class Category(models.TextChoices):
    ATTITUDE = "attitude", _("服务态度与沟通")
    DILIGENCE = "diligence", _("怠于履行职责")
    FEES = "fees", _("违规收费")
    CONFLICT = "conflict", _("利益冲突")
    CONFIDENTIALITY = "confidentiality", _("泄露秘密或隐私")
    MISREPRESENTATION = "misrepresentation", _("虚假承诺或不实宣传")
    JUSTICE = "justice", _("妨碍司法或违规会见")
    OTHER = "other", _("其他执业违规")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("居民身份证")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    RESIDENCE_PERMIT = "residence_permit", _("外国人永久居留身份证")


class Outcome(models.TextChoices):
    NO_VIOLATION = "no_violation", _("不构成违规")
    SANCTION = "sanction", _("给予行业处分")


class Sanction(models.TextChoices):
    ADMONITION = "admonition", _("训诫")
    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    CENSURE = "censure", _("公开谴责")
    SUSPENSION = "suspension", _("中止会员权利")
    EXPULSION = "expulsion", _("取消会员资格")


# Sanctions the association makes public (on the lawyer's and firm's public record).
PUBLIC_SANCTIONS = frozenset(
    {Sanction.CRITICISM, Sanction.CENSURE, Sanction.SUSPENSION, Sanction.EXPULSION}
)

# States in which the respondent is involved (may see the allegations in the portal).
RESPONDENT_STATES = frozenset(
    {State.DEFENCE, State.HEARING, State.DECIDED, State.CLOSED, State.INVESTIGATION}
)
OPEN_STATES = frozenset(set(State) - {State.CLOSED, State.NOT_ACCEPTED})
# States once the track is known.
TRACKED_STATES = frozenset(set(State) - {State.RECEIVED, State.AWAITING_MATERIAL})


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def open(self) -> ComplaintQuerySet:
        return self.exclude(state__in=[State.CLOSED, State.NOT_ACCEPTED])

    def overdue(self, today: dt.date | None = None) -> ComplaintQuerySet:
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_soon(self, today: dt.date | None = None, days: int = 3) -> ComplaintQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=days))


class Complaint(models.Model):
    reference = models.CharField(_("投诉编号"), max_length=16, unique=True, editable=False)
    tracking_code_hash = models.CharField(_("查询码摘要"), max_length=200, editable=False)
    # From the rendered intake form: a double click or re-post finds the first submission.
    submit_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.RECEIVED, editable=False
    )
    track = models.CharField(
        _("程序"), max_length=10, choices=Track.choices, blank=True, editable=False
    )
    suggested_track = models.CharField(
        _("规则建议的程序"), max_length=10, choices=Track.choices, blank=True, editable=False
    )
    category = models.CharField(_("投诉类别"), max_length=20, choices=Category.choices)

    # --- complainant (personal data: complaints officers only; purged after retention) ---
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交账户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints_submitted",
    )
    complainant_name = models.CharField(_("投诉人姓名"), max_length=50)
    complainant_id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT
    )
    complainant_id_number = models.CharField(_("证件号码"), max_length=30)
    complainant_phone = models.CharField(_("联系电话"), max_length=20)
    complainant_email = models.EmailField(_("电子邮箱"))
    complainant_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    acting_for = models.BooleanField(_("代他人投诉"), default=False)
    principal_name = models.CharField(_("被代理人姓名"), max_length=50, blank=True)
    co_complainants = models.PositiveSmallIntegerField(
        _("共同投诉人数"), default=0, help_text=_("与投诉人一同投诉的其他人数。")
    )
    consent_at = models.DateTimeField(_("同意隐私声明时间"))
    pii_purged_at = models.DateTimeField(
        _("个人信息清除时间"), null=True, blank=True, editable=False
    )

    # --- respondent ---
    respondent_lawyer = models.ForeignKey(
        "members.Lawyer",
        verbose_name=_("被投诉律师"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    respondent_firm = models.ForeignKey(
        "members.LawFirm",
        verbose_name=_("被投诉律所"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    respondent_text = models.CharField(
        _("被投诉人（未在名录中找到时填写）"), max_length=200, blank=True
    )

    # --- the complaint ---
    facts = models.TextField(_("事实经过"), max_length=5000)
    request = models.TextField(_("投诉请求"), max_length=2000)

    # --- workflow bookkeeping (set by the transition methods only) ---
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    complete_at = models.DateTimeField(_("材料齐全时间"), null=True, blank=True, editable=False)
    material_requested_at = models.DateTimeField(
        _("要求补正时间"), null=True, blank=True, editable=False
    )
    material_request = models.TextField(_("补正要求"), blank=True, editable=False)
    triage_reason = models.TextField(_("分流说明"), blank=True, editable=False)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True, editable=False)
    not_accepted_reason = models.TextField(_("不予受理理由"), blank=True, editable=False)
    not_accepted_guidance = models.TextField(_("处理途径指引"), blank=True, editable=False)
    respondent_notified_at = models.DateTimeField(
        _("通知被投诉人时间"), null=True, blank=True, editable=False
    )
    defence_due_on = models.DateField(_("答辩截止日"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True, editable=False)
    review_round = models.PositiveSmallIntegerField(_("复查次数"), default=0, editable=False)
    # The deadline of the current stage (working days, see workdays.py) and which one it is.
    due_on = models.DateField(_("本阶段期限"), null=True, blank=True, editable=False)
    due_stage = models.CharField(_("期限所属阶段"), max_length=30, blank=True, editable=False)

    history = HistoricalRecords(verbose_name=_("投诉历史"), excluded_fields=HISTORY_EXCLUDED)
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("view_complainant_pii", _("可查看投诉人身份与联系方式")),
            ("decide_complaint", _("可作出投诉处理决定")),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="complaints_state_due"),
            models.Index(fields=["-submitted_at", "-id"], name="complaints_submitted"),
            models.Index(fields=["category", "submitted_at"], name="complaints_category"),
            models.Index(fields=["track", "state"], name="complaints_track_state"),
            models.Index(fields=["respondent_lawyer", "state"], name="complaints_lawyer_state"),
            models.Index(fields=["respondent_firm", "state"], name="complaints_firm_state"),
            models.Index(fields=["closed_at"], name="complaints_closed_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="complaints_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(reference__regex=REFERENCE_RE), name="complaints_reference_format"
            ),
            models.CheckConstraint(
                condition=Q(track="") | Q(track__in=Track.values), name="complaints_track_valid"
            ),
            # Once triaged, a complaint always has a track.
            models.CheckConstraint(
                condition=Q(state__in=[State.RECEIVED, State.AWAITING_MATERIAL])
                | Q(state=State.NOT_ACCEPTED)
                | ~Q(track=""),
                name="complaints_track_after_triage",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.AWAITING_MATERIAL)
                | Q(material_requested_at__isnull=False),
                name="complaints_awaiting_has_request",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.HEARING) | Q(track=Track.COMPLEX),
                name="complaints_hearing_complex_only",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.NOT_ACCEPTED) | ~Q(not_accepted_reason=""),
                name="complaints_not_accepted_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.DECIDED) | Q(decided_at__isnull=False),
                name="complaints_decided_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.CLOSED) | Q(closed_at__isnull=False),
                name="complaints_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(respondent_lawyer__isnull=False)
                | Q(respondent_firm__isnull=False)
                | ~Q(respondent_text=""),
                name="complaints_has_respondent",
            ),
            models.CheckConstraint(
                condition=Q(acting_for=False)
                | ~Q(principal_name="")
                | Q(pii_purged_at__isnull=False),
                name="complaints_acting_for_names_principal",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    # --- helpers ------------------------------------------------------------------------

    @property
    def respondent_display(self) -> str:
        if self.respondent_lawyer_id:
            return self.respondent_lawyer.name
        if self.respondent_firm_id:
            return self.respondent_firm.name
        return self.respondent_text

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def _require(self, *states: str, action: str) -> None:
        if self.state not in states:
            raise DomainError(
                gettext("投诉%(ref)s当前状态为“%(state)s”，不能%(action)s。")
                % {"ref": self.reference, "state": self.get_state_display(), "action": action},
                code="illegal_transition",
            )

    @staticmethod
    def _reason(reason: str, what: str) -> str:
        reason = (reason or "").strip()
        if not reason:
            raise DomainError(gettext("请填写%(what)s。") % {"what": what}, code="reason_required")
        return reason

    # --- transitions --------------------------------------------------------------------

    def request_material(self, *, what: str, now: dt.datetime) -> None:
        self._require(State.RECEIVED, action=gettext("要求补正材料"))
        if self.material_requested_at is not None:
            raise DomainError(gettext("补正材料只能要求一次。"), code="material_once")
        self.material_request = self._reason(what, gettext("需要补正的材料"))
        self.material_requested_at = now
        self.complete_at = None  # the clock stops until the material arrives
        self.state = State.AWAITING_MATERIAL

    def material_supplied(self, *, now: dt.datetime) -> None:
        self._require(State.AWAITING_MATERIAL, action=gettext("确认补正"))
        self.complete_at = now  # the clock restarts from the complete complaint
        self.state = State.RECEIVED

    def triage(self, *, track: str, reason: str) -> None:
        self._require(State.RECEIVED, action=gettext("分流"))
        if track not in Track.values:
            raise DomainError(gettext("请选择简易程序或普通程序。"), code="track_invalid")
        if self.suggested_track and track != self.suggested_track:
            # Overriding the rules' suggestion needs a reason; confirming it does not.
            self.triage_reason = self._reason(reason, gettext("改变建议程序的理由"))
        else:
            self.triage_reason = (reason or "").strip()
        self.track = track
        self.state = State.TRIAGED

    def accept(self, *, now: dt.datetime) -> None:
        self._require(State.TRIAGED, action=gettext("受理"))
        self.accepted_at = now
        self.state = State.ACCEPTED

    def not_accept(self, *, reason: str, guidance: str, now: dt.datetime) -> None:
        self._require(State.RECEIVED, State.TRIAGED, action=gettext("作出不予受理决定"))
        self.not_accepted_reason = self._reason(reason, gettext("不予受理的理由"))
        self.not_accepted_guidance = self._reason(guidance, gettext("处理途径指引"))
        self.closed_at = now
        self.state = State.NOT_ACCEPTED

    def start_investigation(self, *, investigator_count: int) -> None:
        self._require(State.ACCEPTED, action=gettext("开始调查"))
        needed = 2 if self.track == Track.COMPLEX else 1
        if investigator_count < needed:
            raise DomainError(
                gettext("%(track)s至少需要 %(n)s 名调查人员。")
                % {"track": self.get_track_display(), "n": needed},
                code="investigators_needed",
            )
        self.state = State.INVESTIGATION

    def notify_respondent(self, *, now: dt.datetime, defence_due_on: dt.date) -> None:
        self._require(State.INVESTIGATION, action=gettext("通知被投诉人答辩"))
        if not (self.respondent_lawyer_id or self.respondent_firm_id):
            raise DomainError(
                gettext("被投诉人不在会员名录中，请先关联律师或律所。"), code="no_respondent"
            )
        self.respondent_notified_at = now
        self.defence_due_on = defence_due_on
        self.state = State.DEFENCE

    def schedule_hearing(self) -> None:
        self._require(State.DEFENCE, action=gettext("安排听证"))
        if self.track != Track.COMPLEX:
            raise DomainError(gettext("只有普通程序的投诉举行听证。"), code="hearing_complex")
        self.state = State.HEARING

    def decide(self, *, now: dt.datetime) -> None:
        if self.track == Track.COMPLEX:
            self._require(State.HEARING, action=gettext("作出决定（普通程序须先听证）"))
        else:
            self._require(State.DEFENCE, action=gettext("作出决定"))
        self.decided_at = now
        self.state = State.DECIDED

    def close(self, *, now: dt.datetime) -> None:
        self._require(State.DECIDED, State.NOT_ACCEPTED, action=gettext("结案"))
        self.closed_at = now
        self.state = State.CLOSED

    def reopen_for_review(self, *, reason: str) -> None:
        self._require(State.DECIDED, State.CLOSED, action=gettext("启动复查"))
        if self.decided_at is None:
            raise DomainError(
                gettext("只有已作出决定的投诉可以复查。"), code="review_needs_decision"
            )
        self._reason(reason, gettext("复查理由"))
        self.review_round += 1
        self.closed_at = None
        self.decided_at = None
        self.defence_due_on = None
        self.state = State.INVESTIGATION

    def get_due_stage_display(self) -> str:
        from .config import Stage

        return str(Stage(self.due_stage).label) if self.due_stage in Stage.values else ""

    def set_due(self, *, stage: str, on: dt.date | None) -> None:
        self.due_stage = stage if on else ""
        self.due_on = on


class ReferenceCounter(models.Model):
    """The last reference serial issued per year; incremented under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


COMPLAINANT_FIELDS = (
    "complainant_name",
    "complainant_id_type",
    "complainant_id_number",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
    "principal_name",
    "submitted_by",
)


def purged_values() -> dict[str, Any]:
    return {
        "complainant_name": "",
        "complainant_id_number": "",
        "complainant_phone": "",
        "complainant_email": "",
        "complainant_address": "",
        "principal_name": "",
        "submitted_by": None,
    }
