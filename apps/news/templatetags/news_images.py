"""{% responsive_image image alt sizes %} — an <img> with the renditions' srcset.

    {% load news_images %}
    {% responsive_image article.cover article.cover_alt "(min-width: 960px) 720px, 100vw" %}
    {% responsive_image topic.banner topic.title class="topic-banner" eager=True %}

Renders nothing without an image. Renditions are generated on first use and cached
(see apps/news/images.py), so a list of covers costs no queries.
"""

from __future__ import annotations

from django import template
from django.db.models.fields.files import FieldFile
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..images import srcset_for

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
        mark_safe(' fetchpriority="high"') if eager else "",
        "eager" if eager else "lazy",
    )


@register.simple_tag
def image_srcset(image: FieldFile | None) -> str:
    """Just the srcset string (for <source> or Open Graph use)."""
    return srcset_for(image)[1]
