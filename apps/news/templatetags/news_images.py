"""{% responsive_image image alt sizes %} — an <img> with the renditions' srcset.

    {% load news_images %}
    {% responsive_image article.cover article.cover_alt "(min-width: 960px) 720px, 100vw" %}
    {% responsive_image topic.banner topic.title class="topic-banner" eager=True %}

    {{ article.body|body_images }}

Renders nothing without an image. Renditions are made by a Celery task after upload; the
page lists only the widths that exist (read from a cached manifest, no query) and shows
the original until the task has run (see apps/news/images.py).
"""

from __future__ import annotations

import re

from django import template
from django.db.models.fields.files import FieldFile
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..images import srcset_for, srcset_for_name
from ..sanitize import media_name_from_src

register = template.Library()

DEFAULT_SIZES = "(min-width: 1200px) 960px, 100vw"


@register.simple_tag
def responsive_image(
    image: FieldFile | None,
    alt: str = "",
    sizes: str = DEFAULT_SIZES,
    *,
    css_class: str = "",
    eager: bool = False,
    **attrs: str,
) -> str:
    src, srcset = srcset_for(image)
    if not src:
        return ""
    css_class = attrs.pop("class", css_class)
    return format_html(
        '<img src="{}"{}{} alt="{}"{} loading="{}" decoding="async">',
        src,
        format_html(' srcset="{}" sizes="{}"', srcset, sizes) if srcset else "",
        format_html(' class="{}"', css_class) if css_class else "",
        alt or "",
        mark_safe(' fetchpriority="high"') if eager else "",  # a constant attribute  # nosec B308
        "eager" if eager else "lazy",
    )


@register.simple_tag
def image_srcset(image: FieldFile | None) -> str:
    """Just the srcset string (for <source> or Open Graph use)."""
    return srcset_for(image)[1]


BODY_IMAGE_SIZES = "(min-width: 960px) 720px, 100vw"
_IMG = re.compile(r'<img\b([^>]*?)\ssrc="([^"]+)"([^>]*)>')


@register.filter
def body_images(html: str) -> SafeString:
    """Give the ``<img>`` of a sanitised body their srcset (existing widths only), lazy
    loading and async decoding. Only for HTML that passed ``html_sanitize``."""

    def rewrite(match: re.Match[str]) -> str:
        before, src, after = match.groups()
        name = media_name_from_src(src)
        extra = ' loading="lazy" decoding="async"'
        if name:
            _src, srcset = srcset_for_name(name)
            if srcset:
                extra = f' srcset="{escape(srcset)}" sizes="{BODY_IMAGE_SIZES}"' + extra
        return f'<img{before} src="{src}"{after}{extra}>'

    return mark_safe(_IMG.sub(rewrite, html or ""))  # noqa: S308 - input is sanitised HTML  # nosec B308, B703
