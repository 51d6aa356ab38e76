"""Backups: the database with pg_dump (custom format) plus the public and private media as
one tar.gz, in a timestamped folder with a manifest; and the way back with pg_restore.

Used by ``manage.py backup`` / ``manage.py restore`` (and ``make backup`` / ``make
restore``). Works on the embedded pgserver database and on a real server alike: the
connection comes from settings.DATABASES, and the client tools are the newest of the
pgserver wheel's and the system's that is not older than the server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess  # pg_dump/pg_restore with argument lists, no shell  # nosec B404
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
DB_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Target:
    host: str
    port: str
    user: str
    password: str
    name: str

    @classmethod
    def from_settings(cls, db: dict[str, Any] | None = None) -> Target:
        db = db or settings.DATABASES["default"]
        return cls(
            host=str(db.get("HOST") or ""),
            port=str(db.get("PORT") or ""),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
            name=str(db["NAME"]),
        )

    def args(self) -> list[str]:
        out = []
        if self.host:
            out += ["--host", self.host]
        if self.port:
            out += ["--port", self.port]
        if self.user:
            out += ["--username", self.user]
        return out

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _major(binary: str) -> int:
    out = subprocess.run(  # noqa: S603 (argument list, our own binary)  # nosec B603
        [binary, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def _server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def client_tool(name: str, *, server_major: int | None = None) -> str:
    """pg_dump / pg_restore: the pgserver wheel's (PostgreSQL 16) or the system's, whichever
    is newest; refused when older than the server (pg_dump cannot dump a newer server)."""
    candidates = []
    try:
        import pgserver  # the embedded server's wheel bundles the client tools

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            candidates.append(str(bundled))
    except ImportError:  # pragma: no cover - pgserver is a dependency
        pass
    system = shutil.which(name)
    if system:
        candidates.append(system)
    if not candidates:
        raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    best = max(candidates, key=_major)
    if server_major is not None and _major(best) < server_major:
        raise BackupError(f"{best} is older than the PostgreSQL {server_major} server")
    return best


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def backup_create(*, directory: Path, now: dt.datetime | None = None) -> Path:
    """Write <directory>/<YYYYmmdd-HHMMSS>/ with the dump, the media archive, a manifest."""
    now = now or dt.datetime.now(dt.UTC)
    folder = Path(directory) / now.strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    target = Target.from_settings()
    pg_dump = client_tool("pg_dump", server_major=_server_major())
    result = subprocess.run(  # noqa: S603 (argument list, no shell)  # nosec B603
        [pg_dump, *target.args(), "--format=custom", "--no-owner", "--no-privileges",
         "--file", str(folder / DB_FILE), target.name],
        env=target.env(), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        for arcname, root in media_roots().items():
            if root.exists():
                archive.add(root, arcname=arcname)
    manifest = {
        "created_at": now.isoformat(),
        "database": target.name,
        "pg_dump": pg_dump,
        "files": {
            name: {"bytes": (folder / name).stat().st_size, "sha256": _sha256(folder / name)}
            for name in (DB_FILE, MEDIA_FILE)
        },
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def backup_restore(*, folder: Path, db: dict[str, Any] | None = None) -> None:
    """Restore a backup folder into the database ``db`` (default: the configured one),
    replacing what is there, and unpack the media over the media roots. The checksums in
    the manifest are checked first: a damaged backup restores nothing."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for name, meta in manifest["files"].items():
        if _sha256(folder / name) != meta["sha256"]:
            raise BackupError(f"{name} does not match its checksum: backup damaged")
    target = Target.from_settings(db)
    pg_restore = client_tool("pg_restore")
    result = subprocess.run(  # noqa: S603 (argument list, no shell)  # nosec B603
        [pg_restore, *target.args(), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", "--dbname", target.name,
         str(folder / DB_FILE)],
        env=target.env(), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    roots = media_roots()
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        for member in archive.getmembers():
            top, _, rest = member.name.partition("/")
            if top not in roots or not rest:
                continue
            member.name = rest
            # "data" filter: no absolute paths, no "..", no links out, no device files
            archive.extract(member, roots[top], filter="data")


def backup_latest(directory: Path) -> Path:
    folders = sorted(p for p in Path(directory).iterdir() if (p / MANIFEST).exists())
    if not folders:
        raise BackupError(f"no backup in {directory}")
    return folders[-1]
