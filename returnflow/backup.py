"""Backup and restore of everything Returnflow keeps: the database and the media.

A backup is a folder:

- `database.dump`: `pg_dump --format=custom` run as the owner role, with ownership and grants, so
  the restored database keeps the two roles' split (README, "Database roles") and its append-only
  triggers;
- `media.tar.gz`: the public media (renditions, labels, documents) and the private evidence
  (photo originals), each under its own top folder;
- `manifest.json`: when, from which database, row counts of the tables that matter, and the SHA-256
  of every photo original as the database records it, so a restore can prove it is whole.

pg_dump and pg_restore are PostgreSQL's own tools (consistent snapshot, the dump format every
operator knows); this module only runs them with the right role and checks the result. Object
storage (MEDIA_STORAGE=s3) is backed up by the bucket's own versioning/replication, not here.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

COUNTED_TABLES = ("returns_returnrequest", "returns_returnline", "returns_returnevent", "inspection_photo",
                  "inspection_custodyrecord", "integrations_odooposting", "refunds_refund")


class BackupError(Exception):
    pass


def _pg_env(url: str) -> tuple[dict, str]:
    """(environment with the password, the database name) for PostgreSQL's tools from a URL."""
    parts = urlsplit(url)
    env = {**os.environ, "PGHOST": parts.hostname or "127.0.0.1", "PGPORT": str(parts.port or 5432),
           "PGUSER": parts.username or "", "PGPASSWORD": parts.password or ""}
    return env, parts.path.lstrip("/")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def current_owner_url() -> str:
    """The owner role (DATABASE_OWNER_URL's user) on the database this process is connected to."""
    owner = urlsplit(settings.DATABASE_OWNER_URL)
    db = connection.settings_dict
    netloc = f"{owner.username}:{owner.password or ''}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return urlunsplit(("postgres", netloc, f"/{db['NAME']}", "", ""))


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _media_roots() -> dict[str, Path]:
    from inspection.storage import private_media_root

    return {"media": Path(settings.MEDIA_ROOT), "private": private_media_root()}


def database_figures(cursor) -> dict:
    counts = {}
    for table in COUNTED_TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed table names)
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT original, sha256 FROM inspection_photo ORDER BY id")
    return {"counts": counts, "photos": {name: sha for name, sha in cursor.fetchall()}}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(target: Path, *, owner_url: str | None = None) -> dict:
    """Write a backup of the configured database and media into `target` (a new folder)."""
    owner_url = owner_url or current_owner_url()
    target.mkdir(parents=True, exist_ok=False)
    env, name = _pg_env(owner_url)
    with connection.cursor() as cursor:
        figures = database_figures(cursor)
    _run(["pg_dump", "--format=custom", "--file", str(target / "database.dump"), name], env)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        for top, root in _media_roots().items():
            if root.is_dir():
                archive.add(root, arcname=top)
    manifest = {"created_at": datetime.now(UTC).isoformat(), "database": name, **figures}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def restore(source: Path, *, database: str, media_root: Path, private_root: Path,
            owner_url: str | None = None) -> dict:
    """Restore a backup into a new database `database` and the given media folders, then check it
    against its manifest: same row counts, and every photo original present with its SHA-256."""
    import psycopg2

    owner_url = owner_url or current_owner_url()
    manifest = json.loads((source / "manifest.json").read_text())
    env, _name = _pg_env(owner_url)
    _run(["createdb", database], env)
    # As the owner, with the grants of the dump: the app role gets back exactly what it had.
    _run(["pg_restore", "--exit-on-error", "--dbname", database, str(source / "database.dump")], env)
    roots = {"media": media_root, "private": private_root}
    with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            top, _, rest = member.name.partition("/")
            if top not in roots or not rest or member.issym() or member.islnk() or ".." in Path(rest).parts:
                continue  # nothing outside the two roots, no links
            member.name = rest
            archive.extract(member, roots[top], filter="data")
    with psycopg2.connect(with_database(owner_url, database)) as restored, restored.cursor() as cursor:
        figures = database_figures(cursor)
    restored.close()
    problems = [f"{table}: {figures['counts'].get(table)} rows, the backup had {count}"
                for table, count in manifest["counts"].items() if figures["counts"].get(table) != count]
    for name, sha in manifest["photos"].items():
        path = private_root / name
        if not path.is_file():
            problems.append(f"photo original {name} is missing")
        elif sha256_of(path) != sha:
            problems.append(f"photo original {name} does not match its SHA-256")
    if problems:
        raise BackupError("The restore is not whole: " + "; ".join(problems))
    return figures
