"""Search entries: one row per lawyer and per firm, kept in step by signals (signals.py)
and rebuilt in bulk by services.search.search_reindex_all (seed_demo, the nightly task).

They hold what the public lookup filters and matches on — the tsvector of names, pinyin
and licence numbers, the firm's district, practice areas and languages as arrays — so a
lookup at city scale (42,000 lawyers) is one indexed query on one table, and members'
tables stay free of search columns. Nothing private is copied here.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.members.models import District, LawFirm, Lawyer


class LawyerSearchEntry(models.Model):
    lawyer = models.OneToOneField(
        Lawyer,
        verbose_name=_("律师"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    licence_no = models.CharField(_("执业证号"), max_length=17)
    name = models.CharField(_("姓名"), max_length=50)
    pinyin = models.CharField(_("拼音"), max_length=200)
    firm = models.ForeignKey(
        LawFirm, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("执业状态"), max_length=12)
    practice_area_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=3), default=list, blank=True)
    document = SearchVectorField()
    # pinyin.INDEX_VERSION when the entry was built: a change to how names are turned into
    # lexemes bumps it, and the next reindex rebuilds every older entry.
    index_version = models.PositiveSmallIntegerField(default=0)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("律师检索条目")
        verbose_name_plural = _("律师检索条目")
        default_permissions = ()
        indexes = [
            # No pending list: a bulk reindex otherwise leaves every lookup scanning it
            # (measured 100–300 ms per query at city scale until the next VACUUM).
            GinIndex(fields=["document"], name="ls_lawyer_document", fastupdate=False),
            GinIndex(fields=["practice_area_ids"], name="ls_lawyer_areas"),
            GinIndex(fields=["languages"], name="ls_lawyer_languages"),
            models.Index(fields=["pinyin", "lawyer"], name="ls_lawyer_pinyin"),
            models.Index(fields=["status", "pinyin", "lawyer"], name="ls_lawyer_status_pinyin"),
            models.Index(fields=["firm", "pinyin", "lawyer"], name="ls_lawyer_firm_pinyin"),
            models.Index(fields=["district", "pinyin", "lawyer"], name="ls_lawyer_district"),
            models.Index(fields=["licence_no"], name="ls_lawyer_licence"),
        ]

    def __str__(self) -> str:
        return self.name


class FirmSearchEntry(models.Model):
    firm = models.OneToOneField(
        LawFirm,
        verbose_name=_("律师事务所"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    name = models.CharField(_("名称"), max_length=100)
    pinyin = models.CharField(_("拼音"), max_length=300)
    licence_no = models.CharField(_("执业许可证号"), max_length=17)
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=12)
    practising_lawyers = models.PositiveIntegerField(_("执业律师人数"), default=0)
    practice_area_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=3), default=list, blank=True)
    document = SearchVectorField()
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("律所检索条目")
        verbose_name_plural = _("律所检索条目")
        default_permissions = ()
        indexes = [
            GinIndex(fields=["document"], name="ls_firm_document", fastupdate=False),
            GinIndex(fields=["practice_area_ids"], name="ls_firm_areas"),
            GinIndex(fields=["languages"], name="ls_firm_languages"),
            models.Index(fields=["pinyin", "firm"], name="ls_firm_pinyin"),
            models.Index(fields=["status", "pinyin", "firm"], name="ls_firm_status_pinyin"),
            models.Index(fields=["district", "pinyin", "firm"], name="ls_firm_district"),
        ]

    def __str__(self) -> str:
        return self.name
