"""Site-wide template helpers: language-aware paths, the navigation, the language switch.

{% load core_tags %}
<a href="{% localized_path '/news/' %}">…</a>
{% main_nav as items %}{% for item in items %}…{% endfor %}
{% language_links as languages %}
{{ firm|localized:"name" }}    name_en under /en/ when set, else name (apps.core.i18n)
{% search_result result heading_level=2 %}   one hit of the site search, as an <li>
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.paginator import Page
from django.forms import BoundField
from django.http import HttpRequest
from django.urls import NoReverseMatch, ResolverMatch, reverse, translate_url
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info, gettext, override

from apps.core import i18n, links
from apps.core.navigation import MAIN_NAV, PORTAL_NAV, NavItem

register = template.Library()


@register.filter
def localized(obj: Any, field: str = "name") -> str:
    """``{{ obj|localized:"title" }}``: see :func:`apps.core.i18n.localized`."""
    return i18n.localized(obj, field)


def _language_prefix(language: str | None = None) -> str:
    """'' for the default language (no URL prefix), '/en' for English."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


def _unprefixed(path: str) -> str:
    prefix = _language_prefix()
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        return path[len(prefix) :] or "/"
    return path


@register.simple_tag
def localized_path(path: str, language: str | None = None) -> str:
    """`path` (as in the URL contract, e.g. "/news/") in the active or given language."""
    return _language_prefix(language) + path


def _nav(context: template.Context, items: tuple[NavItem, ...]) -> list[dict[str, Any]]:
    request: HttpRequest | None = context.get("request")
    current = _unprefixed(request.path) if request is not None else ""
    result = []
    for item in items:
        if item.path == "/":
            is_current = current == "/"
        else:
            is_current = any(current.startswith(path) for path in (item.path, *item.also))
        result.append(
            {
                "key": item.key,
                "label": item.label,
                "href": localized_path(item.path),
                "current": is_current,
            }
        )
    return result


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> list[dict[str, Any]]:
    return _nav(context, MAIN_NAV)


@register.simple_tag(takes_context=True)
def portal_nav(context: template.Context) -> list[dict[str, Any]]:
    return _nav(context, PORTAL_NAV)


def _translated(full_path: str, code: str, match: ResolverMatch | None) -> str:
    """Django's ``translate_url(full_path, code)`` for the request's own path, reusing the
    match the request was resolved with instead of resolving the path again."""
    if match is None or not match.url_name:
        return translate_url(full_path, code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    parsed = urlsplit(full_path)
    with override(code):
        try:
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return full_path
    return urlunsplit(("", "", path, parsed.query, parsed.fragment))


def translated_paths(request: HttpRequest) -> dict[str, str]:
    """This page's path (query included) in every language, worked out once per request:
    the language switch and the hreflang links both need it, and resolving the path for
    each of them was a tenth of an uncached page's time (bench/README.md)."""
    memo: dict[str, str] | None = getattr(request, "_core_translated_paths", None)
    if memo is None:
        full_path = request.get_full_path()
        match = getattr(request, "resolver_match", None)
        memo = {code: _translated(full_path, code, match) for code, _name in settings.LANGUAGES}
        request._core_translated_paths = memo  # type: ignore[attr-defined]
    return memo


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, Any]]:
    """One link per language to this page in that language (its home when the page has no
    counterpart, e.g. a 404), named in its own language."""
    request: HttpRequest | None = context.get("request")
    active = get_language() or settings.LANGUAGE_CODE
    full_path = request.get_full_path() if request is not None else "/"
    paths = translated_paths(request) if request is not None else {}
    links = []
    for code, _name in settings.LANGUAGES:
        href = paths[code] if request is not None else translate_url(full_path, code)
        if (code != active and href == full_path) or not _is_local_path(href):
            # No counterpart, or a path a browser would read as another site's address
            # (``//evil.example``, ``/\\evil.example``): that language's home instead.
            href = localized_path("/", code)
        info = get_language_info(code)
        links.append(
            {"code": code, "name": info["name_local"], "href": href, "current": code == active}
        )
    return links


def _is_local_path(href: str) -> bool:
    """True for a path on this site: starts with one "/" and names no host or scheme."""
    return (
        href.startswith("/")
        and not href.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(href, allowed_hosts=None)
    )


GAP = SafeString('<li class="pagination-gap"><span aria-hidden="true">…</span></li>')


def _page_hrefs(request: HttpRequest | None) -> Any:
    """``{% querystring page=n %}`` for any n, with the query string encoded once: the
    other parameters keep their order and ``page`` its place (or goes last)."""
    if request is None:
        return lambda number: f"?page={number}"
    before: list[str] = []
    after: list[str] = []
    side = before
    for key, values in request.GET.lists():
        if key == "page":
            side = after
            continue
        side.extend(urlencode({key: value}) for value in values)
    head = "&".join(before) + "&" if before else ""
    tail = "&" + "&".join(after) if after else ""
    return lambda number: f"?{head}page={number}{tail}"


REQUIRED_MARK = SafeString('<span class="required-mark" aria-hidden="true">*</span>')


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    """One form field with its label, help text and errors: the markup of
    components/_field.html (which calls this), written in Python — a form of six fields
    through the template cost ~1 ms a render. Django links the help text and errors with
    aria-describedby and marks an invalid field aria-invalid (in ``{{ field }}``)."""
    if field.is_hidden:
        return SafeString(str(field))  # nosec B703 - the widget's own rendered HTML
    errors = field.errors
    required = REQUIRED_MARK if field.field.required else ""
    # help_text unescaped: written in our forms' code (some hold a link), never taken
    # from user input — Django's own form templates render it unescaped too.
    help_text = (
        format_html(
            '<div class="helptext" id="{}_helptext">{}</div>',
            field.auto_id,
            SafeString(field.help_text),  # nosec B703
        )
        if field.help_text
        else ""
    )
    error_list = SafeString(str(errors)) if errors else ""  # nosec B703 - Django's error list
    widget_type = field.widget_type
    if field.use_fieldset:
        described = field.aria_describedby
        body = format_html(
            "<fieldset{}>\n    <legend>{}{}</legend>\n    {}\n    {}\n    {}\n  </fieldset>",
            format_html(' aria-describedby="{}"', described) if described else "",
            field.label,
            required,
            help_text,
            error_list,
            field,
        )
    elif widget_type == "checkbox":
        body = format_html(
            '{} <label for="{}">{}</label>\n  {}\n  {}',
            field,
            field.id_for_label,
            field.label,
            help_text,
            error_list,
        )
    else:
        body = format_html(
            '<label for="{}">{}</label>{}\n  {}\n  {}\n  {}',
            field.id_for_label,
            field.label,
            required,
            help_text,
            error_list,
            field,
        )
    return format_html(
        '<div class="field field-{}{}">\n  {}\n</div>',
        widget_type,
        " field-invalid" if errors else "",
        body,
    )


@register.simple_tag
def url_with(viewname: str, value: Any) -> str:
    """``{% url_with "legalservices:firm_detail" firm.pk %}``: ``{% url %}`` with one
    argument, for rows of a list (apps.core.links: reversed once, not per row)."""
    return links.url_with(viewname, value)


@register.simple_tag(takes_context=True)
def pagination(context: template.Context, page_obj: Page | None) -> SafeString:
    """The page links of a list (components/_pagination.html), keeping the rest of the
    query string. Written in Python: the template loop, one ``{% querystring %}`` (a
    QueryDict copy) and one ``{% blocktranslate %}`` per link cost ~1 ms a list page."""
    if page_obj is None or not page_obj.has_other_pages():
        return SafeString("")
    href = _page_hrefs(context.get("request"))
    previous, following = gettext("上一页"), gettext("下一页")
    if page_obj.has_previous():
        prev = format_html(
            '<a rel="prev" href="{}">{}</a>', href(page_obj.previous_page_number()), previous
        )
    else:
        prev = format_html('<span class="pagination-disabled">{}</span>', previous)
    if page_obj.has_next():
        nxt = format_html(
            '<a rel="next" href="{}">{}</a>', href(page_obj.next_page_number()), following
        )
    else:
        nxt = format_html('<span class="pagination-disabled">{}</span>', following)
    label = gettext("第 %(number)s 页")
    items = []
    for number in elided_page_range(page_obj):
        if number == page_obj.paginator.ELLIPSIS:
            items.append(GAP)
        else:
            items.append(
                format_html(
                    '<li><a href="{}" aria-label="{}"{}>{}</a></li>',
                    href(number),
                    label % {"number": number},
                    SafeString(' aria-current="page"') if number == page_obj.number else "",
                    number,
                )
            )
    summary = gettext("第 %(number)s / %(total)s 页，共 %(count)s 条") % {
        "number": page_obj.number,
        "total": page_obj.paginator.num_pages,
        "count": page_obj.paginator.count,
    }
    return format_html(
        '<nav class="pagination" aria-label="{}">\n  <ul>\n'
        '    <li class="pagination-prev">{}</li>\n    {}\n'
        '    <li class="pagination-next">{}</li>\n  </ul>\n'
        '  <p class="pagination-summary">{}</p>\n</nav>',
        gettext("分页"),
        prev,
        SafeString("\n    ".join(items)),  # nosec B703 - each item from format_html
        nxt,
        summary,
    )


@register.simple_tag
def elided_page_range(page_obj: Page, on_each_side: int = 2, on_ends: int = 1) -> list:
    """Page numbers around the current one, with Paginator.ELLIPSIS for the gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )


@register.simple_tag(takes_context=True)
def alternate_links(context: template.Context) -> list[dict[str, str]]:
    """``<link rel="alternate" hreflang>`` targets: this page in every language (absolute
    URLs), plus x-default (the Simplified page). Empty for a page without counterparts."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    try:
        request.get_host()
    except DisallowedHost:
        return []  # the 400 page for a forged Host: no absolute links from that host
    full_path = request.get_full_path()
    paths = translated_paths(request)
    active = get_language() or settings.LANGUAGE_CODE
    links = []
    for code, _name in settings.LANGUAGES:
        href = paths[code]
        if (code != active and href == full_path) or not _is_local_path(href):
            return []  # no counterpart (e.g. a 404): no alternates rather than wrong ones
        links.append({"hreflang": code, "href": request.build_absolute_uri(href)})
    default = next(link for link in links if link["hreflang"] == settings.LANGUAGE_CODE)
    links.append({"hreflang": "x-default", "href": default["href"]})
    return links


@register.inclusion_tag("components/_share_qr.html")
def share_qr(url: str) -> dict[str, str]:
    """The page's QR code (its canonical URL), the URL spelled out, and a hint; printed too."""
    from apps.core.qr import qr_data_uri

    return {"url": url, "qr_src": qr_data_uri(url)}


@register.simple_tag
def search_result(result: Any, *, heading_level: Any = 3) -> SafeString:
    """One hit of the site search (an ``apps.core.search.SearchResult``), as an ``<li>``:
    its type, the title linked (matches in ``<mark>``), the snippet and the date.

    Written in Python rather than as an included template, like the article list items
    (apps.news.templatetags.news_tags.article_item): a results page renders 15-40 of
    these. The title and snippet are SafeStrings escaped by the provider; anything else
    is escaped here. tests/core/test_search_result_tag.py pins the markup.
    """
    level = int(heading_level or 3)
    meta = (
        format_html('<span class="search-result-meta"> · {}</span>', result.meta)
        if result.meta
        else SafeString("")
    )
    snippet = (
        format_html('<p class="search-result-snippet">{}</p>', result.snippet)
        if result.snippet
        else SafeString("")
    )
    date = SafeString("")
    if result.date:
        value = result.date
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)  # as the template's |date did
        date = format_html(
            '<p class="search-result-date"><time datetime="{}">{}</time></p>',
            value.isoformat(),
            f"{value.year:04d}-{value.month:02d}-{value.day:02d}",
        )
    return format_html(
        '<li class="search-result"><p class="search-result-type">{}{}</p>'
        '<h{} class="search-result-title"><a href="{}">{}</a></h{}>{}{}</li>',
        result.type_label,
        meta,
        level,
        result.url,
        result.title,
        level,
        snippet,
        date,
    )
