"""The sandbox enforces what API_FACTS-odoo18-round2.md sections 1, 2, 4, 7 and the Odoo 19
round-2 facts record: where stock counts as on hand, how a receipt joins its order, serials,
the integration user's rights and 19's to_refund default."""

from __future__ import annotations

import xmlrpc.client

import pytest

from odoo_testserver import OdooTestServer
from odoo_testserver.seed import add_api_user

from .clients import XmlRpcClient
from .test_workflows import move_vals

QTY = ["qty_available", "free_qty", "virtual_available"]


def qty(x, product, context=None):
    row = x("product.product", "read", [product], fields=QTY, context=context or {})[0]
    return tuple(row[f] for f in QTY)


@pytest.fixture
def lamp18(server18):
    """Facts §1 set-up: a product with 2 in WH/Stock, a Returns area outside the warehouse, and a
    second warehouse (RET) made by hand."""
    store = server18.store
    product = store.add_product("RF Q1 Lamp", qty_on_hand=2)
    area = store.add_location("Returns area", usage="view", parent_id=1)
    outside = store.add_location("Returns", parent_id=area)
    inside = store.add_location("Returns (scrap flag)", scrap_location=True)
    ret_view = store.add_location("RET", usage="view", parent_id=1)
    ret_stock = store.add_location("Stock", parent_id=ret_view)
    with store.transaction():
        store.env()["stock.warehouse"]._create_one({"name": "Returns warehouse", "code": "RET",
                                                    "view_location_id": ret_view, "lot_stock_id": ret_stock})
    return server18, product, {"outside": outside, "inside": inside, "ret": ret_stock}


def test_on_hand_counts_warehouse_views_only_and_ignores_the_warehouse_key(lamp18):
    server, product, loc = lamp18
    x = XmlRpcClient(server)
    assert qty(x, product) == (2, 2, 2)
    server.store.add_stock(product, 1, loc["outside"])  # option (b)
    for ctx in ({}, {"warehouse_id": 1}, {"warehouse": 1}):
        assert qty(x, product, ctx) == (2, 2, 2)
    assert qty(x, product, {"location": loc["outside"]})[0] == 1
    server.store.add_stock(product, 1, loc["ret"])  # option (c): hidden only with warehouse_id=1
    assert qty(x, product)[0] == 3 and qty(x, product, {"warehouse": 1})[0] == 3
    assert qty(x, product, {"warehouse_id": 1})[0] == 2
    server.store.add_stock(product, 1, loc["inside"])  # option (d): the scrap flag does not exclude
    assert qty(x, product)[0] == 4 and qty(x, product, {"warehouse_id": 1})[0] == 3


def test_reparenting_a_location_with_stock_is_a_location_id_only_write(lamp18):
    server, product, loc = lamp18
    x = XmlRpcClient(server)
    server.store.add_stock(product, 1, loc["inside"])
    area = x("stock.location", "search", [("name", "=", "Returns area")])[0]
    fault = x.fault("stock.location", "write", [loc["inside"]],
                    {"location_id": area, "scrap_location": False, "name": "Reparented"})
    assert fault.faultCode == 2 and "Internal locations having stock can't be converted" in fault.faultString
    assert x("stock.location", "write", [loc["inside"]], {"location_id": area}) is True
    row = x("stock.location", "read", [loc["inside"]], fields=["warehouse_id"])[0]
    assert row["warehouse_id"] is False
    assert qty(x, product, {"warehouse_id": 1})[0] == 2


def _delivery(server):
    fx = server.fixture
    return server.store.read("stock.picking", [fx["picking"]], ["group_id", "sale_id"])[0]


def _receipt(x, origin, picking_extra=None, move_extra=None):
    fx = x.fx
    return x("stock.picking", "create", {
        "picking_type_id": fx["in_type"], "partner_id": fx["partner"], "location_id": fx["customers"],
        "location_dest_id": fx["returns"], "origin": origin, **(picking_extra or {}),
        "move_ids": [(0, 0, move_vals(x, 1, fx["customers"], fx["returns"], sale_line_id=fx["sale_line"],
                                      origin_returned_move_id=fx["move"], to_refund=True, **(move_extra or {})))]})


def test_a_receipt_joins_its_order_through_the_deliverys_group(server18):
    x = XmlRpcClient(server18)
    fx = server18.fixture
    delivery = _delivery(server18)
    group = delivery["group_id"][0]
    assert delivery["sale_id"][0] == fx["sale_order"]
    # The group on the moves only: Odoo leaves the required Shipping Policy empty.
    fault = x.fault("stock.picking", "create", {**{}, "picking_type_id": fx["in_type"], "location_id": fx["customers"],
                                                "location_dest_id": fx["returns"], "origin": "RMA-A/receipt",
                                                "move_ids": [(0, 0, move_vals(x, 1, fx["customers"], fx["returns"],
                                                                              group_id=group))]})
    assert fault.faultCode == 2 and "Field: Shipping Policy (move_type)" in fault.faultString
    # The group on the moves with move_type given (picking 58 of the facts): the picking takes the group.
    on_moves = _receipt(x, "RMA-M/receipt", {"move_type": "direct"}, {"group_id": group})
    assert x("stock.picking", "read", [on_moves], fields=["sale_id"])[0]["sale_id"][0] == fx["sale_order"]
    # Linked by sale line only: not on the order (the round-1 receipts).
    lines_only = _receipt(x, "RMA-L/receipt")
    # Like the wizard: group on the picking and the moves, return_id.
    like_wizard = _receipt(x, "RMA-W/receipt", {"group_id": group, "return_id": fx["picking"]}, {"group_id": group})
    row = x("stock.picking", "read", [like_wizard], fields=["group_id", "sale_id", "return_id", "move_type"])[0]
    assert (row["group_id"][0], row["sale_id"][0], row["return_id"][0], row["move_type"]) == \
        (group, fx["sale_order"], fx["picking"], "direct")
    order = x("sale.order", "read", [fx["sale_order"]], fields=["picking_ids", "delivery_count"])[0]
    assert like_wizard in order["picking_ids"] and lines_only not in order["picking_ids"]
    assert x("stock.picking", "read", [fx["picking"]], fields=["return_ids"])[0]["return_ids"] == [like_wizard]
    assert on_moves in order["picking_ids"]
    # sale_id written directly: _set_sale_id makes a second group, the moves keep none.
    by_sale = _receipt(x, "RMA-S/receipt", {"sale_id": fx["sale_order"]})
    row = x("stock.picking", "read", [by_sale], fields=["group_id", "sale_id", "move_ids"])[0]
    assert row["sale_id"][0] == fx["sale_order"] and row["group_id"][0] != group
    assert x("stock.move", "read", row["move_ids"], fields=["group_id"])[0]["group_id"] is False
    assert x("procurement.group", "search_count", [("sale_id", "=", fx["sale_order"])]) == 2


def test_odoo19_defaults_to_refund_and_links_an_unlinked_return_move(server19):
    x = XmlRpcClient(server19)
    fx = server19.fixture
    sol = lambda: x("sale.order.line", "read", [fx["sale_line"]], fields=["qty_delivered"])[0]["qty_delivered"]  # noqa: E731
    before = sol()
    picking = _receipt(x, "RMA-19/receipt")
    # An extra unit sent with neither sale_line_id nor to_refund: 19 links it to the order line.
    x("stock.move", "create", move_vals(x, 1, fx["customers"], fx["returns"], picking_id=picking))
    x("stock.picking", "button_validate", [picking])
    assert sol() == before - 2
    kept = _receipt(x, "RMA-19b/receipt")
    x("stock.move", "create", move_vals(x, 1, fx["customers"], fx["returns"], picking_id=kept, to_refund=False))
    x("stock.picking", "button_validate", [kept])
    assert sol() == before - 3


@pytest.fixture
def speaker18(server18):
    store = server18.store
    product = store.add_product("RF Serial Speaker", default_code="RF-SN", tracking="serial")
    lots = store.add_serials(product, ["SN-001", "SN-002", "SN-003"])
    so = store.add_delivered_sale_order(None, server18.fixture["partner"], [(product, 1, 100.0, 15.0)])
    return server18, product, lots, so


def test_serial_receipts_need_a_lot_and_refuse_one_in_stock(speaker18):
    server, product, lots, so = speaker18
    x = XmlRpcClient(server)
    fx = server.fixture
    delivered = x("stock.move.line", "search_read", [("product_id", "=", product),
                                                      ("move_id.sale_line_id", "=", so["line_ids"][0]),
                                                      ("location_dest_id.usage", "=", "customer"),
                                                      ("state", "=", "done")], fields=["lot_id"])
    assert [row["lot_id"][1] for row in delivered] == ["SN-001"]  # first in
    assert x("stock.lot", "read", [lots[0]], fields=["product_qty"])[0]["product_qty"] == 0

    def receipt(lot_vals):
        vals = {"name": "Return", "product_id": product, "product_uom_qty": 1, "location_id": fx["customers"],
                "location_dest_id": fx["returns"]}
        picking = x("stock.picking", "create", {"picking_type_id": fx["in_type"], "location_id": fx["customers"],
                                                "location_dest_id": fx["returns"], "move_ids": [(0, 0, vals)]})
        x("stock.picking", "action_confirm", [picking])
        line = x("stock.move.line", "search", [("picking_id", "=", picking)])[0]
        if lot_vals:
            x("stock.move.line", "write", [line], {**lot_vals, "quantity": 1, "picked": True})
        return picking

    no_lot = receipt(None)
    fault = x.fault("stock.picking", "button_validate", [no_lot])
    assert fault.faultCode == 2 and fault.faultString.endswith(
        "You need to supply a Lot/Serial Number for product:\n- [RF-SN] RF Serial Speaker")
    assert x("stock.picking", "button_validate", [receipt({"lot_id": lots[0]})]) is True
    fault = x.fault("stock.picking", "button_validate", [receipt({"lot_id": lots[0]})])
    assert fault.faultCode == 2 and ("The serial number has already been assigned: \n Product: [RF-SN] RF Serial "
                                     "Speaker, Serial Number: SN-001") in fault.faultString
    # By name, a serial in stock is accepted (and then held twice), as in Odoo.
    assert x("stock.picking", "button_validate", [receipt({"lot_name": "SN-003"})]) is True
    assert x("stock.lot", "read", [lots[2]], fields=["product_qty"])[0]["product_qty"] == 2


def test_a_least_privilege_user_gets_odoos_access_answers(server18):
    key = "bot-key-0001"
    uid = add_api_user(server18, "returns-bot", api_key=key, email="bot@example.com",
                       groups=["stock.group_stock_user", "account.group_account_invoice"])
    x = XmlRpcClient(server18, password=key, uid=uid)
    fault = x.fault("ir.model", "search_count", [("model", "=", "stock.picking")])
    assert fault.faultCode == 4
    assert x("stock.picking", "check_access_rights", "create", raise_exception=False) is True
    assert x("stock.location", "check_access_rights", "create", raise_exception=False) is False
    assert x("stock.picking", "has_access", [], "create") is True
    assert "type" in x("stock.picking", "fields_get", attributes=["type"])["name"]
    fault = x.fault("no.such.model", "fields_get", attributes=["type"])
    assert fault.faultCode == 2 and "Object no.such.model doesn't exist" in fault.faultString
    fault = x.fault("stock.location", "create", {"name": "Nope", "usage": "internal"})
    assert fault.faultCode == 4 and "Inventory/Administrator" in fault.faultString
    assert x("sale.order.line", "read", [server18.fixture["sale_line"]], fields=["qty_delivered"])


def test_the_restricted_default_users_keep_their_old_rights():
    with OdooTestServer(version=19) as srv:
        x = XmlRpcClient(srv)
        assert x("ir.model", "search_count", [("model", "=", "stock.picking")]) == 1
        demo = XmlRpcClient(srv, password="demo", uid=srv.fixture["demo_uid"])
        with pytest.raises(xmlrpc.client.Fault):
            demo("ir.config_parameter", "search_read", [])
