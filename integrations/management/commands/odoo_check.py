"""Connect to Odoo and verify that everything the postings need is there; exit 1 if not."""
from django.core.management.base import BaseCommand, CommandError

from integrations.gateway import odoo_client, odoo_config
from integrations.odoo import OdooError
from integrations.readiness import (
    can_run_setup,
    email_problem,
    missing_models,
    protocol_warning,
    rights_problems,
)
from integrations.targets import REQUIRED_MODELS, area_name, discover


class Command(BaseCommand):
    help = ("Check the Odoo connection, credentials, the user's rights and e-mail, models, locations "
            "(outside the warehouse), operation types and journal.")

    def handle(self, *args, **options):
        try:
            config = odoo_config()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not config.is_configured:
            raise CommandError("Odoo is not configured: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_API_KEY "
                               "(see README, 'Connecting to Odoo'). Postings wait in the outbox meanwhile.")
        client = odoo_client()
        ok = self.style.SUCCESS("ok")
        try:
            info = client.version()
            self.stdout.write(f"Server      {config.url} — Odoo {info.get('server_version') or info.get('version')} "
                              f"over {config.protocol}: {ok}")
            uid = client.authenticate()
            self.stdout.write(f"Login       {config.user or '(API key)'} on database {config.db or '(default)'} "
                              f"→ uid {uid}: {ok}")
            warning = protocol_warning(client.server_major, config.protocol)
            if warning:
                self.stdout.write(self.style.WARNING(f"Protocol    ⚠ {warning}"))
            login = config.user or f"uid {uid}"
            problems = rights_problems(client, login)
            mail = email_problem(client, uid, login)
            problems += [mail] if mail else []
            setup_ok = can_run_setup(client)
            self.stdout.write(f"Rights      {'ok' if not problems else 'missing (see below)'}; odoo_setup "
                              f"{'allowed' if setup_ok else 'needs Inventory / Administrator (not needed to run)'}")
            absent = missing_models(client, REQUIRED_MODELS)
            found = discover(client)
        except OdooError as exc:
            raise CommandError(f"{type(exc).__name__}: {exc.message}") from None
        problems += found.problems
        for model in absent:
            problems.append((f"Model {model} is missing.",
                             "Install the Sales, Inventory and Invoicing apps in Odoo."))
        self.stdout.write(f"Models      {len(REQUIRED_MODELS) - len(absent)}/{len(REQUIRED_MODELS)} present")
        if found.warehouse_id:
            self.stdout.write(f"Warehouse   {found.warehouse_name} (id {found.warehouse_id}); "
                              f"receipts type {found.receipt_type_id}, "
                              f"internal type {found.internal_type_id}")
            self.stdout.write(f"Locations   customers {found.customer_location_id}, stock {found.stock_location_id}, "
                              f"scrap {found.scrap_location_id}; under '{area_name()}' "
                              f"{found.returns_area_id or 'MISSING'} (outside the warehouse): " +
                              ", ".join(f"{role} {loc_id or 'MISSING'}"
                                        + (" (INSIDE THE WAREHOUSE)" if role in found.misplaced else "")
                                        for role, loc_id in found.locations.items()))
            self.stdout.write(f"Journal     {found.journal_id or 'default sales journal'}; account for fee and "
                              f"shipping lines {found.income_account_id or 'from their products'}")
        if problems:
            self.stdout.write(self.style.ERROR(f"{len(problems)} problem(s):"))
            for what, fix in problems:
                self.stdout.write(f"  ✗ {what}\n    → {fix}")
            raise CommandError("Odoo is not ready for Returnflow.")
        self.stdout.write(self.style.SUCCESS("Odoo is ready for Returnflow."))
