from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.i18n import BilingualNameMixin

from ..validators import validate_firm_licence_no, validate_law_firm_uscc
from .reference import District


class FirmType(models.TextChoices):
    PARTNERSHIP = "partnership", _("普通合伙")
    SPECIAL_PARTNERSHIP = "special_partnership", _("特殊的普通合伙")
    SOLE = "sole", _("个人律师事务所")
    STATE = "state", _("国资律师事务所")


class FirmStatus(models.TextChoices):
    ACTIVE = "active", _("正常执业")
    SUSPENDED = "suspended", _("停业整顿")
    DISSOLVED = "dissolved", _("已注销")


class LawFirmQuerySet(models.QuerySet["LawFirm"]):
    def active(self) -> LawFirmQuerySet:
        return self.filter(status=FirmStatus.ACTIVE)

    def member_firms(self) -> LawFirmQuerySet:
        """Active firms holding a current group membership (团体会员)."""
        return self.active().filter(membership__isnull=False, membership__ended_on__isnull=True)


class LawFirm(BilingualNameMixin, models.Model):
    """A law firm registered in Shanghai, a group member (团体会员) of the association.

    Branches (分所) come in two kinds, modelled differently because only one is on this
    register:

    * a branch registered in Shanghai is licensed on its own (its own 执业许可证号 and
      credit code, district, address, lawyers) and is a group member by itself, so it is a
      ``LawFirm`` row like any other. It points at its head office with ``head_office``
      (a nullable foreign key to ``LawFirm``, e.g. a 临港新片区 branch of a Shanghai firm)
      or, for the many Shanghai branches of firms registered in another city, names that
      head office in ``head_office_elsewhere`` (it is not on this register). A separate
      branch model would repeat every field of a firm for these.
    * a Shanghai firm's branches in other cities are not on this register (their lawyers
      are members elsewhere): ``FirmBranch`` rows, a directory entry of the head office,
      like its overseas offices.

    A branch cannot open branches of its own (《律师事务所管理办法》), so a head office is
    never itself a branch (``clean``), and a firm names at most one head office
    (constraint).
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_law_firm_uscc]
    )
    licence_no = models.CharField(
        _("执业许可证号"), max_length=17, unique=True, validators=[validate_firm_licence_no]
    )
    district = models.ForeignKey(
        District, verbose_name=_("所在区"), on_delete=models.PROTECT, related_name="firms"
    )
    firm_type = models.CharField(
        _("组织形式"), max_length=24, choices=FirmType.choices, default=FirmType.PARTNERSHIP
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=FirmStatus.choices, default=FirmStatus.ACTIVE
    )
    founded = models.DateField(_("成立日期"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    head_office = models.ForeignKey(
        "self",
        verbose_name=_("总所"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branches",
        help_text=_("本所为分所时，选择在本市登记的总所。"),
    )
    head_office_elsewhere = models.CharField(
        _("外地总所"),
        max_length=100,
        blank=True,
        help_text=_("本所为外地律师事务所在沪分所时，填写总所名称及所在地。"),
    )
    charter_includes_party_building = models.BooleanField(_("章程写入党建内容"), default=False)
    administrators = models.ManyToManyField(
        "members.Lawyer",
        through="members.FirmAdministrator",
        related_name="administered_firms",
        verbose_name=_("律所管理员"),
        blank=True,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("律师事务所历史"))
    objects = LawFirmQuerySet.as_manager()

    class Meta:
        verbose_name = _("律师事务所")
        verbose_name_plural = _("律师事务所")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"], name="members_firm_status_name"),
            models.Index(fields=["district", "status"], name="members_firm_district_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(head_office__isnull=True) | Q(head_office_elsewhere=""),
                name="members_firm_one_head_office",
            ),
            models.CheckConstraint(
                condition=~Q(head_office=F("pk")), name="members_firm_not_own_branch"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.head_office_id is not None or bool(self.head_office_elsewhere)

    def clean(self) -> None:
        super().clean()
        self.name = (self.name or "").strip()
        self.head_office_elsewhere = (self.head_office_elsewhere or "").strip()
        if self.head_office_id is None:
            return
        if self.head_office_elsewhere:
            raise ValidationError(
                {
                    "head_office_elsewhere": ValidationError(
                        _("本市总所与外地总所只能填写一项。"), code="two_head_offices"
                    )
                }
            )
        if self.pk is not None and self.head_office_id == self.pk:
            raise ValidationError(
                {"head_office": ValidationError(_("律所不能是自己的分所。"), code="own_branch")}
            )
        head = self.head_office
        if head is not None and head.is_branch:
            raise ValidationError(
                {
                    "head_office": ValidationError(
                        _("分所不能再设分所：请选择总所。"), code="branch_of_branch"
                    )
                }
            )
        if self.pk is not None and self.branches.exists():
            raise ValidationError(
                {
                    "head_office": ValidationError(
                        _("本所已有分所，不能再作为其他律所的分所。"), code="head_office_is_branch"
                    )
                }
            )


class FirmBranch(BilingualNameMixin, models.Model):
    """A Shanghai firm's branch (分所) in another city: not on this register (see LawFirm)."""

    firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("总所"),
        on_delete=models.CASCADE,
        related_name="branches_elsewhere",
    )
    name = models.CharField(_("分所名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    city = models.CharField(_("所在城市"), max_length=40, help_text=_("如：北京、杭州、深圳。"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    established = models.DateField(_("设立日期"), null=True, blank=True)
    is_listed = models.BooleanField(
        _("公开"), default=True, help_text=_("公开的分所显示在律所查询页面。")
    )

    history = HistoricalRecords(verbose_name=_("外地分所历史"))

    class Meta:
        verbose_name = _("外地分所")
        verbose_name_plural = _("外地分所")
        ordering = ["city", "name"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "name"], name="members_firmbranch_unique")
        ]
        indexes = [
            models.Index(fields=["firm", "is_listed", "city"], name="members_firmbranch_firm")
        ]

    def __str__(self) -> str:
        return self.name


class FirmAdministratorQuerySet(models.QuerySet["FirmAdministrator"]):
    def live(self) -> FirmAdministratorQuerySet:
        """Appointments whose right holds today: the lawyer still practises at that firm.

        The one definition of "administers the firm" (apps.members.permissions uses it).
        """
        from .lawyers import LawyerStatus

        return self.filter(lawyer__status=LawyerStatus.PRACTISING, lawyer__firm_id=F("firm_id"))


class FirmAdministrator(models.Model):
    """A lawyer of the firm who keeps the firm's contact record in the portal.

    Appointed by member-services staff in admin. The right lapses by itself when the
    lawyer leaves the firm or stops practising (selectors check both), and the roster
    itself is changed only by staff.
    """

    firm = models.ForeignKey(
        LawFirm,
        verbose_name=_("律师事务所"),
        on_delete=models.CASCADE,
        related_name="administrator_links",
    )
    lawyer = models.ForeignKey(
        "members.Lawyer",
        verbose_name=_("律师"),
        on_delete=models.CASCADE,
        related_name="firm_admin_links",
    )
    appointed_at = models.DateTimeField(_("任命时间"), default=timezone.now)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("任命人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = FirmAdministratorQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("律所管理员历史"))

    class Meta:
        verbose_name = _("律所管理员")
        verbose_name_plural = _("律所管理员")
        constraints = [
            models.UniqueConstraint(fields=["firm", "lawyer"], name="members_firmadmin_unique")
        ]
        indexes = [models.Index(fields=["lawyer", "firm"], name="members_firmadmin_lawyer")]

    def __str__(self) -> str:
        return f"{self.firm} · {self.lawyer}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.lawyer_id and self.firm_id and self.lawyer.firm_id != self.firm_id:
            raise ValidationError(
                {"lawyer": _("律所管理员必须是本所执业律师。")}, code="not_in_firm"
            )
