from functools import partial

from django.http import HttpRequest

from .selectors import site_settings_get
from .views_access import elder_mode_is_on


def site(request: HttpRequest) -> dict[str, object]:
    # Read once per request: a page that renders parts separately (the portal home's
    # panels, each through render_to_string) runs the context processors for each part,
    # and each read is a cache round trip and an unpickling.
    site_settings = getattr(request, "_site_settings", None)
    if site_settings is None:
        site_settings = site_settings_get()
        request._site_settings = site_settings  # type: ignore[attr-defined]
    # elder_mode is a callable: the template asks only when it renders the header.
    return {"site_settings": site_settings, "elder_mode": partial(elder_mode_is_on, request)}
