"""Create the Returns, Refurbish, Vendor returns and Quarantine locations that are missing."""
from django.core.management.base import BaseCommand, CommandError

from integrations.gateway import odoo_client, odoo_config
from integrations.odoo import OdooError
from integrations.targets import LOCATION_ROLES, create_missing_locations, discover, location_name


class Command(BaseCommand):
    help = "Show, then create, the Odoo locations Returnflow needs under the warehouse (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Do it without asking.")
        parser.add_argument("--dry-run", action="store_true", help="Only show what would be created.")

    def handle(self, *args, yes=False, dry_run=False, **options):
        if not odoo_config().is_configured:
            raise CommandError("Odoo is not configured: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY.")
        client = odoo_client()
        try:
            found = discover(client)
            if not found.warehouse_id:
                raise CommandError(found.problems[0][0])
            missing = [role for role in LOCATION_ROLES if not found.locations.get(role)]
            if not missing:
                self.stdout.write(self.style.SUCCESS("Nothing to do: every location exists."))
                return
            self.stdout.write("Will create, as internal locations under "
                              f"{found.warehouse_name} (view location {found.view_location_id}):")
            for role in missing:
                self.stdout.write(f"  + {found.warehouse_name}/{location_name(role)}  ({LOCATION_ROLES[role][1]})")
            if dry_run:
                return
            if not yes and input("Proceed? [y/N] ").strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing created.")
            for name, new_id in create_missing_locations(client, found):
                self.stdout.write(self.style.SUCCESS(f"Created {name} (id {new_id})"))
        except OdooError as exc:
            raise CommandError(f"{type(exc).__name__}: {exc.message}") from None
