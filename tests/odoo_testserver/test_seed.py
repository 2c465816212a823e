"""Fixtures (same ids as the recording databases) and the public seed helpers."""

from __future__ import annotations

import pytest

from odoo_testserver import OdooTestServer, build_store

from .clients import XmlRpcClient

# The fixture table of tests/data/odoo/recordings/README.md.
RECORDING_FIXTURES = {
    18: {"demo_uid": 6, "partner": 44, "product": 49, "template": 38, "sale_order": 25, "sale_line": 51,
         "picking": 17, "move": 39, "invoice": 25, "customers": 5, "stock": 8, "returns": 37, "scrap": 16,
         "in_type": 1, "out_type": 2, "int_type": 7, "journal": 1, "company": 1},
    19: {"demo_uid": 5, "partner": 45, "product": 56, "template": 38, "sale_order": 25, "sale_line": 51,
         "picking": 17, "move": 39, "invoice": 57, "customers": 2, "stock": 5, "returns": 33, "scrap": 13,
         "in_type": 1, "out_type": 2, "int_type": 7, "journal": 1, "company": 1},
}
NAMES = {18: {"invoice": "INV/2026/00005", "customers": "Partners/Customers", "scrap": "Virtual Locations/Scrap"},
         19: {"invoice": "INV/2026/00010", "customers": "Customers", "scrap": "Inventory adjustment"}}


@pytest.mark.parametrize("version", [18, 19])
def test_fixture_ids_are_those_of_the_recordings(version):
    store = build_store(version)
    for key, rid in RECORDING_FIXTURES[version].items():
        assert store.fixture[key] == rid, key
    fx = store.fixture
    assert store.read("product.product", [fx["product"]], ["display_name", "product_tmpl_id"])[0] == {
        "id": fx["product"], "display_name": "[RET-WIDGET] Returnable Widget",
        "product_tmpl_id": [38, "[RET-WIDGET] Returnable Widget"]}
    assert store.read("account.move", [fx["invoice"]], ["name", "state", "amount_total", "invoice_line_ids"])[0] == {
        "id": fx["invoice"], "name": NAMES[version]["invoice"], "state": "posted", "amount_total": 1150.0,
        "invoice_line_ids": [69 if version == 18 else 149]}
    assert store.read("stock.location", [fx["customers"], fx["stock"], fx["returns"], fx["scrap"]],
                      ["display_name"]) == [
        {"id": fx["customers"], "display_name": NAMES[version]["customers"]},
        {"id": fx["stock"], "display_name": "WH/Stock"}, {"id": fx["returns"], "display_name": "WH/Returns"},
        {"id": fx["scrap"], "display_name": NAMES[version]["scrap"]}]
    assert store.read("res.users", [2, fx["demo_uid"]], ["login"]) == [
        {"id": 2, "login": "admin"}, {"id": fx["demo_uid"], "login": "demo"}]
    assert store.read("account.journal", [1], ["name", "type"])[0] == {"id": 1, "name": "Customer Invoices",
                                                                       "type": "sale"}
    assert store.read("account.tax", [1], ["name", "amount"])[0] == {"id": 1, "name": "15%", "amount": 15.0}
    warehouse = store.read("stock.warehouse", [1], ["view_location_id", "lot_stock_id", "in_type_id",
                                                    "out_type_id", "int_type_id"])[0]
    assert [warehouse[k][0] for k in ("lot_stock_id", "in_type_id", "out_type_id", "int_type_id")] == [
        fx["stock"], 1, 2, 7]


@pytest.mark.parametrize("version", [18, 19])
def test_new_ids_do_not_collide_with_fixtures(version):
    store = build_store(version)
    for model in ("stock.picking", "stock.move", "account.move", "sale.order", "res.partner", "product.product"):
        assert store.next_ids[model] > max(store.tables[model]), model


def test_seed_helpers_add_consistent_demo_data(server):
    store = server.store
    partner = store.add_partner("Alice Martin", email="alice@example.com", ref="CUST-ALICE")
    lamp = store.add_product("Desk Lamp", default_code="LAMP-01", list_price=45.0, qty_on_hand=50)
    mouse = store.add_product("Mouse", default_code="M-1", list_price=20.0, tax_rate=21.0)
    order = store.add_delivered_sale_order("S00101", partner, [(lamp, 2, 45.0, 15.0), (mouse, 3, 20.0, 21.0)],
                                           client_order_ref="EXT-SO-0101")
    assert set(order) == {"order_id", "name", "line_ids", "picking_id", "move_ids", "invoice_id", "invoice_line_ids"}
    xml = XmlRpcClient(server)
    so = xml("sale.order", "search_read", [("client_order_ref", "=", "EXT-SO-0101")],
             fields=["name", "state", "partner_id", "picking_ids", "invoice_ids", "delivery_status", "invoice_status"])
    assert so == [{"id": order["order_id"], "name": "S00101", "state": "sale",
                   "partner_id": [partner, "Alice Martin"], "picking_ids": [order["picking_id"]],
                   "invoice_ids": [order["invoice_id"]], "delivery_status": "full", "invoice_status": "invoiced"}]
    lines = xml("sale.order.line", "read", order["line_ids"], fields=["qty_delivered", "qty_invoiced", "display_name"])
    assert [(line["qty_delivered"], line["qty_invoiced"]) for line in lines] == [(2.0, 2.0), (3.0, 3.0)]
    assert lines[0]["display_name"] == "S00101 - [LAMP-01] Desk Lamp (CUST-ALICE)"
    picking = xml("stock.picking", "read", [order["picking_id"]], fields=["state", "origin", "name"])[0]
    assert picking["state"] == "done" and picking["name"].startswith("WH/OUT/")
    invoice = xml("account.move", "read", [order["invoice_id"]],
                  fields=["state", "amount_untaxed", "amount_tax", "amount_total", "ref", "invoice_origin", "name"])[0]
    assert (invoice["state"], invoice["amount_untaxed"], invoice["amount_tax"], invoice["amount_total"]) == \
        ("posted", 150.0, 26.1, 176.1)
    assert (invoice["ref"], invoice["invoice_origin"]) == ("EXT-SO-0101", "S00101")
    assert xml("product.product", "read", [lamp], fields=["qty_available"])[0]["qty_available"] == 48.0
    assert xml("product.product", "read", [mouse], fields=["qty_available"])[0]["qty_available"] == 0.0  # topped up
    assert xml("account.tax", "search_count", [("amount", "=", 21.0)]) == 1


def test_uninvoiced_order_and_seed_hooks_survive_reset():
    def hook(store):
        store.add_partner("Hooked Customer", ref="HOOK")

    srv = OdooTestServer(version=19, seed_hooks=[hook])
    try:
        srv.start()
        result = srv.store.add_delivered_sale_order(None, srv.fixture["partner"],
                                                    [(srv.fixture["product"], 1, 100.0, 15.0)],
                                                    invoiced=False, date="2026-11-23")
        assert result["invoice_id"] is None and result["name"] == "S00026"
        assert srv.store.read("sale.order", [result["order_id"]], ["invoice_status", "date_order"])[0] == {
            "id": result["order_id"], "invoice_status": "to invoice", "date_order": "2026-11-23 12:00:00"}
        srv.reset()
        assert srv.store.search_read("sale.order", [("id", "=", result["order_id"])]) == []
        assert srv.store.search_read("res.partner", [("ref", "=", "HOOK")], ["name"])[0]["name"] == "Hooked Customer"
    finally:
        srv.stop()


def test_demo_catalogue():
    store = build_store(18, demo_catalogue=True)
    orders = store.search_read("sale.order", [("client_order_ref", "in", ["EXT-SO-0002", "EXT-SO-0003"])],
                               ["name", "invoice_status"], order="id")
    assert [o["invoice_status"] for o in orders] == ["invoiced", "invoiced"]
    assert [o["name"] for o in orders] == ["S00026", "S00027"]
