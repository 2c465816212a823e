#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

Schema changes run as the database owner role (DATABASE_OWNER_URL); everything else, like the app,
as the role of DATABASE_URL, which owns no table. See README, "Database roles".
"""
import os
import sys

# Commands that change the schema, so they connect as the owner.
OWNER_COMMANDS = {"migrate"}


def use_owner_role_for(command: str | None) -> None:
    if command not in OWNER_COMMANDS or "RETURNFLOW_DATABASE_ROLE" in os.environ:
        return
    from returnflow.db_roles import can_connect, derived_owner_url

    app_url = os.environ.get("DATABASE_URL", "")
    owner_url = os.environ.get("DATABASE_OWNER_URL") or derived_owner_url(app_url)
    if owner_url != app_url and "DATABASE_OWNER_URL" not in os.environ and not can_connect(owner_url):
        # Only a derived owner may be missing (a machine set up before the two roles): say so and
        # carry on as before; an explicit DATABASE_OWNER_URL that fails is an error Django reports.
        print("Database owner role not found; migrating as the app role (run scripts/ensure-services.sh).",
              file=sys.stderr)
        return
    os.environ["RETURNFLOW_DATABASE_ROLE"] = "owner"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnflow.settings")
    use_owner_role_for(sys.argv[1] if len(sys.argv) > 1 else None)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
