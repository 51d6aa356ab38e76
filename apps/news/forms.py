"""Forms for the public side of news that NEWS-A owns: member contributions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import linebreaks
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .validators import ALLOWED_EXTENSIONS, MAX_ATTACHMENT_BYTES, validate_attachment

BODY_MAX_CHARS = 20_000


class ContributionForm(forms.Form):
    """A lawyer's contribution. The body is plain text; paragraphs are kept."""

    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文"),
        max_length=BODY_MAX_CHARS,
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("请直接输入或粘贴文字，空行分段。"),
    )
    attachment = forms.FileField(
        label=_("附件（可选）"),
        required=False,
        validators=[validate_attachment],
        # format_lazy: translated per request, not once at import time.
        help_text=format_lazy(
            _("PDF、Word、Excel 或 PowerPoint 文件，不超过 {mb} MB。"),
            mb=MAX_ATTACHMENT_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    # Rendered once per form: the same token posted twice files one contribution.
    submit_token = forms.UUIDField(widget=forms.HiddenInput)

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("请填写标题。"))
        return title

    def body_html(self) -> str:
        """The text as escaped paragraphs (sanitised again by the service)."""
        return linebreaks(self.cleaned_data["body"].strip(), autoescape=True)

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "title": self.cleaned_data["title"],
            "body": self.body_html(),
            "attachment": self.cleaned_data.get("attachment") or None,
            "submit_token": self.cleaned_data["submit_token"],
        }
