"""Create the "Returns area" view location outside the warehouse and the Returns, Refurbish,
Vendor returns and Quarantine locations under it; move old ones out of the warehouse."""
from django.core.management.base import BaseCommand, CommandError

from integrations.gateway import odoo_client, odoo_config
from integrations.odoo import OdooError
from integrations.targets import (
    LOCATION_ROLES,
    area_name,
    create_missing_locations,
    discover,
    location_name,
    move_misplaced_locations,
)


class Command(BaseCommand):
    help = ("Show, then create, the Odoo locations Returnflow needs outside the warehouse (so Odoo never "
            "counts returned units as sellable), and move existing ones there (idempotent). "
            "Needs Inventory / Administrator.")

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Do it without asking.")
        parser.add_argument("--dry-run", action="store_true", help="Only show what would be done.")

    def handle(self, *args, yes=False, dry_run=False, **options):
        if not odoo_config().is_configured:
            raise CommandError("Odoo is not configured: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY.")
        client = odoo_client()
        try:
            found = discover(client)
            if not found.warehouse_id:
                raise CommandError(found.problems[0][0])
            missing = [role for role in LOCATION_ROLES if not found.locations.get(role)]
            if not missing and not found.misplaced and found.returns_area_id:
                self.stdout.write(self.style.SUCCESS("Nothing to do: every location exists, outside the warehouse."))
                return
            self._show_plan(found, missing)
            if dry_run:
                return
            if not yes and input("Proceed? [y/N] ").strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing changed.")
            for name, new_id in create_missing_locations(client, found):
                self.stdout.write(self.style.SUCCESS(f"Created {name} (id {new_id})"))
            for name, loc_id in move_misplaced_locations(client, found):
                self.stdout.write(self.style.SUCCESS(f"Moved location {loc_id} to {name}"))
        except OdooError as exc:
            hint = (" The Odoo user needs Inventory / Administrator to create locations."
                    if type(exc).__name__ == "OdooAccessError" else "")
            raise CommandError(f"{type(exc).__name__}: {exc.message}{hint}") from None

    def _show_plan(self, found, missing):
        area = area_name()
        if not found.returns_area_id:
            self.stdout.write(f"Will create the view location '{area}' outside {found.warehouse_name} (under "
                              "Physical Locations): Odoo does not count what is there as on hand or sellable.")
        if missing:
            self.stdout.write(f"Will create, as internal locations under '{area}':")
            for role in missing:
                self.stdout.write(f"  + {area}/{location_name(role)}  ({LOCATION_ROLES[role][1]})")
        if found.misplaced:
            self.stdout.write(f"Will move out of {found.warehouse_name} (parent only; stock and value stay):")
            for role, loc_id in sorted(found.misplaced.items()):
                self.stdout.write(f"  → {found.warehouse_name}/{location_name(role)} (id {loc_id}) → "
                                  f"{area}/{location_name(role)}")
