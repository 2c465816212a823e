"""The two PostgreSQL roles: the app's, which reads and writes rows, and the owner's, which changes the schema.

The web processes and Celery workers connect as the role of DATABASE_URL. It owns no table, so it cannot
ALTER, TRUNCATE or DISABLE TRIGGER, and it has no UPDATE or DELETE on the append-only history (audit and
custody). Migrations run as the role of DATABASE_OWNER_URL, which owns the tables and grants the app what
it needs (`grant_app_privileges`, called by the migrations that make tables append-only).

No Django imports at module level: settings.py uses this before Django is set up.
"""
from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

OWNER_SUFFIX = "_owner"
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
# Tables whose history the app may only add to; the owner's grants leave out UPDATE and DELETE on them.
APPEND_ONLY_TRIGGER_PATTERN = "%\\_append\\_only%"


def derived_owner_url(app_url: str) -> str:
    """DATABASE_URL with the user `<user>_owner` (same host, database and password).

    A convenience for development and CI, where `scripts/ensure-services.sh` creates both roles;
    production sets DATABASE_OWNER_URL explicitly. SQLite has no roles: the URL is returned unchanged.
    """
    parts = urlsplit(app_url)
    if not parts.scheme.startswith("postgres") or not parts.username:
        return app_url
    user = quote(unquote(parts.username) + OWNER_SUFFIX, safe="")
    password = f":{parts.password}" if parts.password is not None else ""
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{user}{password}@{host}{port}"))


def can_connect(url: str) -> bool:
    """Whether a PostgreSQL role can log in (used to fall back while the owner role does not exist yet)."""
    import psycopg2

    parts = urlsplit(url)
    try:
        psycopg2.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                         user=unquote(parts.username or ""), password=unquote(parts.password or ""),
                         dbname="postgres", connect_timeout=5).close()
    except psycopg2.OperationalError:
        return False
    return True


def grant_app_privileges(schema_editor, app_user: str) -> None:
    """Give the app role rows but not the schema: run as the owner, inside a migration (idempotent).

    Every table and sequence there is now, and (default privileges) every one the owner makes later.
    Then UPDATE, DELETE and TRUNCATE are taken back on each table with an append-only trigger, so that
    history is protected by privileges first and by the triggers second.
    """
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or not app_user:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s)", [app_user])
        owner, app_exists = cursor.fetchone()
        if owner == app_user or not app_exists:
            return  # one role for everything (a development fallback): nothing to grant
        app = connection.ops.quote_name(app_user)
        owner_q = connection.ops.quote_name(owner)
        for statement in (
            f"GRANT {APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {app}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA public GRANT {APP_TABLE_PRIVILEGES} "
            f"ON TABLES TO {app}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
            # Which migrations ran is the owner's business: the app may read it (runserver's check), not write it.
            f"REVOKE INSERT, UPDATE, DELETE ON django_migrations FROM {app}",
        ):
            cursor.execute(statement)
        cursor.execute("SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s",
                       [APPEND_ONLY_TRIGGER_PATTERN])
        for (table,) in cursor.fetchall():
            cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {app}")
