from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import redis
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from apps.core.figures import KEY_FIGURES_TTL
from tests.members.factories import LawFirmFactory, LawyerFactory, MembershipFactory

REDIS_LOCATION = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_available() -> bool:
    try:
        redis.Redis.from_url(REDIS_LOCATION, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False
    return True


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-core-healthz-{os.getpid()}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


# --- healthz ---------------------------------------------------------------------------


def test_healthz_reports_the_database_as_json(client, db, settings):
    settings.REDIS_URL = ""  # no Redis configured: only the database is checked
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_checks_redis_when_one_is_configured(client, db):
    if not _redis_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI and is not reachable at {REDIS_LOCATION}")
        pytest.skip(f"no Redis at {REDIS_LOCATION}")
    with override_settings(REDIS_URL=REDIS_LOCATION, CACHES=_redis_cache(REDIS_LOCATION)):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_healthz_is_503_with_the_error_when_redis_is_down(client, db):
    dead = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with override_settings(REDIS_URL=dead, CACHES=_redis_cache(dead)):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("error: ")


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


# --- robots.txt ------------------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ("/admin/", "/portal/", "/accounts/", "/en/admin/", "/en/portal/"):
        assert f"Disallow: {path}" in lines


# --- home ------------------------------------------------------------------------------


def _member_firm():
    firm = LawFirmFactory()
    MembershipFactory(firm=firm, lawyer=None)
    return firm


def _member_lawyer(firm):
    lawyer = LawyerFactory(firm=firm)
    MembershipFactory(lawyer=lawyer)
    return lawyer


def _figure_values(html: str) -> dict[str, str]:
    """{figure key: machine value} from the <data value> of each figure."""
    return dict(
        re.findall(r'class="figure figure-([\w-]+)">.*?<data value="([\d.]+)">', html, re.S)
    )


def test_home_shows_member_figures_computed_from_the_register(client, member_figures):
    firm, other_firm = _member_firm(), _member_firm()
    for _ in range(3):
        _member_lawyer(firm)
    _member_lawyer(other_firm)
    LawyerFactory(firm=firm)  # no membership: not an individual member
    LawFirmFactory()  # no group membership: not a member firm

    response = client.get("/")

    assert response.status_code == 200
    assert _figure_values(response.content.decode()) == {
        "memberslawyers": "4",
        "membersfirms": "2",
    }
    assert "个人会员" in response.content.decode()
    assert "团体会员" in response.content.decode()


def test_home_figures_say_when_they_were_computed(client, member_figures):
    before = timezone.now().replace(microsecond=0)

    html = client.get("/").content.decode()

    stamps = re.findall(r'截至 <time datetime="([^"]+)">', html)
    assert len(stamps) == 2
    as_of = dt.datetime.fromisoformat(stamps[0])
    assert before <= as_of <= timezone.now()


def test_home_figures_are_cached_then_recomputed(client, member_figures, settings):
    firm = _member_firm()
    _member_lawyer(firm)
    assert _figure_values(client.get("/").content.decode())["memberslawyers"] == "1"

    _member_lawyer(firm)
    # Within the TTL the page shows the cached value, with its "as of" time.
    assert _figure_values(client.get("/").content.decode())["memberslawyers"] == "1"

    from apps.core.figures import key_figures_invalidate

    key_figures_invalidate()
    assert _figure_values(client.get("/").content.decode())["memberslawyers"] == "2"
    assert KEY_FIGURES_TTL <= 15 * 60  # never stale for long


def test_home_has_no_figures_section_when_nothing_is_registered(client, db, figure_registry):
    response = client.get("/")

    assert response.status_code == 200
    assert "home-figures" not in response.content.decode()


def test_home_quick_links_lead_to_the_five_parts(client, db):
    html = client.get("/").content.decode()

    cards = re.findall(r'class="service-card [\w-]+" href="([^"]+)"', html)
    assert cards == ["/news/", "/party/", "/legal-help/", "/complaints/new/", "/portal/"]


def test_home_query_count_does_not_grow_with_members(
    client, member_figures, django_assert_max_num_queries
):
    firm = _member_firm()
    _member_lawyer(firm)
    with django_assert_max_num_queries(12):
        client.get("/")

    for _ in range(5):
        _member_lawyer(_member_firm())
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(12):
        client.get("/")
    # Warm: everything cached, only what the request itself needs.
    with django_assert_max_num_queries(4):
        client.get("/")


def test_home_for_a_signed_in_member_shows_logout_and_notifications(client, db):
    from tests.accounts.factories import UserFactory

    user = UserFactory(email="member@example.cn", verified=True)
    client.force_login(user)

    html = client.get("/").content.decode()

    assert f'action="{reverse("account_logout")}"' in html
    assert 'href="/notifications/"' in html
    assert reverse("account_login") not in html


# --- languages -------------------------------------------------------------------------


def test_english_home_has_english_navigation(client, db):
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Shanghai Bar Association" in html
    nav = html.split('id="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/en/news/"' in nav
    assert 'href="/en/portal/"' in nav
    assert ">News<" in nav
    assert "新闻资讯" not in nav


def test_language_switch_links_to_the_same_page_in_the_other_language(client, db):
    zh = client.get("/").content.decode()
    en = client.get("/en/").content.decode()

    assert re.search(r'<a href="/en/" lang="en" hreflang="en">English</a>', zh)
    assert re.search(r'<a href="/" lang="zh-hans" hreflang="zh-hans">简体中文</a>', en)


def test_language_switch_keeps_the_query_string(client, db):
    html = client.get("/?from=test").content.decode()

    assert 'href="/en/?from=test"' in html


@pytest.mark.parametrize(
    ("prefix", "language", "home_label", "not_found_title"),
    [("", "zh-hans", "首页", "页面不存在"), ("/en", "en", "Home", "Page not found")],
)
def test_locale_smoke(client, db, prefix, language, home_label, not_found_title):
    home = client.get(f"{prefix}/")
    missing = client.get(f"{prefix}/no-such-page/")

    assert home.status_code == 200
    assert f'<html lang="{language}">' in home.content.decode()
    assert home_label in home.content.decode()
    assert missing.status_code == 404
    assert f'<html lang="{language}">' in missing.content.decode()
    assert not_found_title in missing.content.decode()


# --- footer and site settings ----------------------------------------------------------


def test_footer_shows_the_site_settings(client, db):
    html = client.get("/").content.decode()
    footer = html.split('class="site-footer"', 1)[1]

    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">沪ICP备00000000号-1</a>' in footer
    assert "beian.mps.gov.cn/#/query/webSearch?code=31010402000000" in footer
    assert "沪公网安备 31010402000000号" in footer
    assert "021-00000000" in footer
    assert "info@lawyers.example.cn" in footer
    assert 'href="https://www.acla.org.cn/"' in footer
    assert f"© {timezone.localdate().year} 上海市律师协会 版权所有" in footer


def test_footer_is_english_under_en(client, db):
    footer = client.get("/en/").content.decode().split('class="site-footer"', 1)[1]

    assert "All China Lawyers Association" in footer
    assert f"© {timezone.localdate().year} Shanghai Bar Association" in footer


def _settings_form(site, **changes) -> dict:
    links = list(site.links.all())
    data = {
        "site_name": site.site_name,
        "site_name_en": site.site_name_en,
        "copyright_holder": site.copyright_holder,
        "icp_number": site.icp_number,
        "public_security_number": site.public_security_number,
        "address": site.address,
        "phone": site.phone,
        "email": site.email,
        "links-TOTAL_FORMS": str(len(links)),
        "links-INITIAL_FORMS": str(len(links)),
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    for i, link in enumerate(links):
        data.update(
            {
                f"links-{i}-id": str(link.pk),
                f"links-{i}-site": str(site.pk),
                f"links-{i}-title": link.title,
                f"links-{i}-title_en": link.title_en,
                f"links-{i}-url": link.url,
                f"links-{i}-order": str(link.order),
            }
        )
    data.update(changes)
    return data


def test_footer_shows_settings_edited_in_admin_at_once(admin_client, client):
    from apps.core.models import SiteSettings

    client.get("/")  # fills the cache
    site = SiteSettings.objects.get()
    acla = site.links.get(url="https://www.acla.org.cn/")
    index = list(site.links.all()).index(acla)

    response = admin_client.post(
        reverse("admin:core_sitesettings_change", args=[site.pk]),
        _settings_form(site, phone="021-87654321", **{f"links-{index}-DELETE": "on"}),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    footer = client.get("/").content.decode().split('class="site-footer"', 1)[1]
    assert "021-87654321" in footer
    assert "021-00000000" not in footer
    assert "acla.org.cn" not in footer


def test_invalid_site_settings_are_refused_with_a_message(admin_client, db):
    from apps.core.models import SiteSettings

    site = SiteSettings.objects.get()
    response = admin_client.post(
        reverse("admin:core_sitesettings_change", args=[site.pk]),
        _settings_form(site, email="not-an-address"),
    )

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    site.refresh_from_db()
    assert site.email == "info@lawyers.example.cn"


# --- error pages -----------------------------------------------------------------------


def test_404_page_is_in_the_site_look(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html


def test_403_page_offers_login_to_anonymous_visitors(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/portal/secret/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html
    assert "/accounts/login/?next=/portal/secret/" in html


def test_400_page_is_in_the_site_look(rf, db):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import SuspiciousOperation
    from django.views.defaults import bad_request

    request = rf.get("/")
    request.user = AnonymousUser()
    response = bad_request(request, SuspiciousOperation())

    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_500_page_renders_without_request_or_database(rf):
    from django.views.defaults import server_error

    # No `db` fixture: the page must not touch the database or need context processors.
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html
    assert "/static/css/site.css" in html
