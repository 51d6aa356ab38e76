"""Public statistics (/stats/, open data) and the staff report jobs pages (thin)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.decorators import staff_powers
from apps.core.exceptions import DomainError
from apps.core.spreadsheets import safe_row

from .figures import FIGURES
from .forms import ReportRequestForm
from .selectors import (
    ADD_PERMISSION,
    Figure,
    StatsPage,
    figure_public_get,
    report_run_get_for_user,
    report_run_list_for_user,
    stats_page,
)
from .services.reports import report_run_request, report_run_rerun

OPEN_DATA_CACHE = "public, max-age=300"


# The figures' HTML of one snapshot in one language: kept while the snapshot is current.
FIGURES_HTML_KEY = "stats:figures-html:v1"
FIGURES_HTML_TTL = 60 * 60


def _figures_html(page: StatsPage) -> SafeString:
    """The 16 figures with their data tables and the open-data table (~1,000 cells, 54 KB,
    30–60 ms to render at city scale), rendered once per snapshot and language. They
    depend on nothing else: a new snapshot has a new ``as_of`` and so a new key. With the
    page cache off or missed (after every change of content), /stats/ then costs a cache
    read instead of that render: it answered 64 clients with 61–93 timeouts before."""
    key = ":".join(
        (
            FIGURES_HTML_KEY,
            page.as_of.isoformat(),
            str(int(page.cle_available)) + str(int(page.cle_pending)),
            get_language() or "",
        )
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string("stats/includes/_figures.html", {"page": page})
        cache.set(key, html, FIGURES_HTML_TTL)
    return html  # a SafeString, kept as one by the cache's pickling


@require_GET
def stats_home(request: HttpRequest) -> HttpResponse:
    page = stats_page()
    return render(
        request,
        "stats/home.html",
        {
            "page": page,
            "figures_html": _figures_html(page),
            "breadcrumbs": [(_("统计数据"), "")],
            "figure_keys": [spec.key for spec in FIGURES],
        },
    )


def _figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "figure": figure.key,
        "title": str(figure.spec.title),
        "definition": str(figure.spec.definition),
        "as_of": figure.as_of.isoformat(),
        "columns": ["key", "label", *figure.open_columns[1:]],
        "headers": figure.columns,
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                **dict(zip(figure.open_columns[1:], row.values, strict=False)),
            }
            for row in figure.rows
        ],
    }


@require_GET
def figure_json(request: HttpRequest, key: str) -> JsonResponse:
    response = JsonResponse(
        _figure_json(figure_public_get(key=key)), json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = OPEN_DATA_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def figure_csv(request: HttpRequest, key: str) -> HttpResponse:
    figure = figure_public_get(key=key)
    out = io.StringIO()
    out.write("\ufeff")  # Excel and WPS read UTF-8 with a BOM
    writer = csv.writer(out)
    writer.writerow(["key", "label", *figure.open_columns[1:]])
    writer.writerow(["", "", *figure.columns[1:]])
    for row in figure.rows:
        writer.writerow(
            safe_row([row.key, row.label, *["" if v is None else v for v in row.values]])
        )
    writer.writerow(safe_row(["# as_of", figure.as_of.isoformat()]))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shlawyers-{key}.csv"'
    response["Cache-Control"] = OPEN_DATA_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def data_all_json(request: HttpRequest) -> JsonResponse:
    page = stats_page()
    body = {
        "as_of": page.as_of.isoformat(),
        "figures": [_figure_json(figure) for figure in page.figures],
        "license": "CC BY 4.0",
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = OPEN_DATA_CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- staff: report jobs --------------------------------------------------------------------


def _staff_or_login(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


@staff_powers
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    if (login := _staff_or_login(request)) is not None:
        return login
    runs = list(report_run_list_for_user(user=request.user))
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(ADD_PERMISSION):
            raise PermissionDenied
        if form.is_valid():
            run, created = report_run_request(
                actor=request.user, kind=form.cleaned_data["kind"], params=form.params()
            )
            if created:
                messages.success(request, _("报表已加入生成队列。"))
            else:
                messages.info(request, _("相同的报表正在生成，已为您打开它。"))
            return redirect("stats:report_detail", pk=run.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "stats/reports.html",
        {
            "runs": runs,
            "form": form,
            "can_add": request.user.has_perm(ADD_PERMISSION),
            "breadcrumbs": [(_("统计数据"), reverse("stats:home")), (_("报表任务"), "")],
        },
        status=status,
    )


@staff_powers
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _staff_or_login(request)) is not None:
        return login
    run = report_run_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "stats/report_detail.html",
        {
            "run": run,
            "breadcrumbs": [
                (_("统计数据"), reverse("stats:home")),
                (_("报表任务"), reverse("stats:report_list")),
                (run.get_kind_display(), ""),
            ],
        },
    )


@staff_powers
@require_GET
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls every 2 s while the run is queued or running."""
    if (login := _staff_or_login(request)) is not None:
        return login
    run = report_run_get_for_user(user=request.user, pk=pk)
    return render(request, "stats/includes/_progress.html", {"run": run})


@staff_powers
@require_POST
def report_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    if (login := _staff_or_login(request)) is not None:
        return login
    run = report_run_get_for_user(user=request.user, pk=pk)
    try:
        run = report_run_rerun(actor=request.user, run=run)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("报表已重新加入生成队列。"))
    return redirect("stats:report_detail", pk=run.pk)


@staff_powers
@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    run = report_run_get_for_user(user=request.user, pk=pk)
    field = {"xlsx": run.xlsx_file, "pdf": run.pdf_file}.get(fmt)
    if field is None or not field:
        raise Http404("No such file")
    content_type = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }[fmt]
    name = f"{run.kind}-{run.params_key.replace(':', '').replace(',', '-')}.{fmt}"
    name = "".join(ch for ch in name if ch.isalnum() or ch in "-_.")
    response = FileResponse(
        field.open("rb"), content_type=content_type, as_attachment=True, filename=name
    )
    response["Cache-Control"] = "private, no-store"
    return response
