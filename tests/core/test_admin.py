from __future__ import annotations

from django.urls import reverse

from apps.core.models import SiteSettings


def test_site_settings_row_exists_after_migrations(db):
    site = SiteSettings.objects.get()

    assert site.pk == 1
    assert site.icp_number
    assert site.links.count() == 3


def test_changelist_goes_straight_to_the_one_row(admin_client):
    response = admin_client.get(reverse("admin:core_sitesettings_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_sitesettings_change", args=[1])


def test_change_page_shows_the_footer_links_inline(admin_client):
    response = admin_client.get(reverse("admin:core_sitesettings_change", args=[1]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "https://www.acla.org.cn/" in html
    assert "沪ICP备00000000号-1" in html


def test_a_second_row_cannot_be_added(admin_client):
    assert admin_client.get(reverse("admin:core_sitesettings_add")).status_code == 403


def test_site_settings_cannot_be_deleted(admin_client):
    response = admin_client.get(reverse("admin:core_sitesettings_delete", args=[1]))

    assert response.status_code == 403
    assert SiteSettings.objects.exists()


def test_first_row_can_be_added_when_none_exists(admin_client):
    SiteSettings.objects.all().delete()

    assert admin_client.get(reverse("admin:core_sitesettings_add")).status_code == 200


def test_staff_without_permission_cannot_edit_site_settings(client, db):
    from tests.accounts.factories import UserFactory

    staff = UserFactory(email="clerk@example.cn", is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("admin:core_sitesettings_change", args=[1]))

    assert response.status_code == 403
