"""The respondent's portal pages: complaints to answer, the allegations, the defence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.exceptions import DomainError

from .forms import DefenceForm
from .models import AttachmentKind, Decision, Defence, State
from .selectors import complaint_get_for_user, complaint_list_for_respondent, complaint_may_answer
from .services import complaint_defence_submit

# What the respondent may open: the evidence against them and their own defence files —
# never the power of attorney (it identifies the complainant's family) or supplements.
RESPONDENT_FILE_KINDS = (AttachmentKind.EVIDENCE, AttachmentKind.DEFENCE)


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("会员门户"), "/portal/"), (_("投诉答辩"), reverse("complaints_portal:list")), *extra]


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    complaints = list(complaint_list_for_respondent(user=request.user)[:200])
    return render(
        request,
        "complaints/portal/list.html",
        {"complaints": complaints, "breadcrumbs": [*_crumbs()[:-1], (_("投诉答辩"), "")]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, pk=pk)
    may_answer = complaint_may_answer(complaint=complaint, user=request.user)
    defence = Defence.objects.filter(
        complaint=complaint, review_round=complaint.review_round
    ).first()
    form = DefenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                complaint_defence_submit(
                    complaint=complaint,
                    user=request.user,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("答辩已提交。"))
                return redirect("complaints_portal:detail", pk=pk)
        status = 400
    open_for_answer = complaint.state == State.DEFENCE and (
        complaint.defence_due_on is None or complaint.defence_due_on >= timezone.localdate()
    )
    decision = (
        Decision.objects.current().filter(complaint=complaint).first()
        if complaint.state in (State.DECIDED, State.CLOSED)
        else None
    )
    files = list(
        complaint.attachments.filter(kind__in=RESPONDENT_FILE_KINDS).order_by("uploaded_at", "id")
    )
    return render(
        request,
        "complaints/portal/detail.html",
        {
            "complaint": complaint,
            "defence": defence,
            "decision": decision,
            "form": form,
            "files": files,
            "may_answer": may_answer and open_for_answer and defence is None,
            "too_late": complaint.state == State.DEFENCE
            and not open_for_answer
            and defence is None,
            "breadcrumbs": _crumbs((complaint.reference, "")),
        },
        status=status,
    )


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    complaint = complaint_get_for_user(user=request.user, pk=pk)
    attachment = get_object_or_404(
        complaint.attachments.filter(kind__in=RESPONDENT_FILE_KINDS), pk=attachment_pk
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
