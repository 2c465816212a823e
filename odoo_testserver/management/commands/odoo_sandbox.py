"""Serve the Odoo test server as a labelled demo sandbox mirroring the local demo data.

For `make run` only: a newcomer sees postings land in "Odoo" without installing one. Products,
customers and delivered, invoiced orders are created in the sandbox with the same Odoo ids the
local demo data carries, so receipts, moves and credit notes post against matching records.
"""
import signal
import threading

from django.core.management.base import BaseCommand

from odoo_testserver.server import DEFAULT_API_KEY, OdooTestServer
from returns.models import Customer, Product, SalesOrder

BANNER = "Odoo test sandbox (NOT a real Odoo): demo data only, kept in memory"


def mirror_demo_data(store):
    """Seed hook: the local catalogue, customers and orders, with their Odoo ids."""
    for product in Product.objects.exclude(odoo_product_id=None).order_by("odoo_product_id"):
        line = product.order_lines.order_by("pk").first()
        store.add_product(product.name, default_code=product.sku, id=product.odoo_product_id,
                          list_price=float(line.unit_price) if line else 10.0, tax_rate=21.0, qty_on_hand=100,
                          barcode=product.barcode or None)
    for customer in Customer.objects.exclude(odoo_partner_id=None).order_by("odoo_partner_id"):
        store.add_partner(customer.name, email=customer.email, id=customer.odoo_partner_id)
    orders = SalesOrder.objects.exclude(odoo_order_id=None).prefetch_related("lines__product").order_by("number")
    for order in orders:
        lines = list(order.lines.order_by("odoo_line_id"))
        if (not lines or order.customer.odoo_partner_id is None
                or any(line.product.odoo_product_id is None for line in lines)):
            continue
        store.add_delivered_sale_order(
            order.number, order.customer.odoo_partner_id,
            lines=[(line.product.odoo_product_id, line.quantity_delivered, float(line.unit_price),
                    float(line.tax_rate * 100))
                   for line in lines],
            ids={"order": order.odoo_order_id, "line": lines[0].odoo_line_id, "move": lines[0].odoo_move_id,
                 "invoice": order.odoo_invoice_id},
            date=order.delivered_at.strftime("%Y-%m-%d %H:%M:%S") if order.delivered_at else None)


class Command(BaseCommand):
    help = "Run the in-memory Odoo test sandbox with the demo data (for make run; never for production)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8069)
        parser.add_argument("--odoo-version", type=int, choices=[18, 19], default=18)

    def handle(self, *args, port=8069, odoo_version=18, **options):
        server = OdooTestServer(version=odoo_version, port=port)
        server.add_seed_hook(mirror_demo_data)
        server.add_seed_hook(lambda store: store.add_returns_area())  # outside the warehouse, as odoo_setup
        server.start()
        self.stdout.write(self.style.WARNING(f"{BANNER}, Odoo {odoo_version} on {server.url} "
                                             f"(db {server.db}, user admin, API key {DEFAULT_API_KEY})"))
        self.stdout.flush()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        server.stop()
