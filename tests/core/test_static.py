"""Static files: the vendored front-end and the production storage."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


def test_vendored_files_match_the_pinned_versions():
    pinned = json.loads((VENDOR / "package.json").read_text())["dependencies"]
    lock = json.loads((VENDOR / "package-lock.json").read_text())["packages"]

    for package, directory in [
        ("htmx.org", "htmx"),
        ("echarts", "echarts"),
        ("world-atlas", "world-atlas"),
    ]:
        assert lock[f"node_modules/{package}"]["version"] == pinned[package]
        assert (VENDOR / directory / "VERSION").read_text().split() == [package, pinned[package]]
        assert (VENDOR / directory / "LICENSE").exists()
    assert (VENDOR / "htmx" / "htmx.min.js").stat().st_size > 10_000
    assert (VENDOR / "echarts" / "echarts.min.js").stat().st_size > 100_000
    atlas = json.loads((VENDOR / "world-atlas" / "countries-110m.json").read_text())
    assert atlas["type"] == "Topology"
    assert "countries" in atlas["objects"]


def test_collectstatic_works_with_the_compressed_manifest_storage(tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
        hashed_htmx = static("vendor/htmx/htmx.min.js")
        hashed_css = static("css/site.css")

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    htmx = manifest["vendor/htmx/htmx.min.js"]
    assert htmx != "vendor/htmx/htmx.min.js"
    assert re.fullmatch(r"vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js", htmx)
    assert (tmp_path / htmx).exists()
    assert (tmp_path / f"{htmx}.gz").exists()
    assert hashed_htmx == f"/static/{htmx}"
    assert hashed_css == f"/static/{manifest['css/site.css']}"
    assert (tmp_path / manifest["vendor/echarts/echarts.min.js"]).exists()
