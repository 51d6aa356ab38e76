"""Staff back office for the CLE academy: courses, enrolments, credits, compliance, 补登."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.admin_base import BaseAdmin
from apps.core.exceptions import DomainError

from . import permissions, selectors, services
from .card import qr_svg
from .forms import ComplianceFilterForm, ManualCreditForm
from .models import Course, CreditEntry, Enrolment


@admin.register(Course)
class CourseAdmin(BaseAdmin):
    list_display = (
        "title",
        "category",
        "mode",
        "duration_minutes",
        "starts_at",
        "capacity",
        "enrolled_count",
        "published",
    )
    list_filter = ("published", "mode", "category")
    search_fields = ("title", "lecturer")
    readonly_fields = ("enrolled_count", "checkin_qr")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "category",
                    "mode",
                    "lecturer",
                    "summary",
                    "duration_minutes",
                    "published",
                )
            },
        ),
        (gettext_lazy("线上课程"), {"fields": ("video_url", "text")}),
        (
            gettext_lazy("现场课程"),
            {
                "fields": (
                    "venue",
                    "starts_at",
                    "ends_at",
                    "capacity",
                    "enrolled_count",
                    "checkin_code",
                    "checkin_qr",
                )
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: Course, form: Any, change: bool) -> None:
        services.course_save(course=obj)

    @admin.display(description=gettext_lazy("签到二维码"))
    def checkin_qr(self, obj: Course) -> str:
        """To project in the room: scanning opens the check-in page with the code filled."""
        if not obj.pk or not obj.checkin_code:
            return "—"
        path = reverse("learning:checkin") + f"?code={obj.checkin_code}"
        url = settings.SITE_URL.rstrip("/") + path
        return format_html('<div style="max-width:240px">{}</div><p>{}</p>', qr_svg(url), url)


@admin.register(Enrolment)
class EnrolmentAdmin(BaseAdmin):
    list_display = ("lawyer", "course", "status", "enrolled_at", "checked_in_at", "completed_at")
    list_filter = ("status", "course__mode")
    search_fields = ("lawyer__name", "lawyer__licence_no", "course__title")
    list_select_related = ("lawyer", "course")
    raw_id_fields = ("lawyer", "course")
    readonly_fields = ("lawyer", "course", "status", "enrolled_at", "checked_in_at", "completed_at")


@admin.register(CreditEntry)
class CreditEntryAdmin(BaseAdmin):
    list_display = (
        "lawyer",
        "title",
        "mode",
        "source",
        "hours_display",
        "credited_on",
        "credited_by",
    )
    list_filter = ("source", "mode", "credited_on")
    search_fields = ("lawyer__name", "lawyer__licence_no", "title")
    list_select_related = ("lawyer", "credited_by")
    date_hierarchy = "credited_on"
    # A ledger: every field read-only; corrections are new entries with a reason (补登).
    readonly_fields = (
        "lawyer",
        "mode",
        "source",
        "title",
        "minutes",
        "credited_on",
        "enrolment",
        "reference",
        "reason",
        "credited_by",
        "created_at",
    )

    @admin.display(description=gettext_lazy("学时"))
    def hours_display(self, obj: CreditEntry) -> str:
        return str(obj.hours)

    def get_urls(self) -> list:
        urls = [
            path("credit/", self.admin_site.admin_view(self.credit_view), name="learning_credit"),
            path(
                "compliance/",
                self.admin_site.admin_view(self.compliance_view),
                name="learning_compliance",
            ),
        ]
        return urls + super().get_urls()

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None):
        # Hours are credited through the service's form (reason required, actor recorded).
        if not self.has_add_permission(request):
            raise PermissionDenied
        return redirect("admin:learning_credit")

    def credit_view(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_credit_hours(request.user):
            raise PermissionDenied
        form = ManualCreditForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    entry = services.credit_manual(
                        actor=request.user,  # type: ignore[arg-type]
                        lawyer=data["licence_no"],
                        hours=data["hours"],
                        mode=data["mode"],
                        title=data["title"],
                        credited_on=data["credited_on"],
                        reason=data["reason"],
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    self.message_user(
                        request,
                        _("已为 %(name)s 补登 %(hours)s 学时。")
                        % {"name": entry.lawyer.name, "hours": entry.hours},
                        messages.SUCCESS,
                    )
                    return redirect("admin:learning_creditentry_changelist")
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("补登学时"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/learning/credit_form.html", context, status=status)

    def compliance_view(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_view_compliance(request.user):
            raise PermissionDenied
        form = ComplianceFilterForm(request.GET or None)
        year = timezone.localdate().year
        only_short, q = False, ""
        if form.is_valid():
            year = form.cleaned_data["year"] or year
            only_short = form.cleaned_data["short"]
            q = form.cleaned_data["q"].strip()
        rows = selectors.compliance_rows(year=year, only_short=only_short, q=q)
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(year)s 年度继续教育学时达标情况") % {"year": year},
            "form": form,
            "page": page,
            "year": year,
            "total": len(rows),
            "opts": self.model._meta,
            "credit_url": reverse("admin:learning_credit"),
        }
        return TemplateResponse(request, "admin/learning/compliance.html", context)
