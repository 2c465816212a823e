"""Orders in: the portal's lookup finds an order in Odoo and keeps a local snapshot of it."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from odoo_testserver.server import OdooTestServer
from returns.models import SalesOrder
from returns.orders import order_lookup
from tests.integrations.conftest import configure

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=[(18, "xmlrpc"), (19, "json2")], ids=["odoo18", "odoo19-json2"])
def odoo_with_order(request, settings, catalogue):
    version, protocol = request.param
    srv = OdooTestServer(version=version)
    srv.start()
    configure(settings, srv, protocol)
    partner = srv.store.add_partner("Dana Odoo", email="dana@example.com")
    lamp = srv.store.add_product("Desk lamp", default_code="LAMP-01", list_price=45.0, tax_rate=15.0)
    mug = srv.store.add_product("Mug", default_code="MUG-01", list_price=8.0, tax_rate=15.0)
    so = srv.store.add_delivered_sale_order("S09001", partner, lines=[(lamp, 2, 45.0, 15.0), (mug, 4, 8.0, 15.0)])
    yield srv, so
    srv.stop()


def test_an_order_known_only_to_odoo_is_found_and_snapshotted(odoo_with_order):
    srv, so = odoo_with_order
    order = order_lookup(number="s09001", email="DANA@example.com")
    assert order is not None and order.number == "S09001"
    assert order.synced_at is not None and order.odoo_order_id == so["order_id"]
    assert order.invoice_number.startswith("INV/") and order.odoo_invoice_id == so["invoice_id"]
    assert order.delivered_at is not None
    lines = {line.product.sku: line for line in order.lines.select_related("product")}
    assert set(lines) == {"LAMP-01", "MUG-01"}
    assert (lines["LAMP-01"].quantity_delivered, lines["LAMP-01"].unit_price, lines["LAMP-01"].tax_rate) == (
        2, Decimal("45.00"), Decimal("0.1500"))
    assert lines["MUG-01"].odoo_move_id in so["move_ids"]
    assert order.customer.email == "dana@example.com"


def test_a_wrong_email_finds_nothing_and_saves_nothing(odoo_with_order):
    assert order_lookup(number="S09001", email="someone@example.com") is None
    assert not SalesOrder.objects.filter(number="S09001").exists()


def test_a_stale_snapshot_is_refreshed_and_odoo_down_falls_back_to_it(odoo_with_order, settings):
    srv, _so = odoo_with_order
    order = order_lookup(number="S09001", email="dana@example.com")
    SalesOrder.objects.filter(pk=order.pk).update(synced_at=timezone.now() - timedelta(days=1))
    order.lines.update(quantity_delivered=0)
    refreshed = order_lookup(number="S09001", email="dana@example.com")
    assert sorted(refreshed.lines.values_list("quantity_delivered", flat=True)) == [2, 4]

    SalesOrder.objects.filter(pk=order.pk).update(synced_at=timezone.now() - timedelta(days=1))
    srv.add_fault("down", count=None)
    assert order_lookup(number="S09001", email="dana@example.com").pk == order.pk  # last snapshot
