"""``manage.py hant_catalogue`` (``make hant``): locale/zh_Hant from the Simplified msgids.

The msgids (Simplified Chinese, the source language) are read from locale/en/django.po —
the catalogue that makemessages keeps current — and each is converted with OpenCC
(apps.core.hant, standard s2hk) into locale/zh_Hant/LC_MESSAGES/django.po and .mo.
Deterministic (no dates in the header, entries in the English catalogue's order), so a
second run changes nothing; ``--check`` exits 1 when the checked-in files are stale.
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.hant import STANDARD, to_hant

HEADER = (
    f"Traditional Chinese, generated from the Simplified msgids by OpenCC ({STANDARD}).\n"
    "Do not edit: run `make hant`."
)


def build_catalogue(source: Path) -> polib.POFile:
    english = polib.pofile(str(source))
    po = polib.POFile(wrapwidth=0)
    po.header = HEADER
    po.metadata = {
        "Project-Id-Version": "shlawyers",
        "Language": "zh_Hant",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for entry in english:
        if entry.obsolete:
            continue
        new = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            flags=[flag for flag in entry.flags if flag.endswith("-format")],
        )
        if entry.msgid_plural:
            new.msgid_plural = entry.msgid_plural
            # One plural form in Chinese: the plural msgid's wording covers every count.
            new.msgstr_plural = {0: to_hant(entry.msgid_plural)}
        else:
            new.msgstr = to_hant(entry.msgid)
        po.append(new)
    return po


class Command(BaseCommand):
    help = "Generate locale/zh_Hant (Traditional Chinese) from the Simplified msgids with OpenCC."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="exit 1 if the checked-in catalogue is stale"
        )

    def handle(self, *args, check: bool = False, **options):
        locale = Path(settings.BASE_DIR) / "locale"
        target = locale / "zh_Hant" / "LC_MESSAGES"
        po = build_catalogue(locale / "en" / "LC_MESSAGES" / "django.po")
        text = str(po)
        po_path = target / "django.po"
        current = po_path.read_text(encoding="utf-8") if po_path.exists() else ""
        mo_path = target / "django.mo"
        if check:
            if current != text or not mo_path.exists():
                raise CommandError("locale/zh_Hant is stale: run `make hant` and commit it")
            self.stdout.write("locale/zh_Hant is current")
            return
        target.mkdir(parents=True, exist_ok=True)
        if current != text or not mo_path.exists():
            po_path.write_text(text, encoding="utf-8")
            po.save_as_mofile(str(mo_path))
            self.stdout.write(f"locale/zh_Hant: {len(po)} messages written")
        else:
            self.stdout.write(f"locale/zh_Hant: {len(po)} messages, already current")
