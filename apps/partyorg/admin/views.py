"""Admin views of the registry: health report, import, export, merge/dissolve.

Mounted by PartyOrganizationAdmin.get_urls() inside admin_site.admin_view (staff,
second factor); each view checks its own permission from apps/partyorg/permissions.py.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import DomainError

from .. import permissions, services
from ..models import OrgStatus, PartyOrganization
from ..services import io, rules

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FINDINGS_SHOWN = 100
MAX_UPLOAD = 10 * 1024 * 1024


def _context(request: HttpRequest, title: Any, **extra: Any) -> dict[str, Any]:
    from django.contrib import admin

    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": PartyOrganization._meta,
        **extra,
    }


def registry_health(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_view_health(request.user))
    today = timezone.localdate()
    findings = rules.registry_findings(today=today)
    sections = [
        {
            "rule": rules.RULES[code],
            "count": len(items),
            "items": items[:FINDINGS_SHOWN],
            "more": max(0, len(items) - FINDINGS_SHOWN),
        }
        for code, items in findings.items()
    ]
    hard = [rule for rule in rules.RULES.values() if rule.severity == rules.Severity.HARD]
    return TemplateResponse(
        request,
        "admin/partyorg/health.html",
        _context(request, _("党组织规范化检查"), sections=sections, hard_rules=hard, today=today),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("xlsx 文件"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件不能超过10 MB。"))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的工作簿。"))
        return upload


def registry_import(request: HttpRequest) -> HttpResponse:
    permissions.require(
        permissions.can_manage(request.user) and permissions.can_manage_members(request.user)
    )
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = io.registry_import(actor=request.user, file=form.cleaned_data["file"])
            if report.committed:
                messages.success(request, _("已导入%(n)s行。") % {"n": len(report.rows)})
            else:
                status = 400
        else:
            status = 400
    else:
        form = ImportForm()
    return TemplateResponse(
        request,
        "admin/partyorg/import.html",
        _context(
            request,
            _("导入党组织和党员"),
            form=form,
            report=report,
            org_columns=io.ORG_COLUMNS,
            member_columns=io.MEMBER_COLUMNS,
        ),
        status=status,
    )


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def registry_export(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_export(request.user))
    content = io.registry_export(actor=request.user)
    services.roster_access_log(user=request.user, action="export", detail="registry")
    return _download(content, f"party-registry-{timezone.localdate():%Y%m%d}.xlsx")


def roster_export(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require(permissions.can_export(request.user))
    org = get_object_or_404(PartyOrganization, pk=pk)
    on = timezone.localdate()
    if request.GET.get("on"):
        try:
            on = forms.DateField().clean(request.GET["on"])
        except forms.ValidationError:
            return HttpResponse(_("日期格式应为 2024-05-01。"), status=400)
    content = io.roster_export(actor=request.user, org=org, on=on)
    services.roster_access_log(
        user=request.user, action="export", organization=org, detail=f"roster {on:%Y-%m-%d}"
    )
    return _download(content, f"party-roster-{org.pk}-{on:%Y%m%d}.xlsx")


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("处理方式"),
        choices=[
            (OrgStatus.MERGED, OrgStatus.MERGED.label),
            (OrgStatus.DISSOLVED, OrgStatus.DISSOLVED.label),
        ],
    )
    on = forms.DateField(label=_("日期"))
    successor = forms.ModelChoiceField(
        label=_("承继组织（合并时）"),
        queryset=PartyOrganization.objects.active(),
        required=False,
    )


def organization_close(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require(permissions.can_manage(request.user))
    org = PartyOrganization.objects.filter(pk=pk).first()
    if org is None:
        raise Http404
    form = CloseForm(request.POST or None)
    form.fields["successor"].queryset = PartyOrganization.objects.active().exclude(pk=pk)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organization_close(
                    actor=request.user,
                    org=org,
                    status=form.cleaned_data["status"],
                    on=form.cleaned_data["on"],
                    successor=form.cleaned_data["successor"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已处理：%(org)s") % {"org": org})
                return redirect("admin:partyorg_partyorganization_change", org.pk)
        status = 400
    return TemplateResponse(
        request,
        "admin/partyorg/close.html",
        _context(request, _("合并或撤销党组织"), form=form, original=org),
        status=status,
    )
