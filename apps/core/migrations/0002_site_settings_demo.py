"""The one SiteSettings row, with demonstration values staff replace in the admin.

The filing numbers, address and phone are placeholders, not any real organisation's.
An existing row keeps whatever it already has; only empty fields are filled.
"""

from django.db import migrations

DEMO = {
    "site_name": "上海市律师协会",
    "site_name_en": "Shanghai Bar Association",
    "copyright_holder": "上海市律师协会",
    "icp_number": "沪ICP备00000000号-1",
    "public_security_number": "沪公网安备 31010402000000号",
    "address": "上海市黄浦区示例路100号",
    "phone": "021-00000000",
    "email": "info@lawyers.example.cn",
}

LINKS = [
    ("中华全国律师协会", "All China Lawyers Association", "https://www.acla.org.cn/"),
    ("中华人民共和国司法部", "Ministry of Justice of the PRC", "https://www.moj.gov.cn/"),
    ("上海市司法局", "Shanghai Municipal Bureau of Justice", "https://sfj.sh.gov.cn/"),
]


def create_site_settings(apps, schema_editor):
    SiteSettings = apps.get_model("core", "SiteSettings")
    FooterLink = apps.get_model("core", "FooterLink")
    site, _ = SiteSettings.objects.get_or_create(pk=1)
    for field, value in DEMO.items():
        if not getattr(site, field):
            setattr(site, field, value)
    site.save()
    if not FooterLink.objects.filter(site=site).exists():
        for order, (title, title_en, url) in enumerate(LINKS, start=1):
            FooterLink.objects.create(
                site=site, title=title, title_en=title_en, url=url, order=order * 10
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_site_settings, migrations.RunPython.noop)]
