"""An English address for the footer of /en/ pages (the demo address gets its English)."""

from django.db import migrations, models

DEMO_ADDRESS = "上海市黄浦区示例路100号"
DEMO_ADDRESS_EN = "100 Shili Road, Huangpu District, Shanghai"


def fill_demo_address_en(apps, schema_editor):
    SiteSettings = apps.get_model("core", "SiteSettings")
    SiteSettings.objects.filter(address=DEMO_ADDRESS, address_en="").update(
        address_en=DEMO_ADDRESS_EN
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_site_settings_demo"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="address_en",
            field=models.CharField(
                blank=True,
                help_text="英文页面的页脚显示它；留空则显示中文地址。",
                max_length=300,
                verbose_name="地址（英文）",
            ),
        ),
        migrations.RunPython(fill_demo_address_en, migrations.RunPython.noop),
    ]
