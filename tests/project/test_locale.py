"""Every message has its English, and the committed .mo matches the .po."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.fixture(scope="module")
def english_po() -> polib.POFile:
    return polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))


def test_every_message_has_an_english_translation(english_po):
    untranslated = [entry.msgid for entry in english_po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in english_po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_source(english_po):
    with (LOCALE / "en" / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for entry in english_po.translated_entries():
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            got = compiled._catalog.get((msgid, 0))
            want = entry.msgstr_plural[0]
        else:
            got = compiled._catalog.get(msgid)
            want = entry.msgstr
        if got != want:
            stale.append(entry.msgid)
    assert stale == [], "run `make messages` to recompile locale/en"
