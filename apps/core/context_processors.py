from django.http import HttpRequest

from .selectors import site_settings_get


def site(request: HttpRequest) -> dict[str, object]:
    return {"site_settings": site_settings_get()}
