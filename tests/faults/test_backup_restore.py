"""`manage.py backup` then `manage.py restore` into a fresh database finds the data and the
files again; a damaged backup restores nothing; restore asks for --yes."""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from apps.core.backups import MANIFEST, backup_restore
from tests.members.factories import LawFirmFactory, LawyerFactory
from tests.news.factories import ContributionFactory, pdf_file

# pg_dump reads committed rows only: these tests commit (and are flushed afterwards).
committed = pytest.mark.django_db(transaction=True)


def _conninfo(name: str) -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname=name,
    )


@pytest.fixture
def fresh_database():
    """An empty database of its own, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield {**settings.DATABASES["default"], "NAME": name}
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


@committed
def test_a_backup_restores_into_a_fresh_database_with_its_files(media, fresh_database):
    firm = LawFirmFactory(name="上海备份测试律师事务所")
    lawyer = LawyerFactory(firm=firm, name="欧阳备份")
    contribution = ContributionFactory(attachment=pdf_file("心得.pdf"))
    private_file = media / "private" / contribution.attachment.name
    assert private_file.exists()

    call_command("backup", dir=media / "backups")
    (folder,) = (media / "backups").iterdir()
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["files"]["database.dump"]["bytes"] > 0

    private_file.unlink()  # the disk is lost …
    backup_restore(folder=folder, db=fresh_database)  # … and everything comes back

    assert private_file.exists()
    with psycopg.connect(_conninfo(fresh_database["NAME"])) as restored:
        names = restored.execute(
            "SELECT l.name, f.name FROM members_lawyer l JOIN members_lawfirm f ON f.id = l.firm_id"
            " WHERE l.id = %s",
            [lawyer.pk],
        ).fetchall()
        migrations = restored.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
    assert names == [("欧阳备份", "上海备份测试律师事务所")]
    assert migrations > 0


@committed
def test_a_damaged_backup_restores_nothing(media, fresh_database):
    LawyerFactory(name="欧阳备份")
    call_command("backup", dir=media / "backups")
    (folder,) = (media / "backups").iterdir()
    with (folder / "database.dump").open("ab") as dump:
        dump.write(b"garbage")
    with pytest.raises(Exception, match="checksum"):
        backup_restore(folder=folder, db=fresh_database)
    with psycopg.connect(_conninfo(fresh_database["NAME"])) as restored:
        tables = restored.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    assert tables == 0


def test_restore_asks_for_confirmation(media):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(media))
