"""The one helper that turns a notification key + context into an e-mail and an inbox title.

Templates live in templates/emails/: ``<key>_subject.txt`` and ``<key>.txt`` are required,
``<key>.html`` is optional (usually ``{% extends "emails/_base.html" %}``). Plain-text
templates are rendered with autoescaping off, so their authors need no
``{% autoescape off %}``; the HTML one is escaped as usual. An HTML template may extend
``emails/_base.html`` (blocks: title, content, action, footer) or be a bare fragment,
which is then placed inside that layout automatically.

Every template sees the caller's context plus (these names win over the caller's):
``recipient`` (the User), ``url`` (absolute, or ""), ``site_name``, ``site_url``, and
``inbox`` — True when the text is shown in the web inbox rather than mailed, so a template
can leave out e-mail-only lines (greeting, "do not reply", the bare link).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

if TYPE_CHECKING:
    from apps.accounts.models import User

    from .models import Notification


BASE_TEMPLATE = "emails/_base.html"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None


def template_names(key: str) -> tuple[str, str, str]:
    return (f"emails/{key}_subject.txt", f"emails/{key}.txt", f"emails/{key}.html")


def templates_check(key: str) -> None:
    """Raise TemplateDoesNotExist now, in the caller's request, rather than later in a worker."""
    subject, text, _html = template_names(key)
    get_template(subject)
    get_template(text)


def recipient_language(recipient: User) -> str:
    """The language a user's e-mails are written in: their ``language`` preference (set on
    the inbox page, first taken from the language they signed up in), else the default."""
    return getattr(recipient, "language", "") or settings.LANGUAGE_CODE


def absolute_url(url: str) -> str:
    if url.startswith("/"):
        return settings.SITE_URL.rstrip("/") + url
    return url


def _site_name() -> str:
    from apps.core.selectors import site_settings_get

    site = site_settings_get()
    if translation.get_language().startswith("en") and site.site_name_en:
        return site.site_name_en
    return site.site_name


def _context(
    *, recipient: User, context: Mapping[str, Any], url: str, inbox: bool = False
) -> dict[str, Any]:
    return {
        **context,
        "inbox": inbox,
        "recipient": recipient,
        "url": absolute_url(url),
        "site_name": _site_name(),
        "site_url": settings.SITE_URL,
    }


def _render_plain(name: str, context: dict[str, Any]) -> str:
    return get_template(name).template.render(Context(context, autoescape=False))


def _one_line(text: str) -> str:
    # A header cannot contain newlines; templates often end with one.
    return " ".join(text.split())


def email_render(
    *,
    key: str,
    context: Mapping[str, Any],
    recipient: User,
    url: str = "",
    language: str | None = None,
) -> RenderedEmail:
    """Render the subject, text and (if present) HTML of one e-mail in the recipient's language."""
    subject_name, text_name, html_name = template_names(key)
    with translation.override(language or recipient_language(recipient)):
        ctx = _context(recipient=recipient, context=context, url=url)
        subject = _one_line(_render_plain(subject_name, ctx))
        text = _render_plain(text_name, ctx).strip() + "\n"
        ctx["subject"] = subject
        try:
            html: str | None = render_to_string(html_name, ctx)
        except TemplateDoesNotExist:
            html = None
        if html is not None and "<html" not in html[:500].lower():
            # A fragment: give it the common layout (header, footer) around it.
            html = render_to_string(BASE_TEMPLATE, {**ctx, "content": mark_safe(html)})  # noqa: S308 - rendered by our own template  # nosec B308, B703
    return RenderedEmail(subject=subject, text=text, html=html)


def notification_title(notification: Notification) -> str:
    """The inbox title: the e-mail subject, in the language of the page being shown."""
    try:
        ctx = _context(
            recipient=notification.recipient,
            context=notification.context,
            url=notification.url,
            inbox=True,
        )
        return _one_line(_render_plain(template_names(notification.key)[0], ctx))
    except TemplateDoesNotExist:
        return notification.key


def notification_body(notification: Notification) -> str:
    """The inbox text: the plain-text e-mail body, in the language of the page being shown."""
    try:
        ctx = _context(
            recipient=notification.recipient,
            context=notification.context,
            url=notification.url,
            inbox=True,
        )
        return _render_plain(template_names(notification.key)[1], ctx).strip()
    except TemplateDoesNotExist:
        return ""
