from functools import partial

from django.http import HttpRequest

from .selectors import site_settings_get
from .views_access import elder_mode_is_on


def site(request: HttpRequest) -> dict[str, object]:
    # elder_mode is a callable: the template asks only when it renders the header.
    return {"site_settings": site_settings_get(), "elder_mode": partial(elder_mode_is_on, request)}
