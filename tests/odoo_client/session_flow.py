"""The stock half of a recorded session, phase by phase, as the returns app runs it.

Each phase takes the session state ``s`` (client, replay steps, fixture ids, and what
earlier answers revealed) and stores what later phases need. Ids always come from the
recorded answers, so every request also proves the previous answer was parsed right.
"""

from __future__ import annotations

from integrations.odoo import is_wizard_action

RECEIPTS, INTERNAL = 1, 7  # picking types, the same in both recording databases

SO_FIELDS = [
    "name", "partner_id", "client_order_ref", "state", "order_line", "picking_ids",
    "invoice_ids", "delivery_status", "invoice_status",
]  # fmt: skip
PICKING_FIELDS = [
    "name", "state", "date_done", "origin", "location_id", "location_dest_id", "move_ids",
]  # fmt: skip
MOVE_FIELDS = [
    "product_id", "product_uom_qty", "quantity", "picked", "state", "sale_line_id",
    "product_uom",
]  # fmt: skip
INVOICE_FIELDS = [
    "name", "state", "move_type", "amount_untaxed", "amount_tax", "amount_total",
    "amount_residual", "payment_state", "invoice_date", "invoice_line_ids",
]  # fmt: skip


def open_session(s):
    """Version once (it decides the dialect), uid once (authenticate is slow)."""
    odoo, step = s.odoo, s.step
    info = step("version", odoo.version)
    assert odoo.server_major == s.fx.major  # from the cached answer: no 2nd request
    s.dialect = odoo.dialect
    if odoo.protocol == "json2":
        assert step("auth_check_context_get", odoo.authenticate) == 2
        who = step(
            "whoami_search",
            lambda: odoo.search("res.users", [("login", "=", "admin")], limit=1),
        )
        assert who == [2]
    else:
        assert info["server_serie"] == f"{s.fx.major}.0"
        assert step("authenticate", odoo.authenticate) == 2
    assert odoo.uid == 2  # cached: the replay fails on any extra request


def look_up_order(s):
    odoo, step, dialect = s.odoo, s.step, s.dialect
    so_domain = [("name", "=", "S00025")]
    so = step(
        "so_search_read",
        lambda: odoo.search_read("sale.order", so_domain, SO_FIELDS, limit=1),
    )[0]
    assert (so["id"], so["client_order_ref"]) == (25, "EXT-SO-0001")
    line_domain = [("order_id", "=", so["id"])]
    line_fields = dialect.sale_line_fields()
    lines = step(
        "so_lines",
        lambda: odoo.search_read("sale.order.line", line_domain, line_fields),
    )
    line = dialect.normalize_sale_line(lines[0])
    assert (line["id"], line["tax_ids"], line["product_uom_id"][0]) == (51, [1], 1)
    out_domain = [
        ("sale_id", "=", so["id"]),
        ("picking_type_code", "=", "outgoing"),
        ("state", "=", "done"),
    ]
    pickings = step(
        "so_out_pickings",
        lambda: odoo.search_read(
            "stock.picking", out_domain, PICKING_FIELDS, order="id"
        ),
    )
    move_domain = [("picking_id", "in", [p["id"] for p in pickings])]
    moves = step(
        "so_out_moves",
        lambda: odoo.search_read("stock.move", move_domain, MOVE_FIELDS),
    )
    assert moves[0]["sale_line_id"][0] == line["id"] and moves[0]["picked"] is True
    invoice_domain = [
        ("id", "in", so["invoice_ids"]),
        ("move_type", "=", "out_invoice"),
        ("state", "=", "posted"),
    ]
    invoices = step(
        "so_invoice",
        lambda: odoo.search_read(
            "account.move", invoice_domain, INVOICE_FIELDS, order="id", limit=1
        ),
    )
    s.so, s.line, s.delivered, s.invoice = so, line, moves[0], invoices[0]
    s.partner, s.product = so["partner_id"][0], line["product_id"][0]
    s.uom = moves[0]["product_uom"][0]


def _receipt_vals(s, origin, qty, name):
    move = s.dialect.move_vals(
        {
            "product_id": s.product,
            "product_uom_qty": qty,
            "product_uom": s.uom,
            "location_id": s.fx.customers,
            "location_dest_id": s.fx.returns,
            "origin_returned_move_id": s.delivered["id"],
            "sale_line_id": s.line["id"],
            "to_refund": True,
        },
        name=name,
    )
    return {
        "picking_type_id": RECEIPTS,
        "partner_id": s.partner,
        "location_id": s.fx.customers,
        "location_dest_id": s.fx.returns,
        "origin": origin,
        "move_ids": [(0, 0, move)],
    }


def receive_full_return(s):
    odoo, step, tag = s.odoo, s.step, s.fx.tag
    vals = _receipt_vals(s, f"RET-{tag}", 2, f"Return {tag}")
    receipt = step("receipt_create", lambda: odoo.create("stock.picking", vals))
    assert isinstance(receipt, int)
    for action in ("action_confirm", "button_validate"):
        result = step(
            f"receipt_{action}",
            lambda action=action: odoo.call("stock.picking", action, [receipt]),
        )
        assert result is True
    fields = ["name", "state", "date_done", "move_ids", "origin"]
    done = step("receipt_read", lambda: odoo.read_one("stock.picking", receipt, fields))
    assert (done["id"], done["state"], done["origin"]) == (
        receipt,
        "done",
        f"RET-{tag}",
    )
    s.receipt = receipt


def receive_partial_return(s):
    """Less than the demand: the backorder wizard, then validate without backorder."""
    odoo, step, tag = s.odoo, s.step, s.fx.tag
    vals = _receipt_vals(s, f"RET-{tag}-P", 3, f"Return {tag} partial")
    partial = step("partial_create", lambda: odoo.create("stock.picking", vals))
    confirmed = step(
        "partial_action_confirm",
        lambda: odoo.call("stock.picking", "action_confirm", [partial]),
    )
    assert confirmed is True
    mine = [("picking_id", "=", partial)]
    fields = ["product_uom_qty", "quantity", "picked", "state", "move_line_ids"]
    move = step("partial_moves", lambda: odoo.search_read("stock.move", mine, fields))[
        0
    ]
    picked = {"quantity": 1, "picked": True}
    written = step(
        "partial_move_write", lambda: odoo.write("stock.move", [move["id"]], picked)
    )
    assert written is True
    wizard = step(
        "partial_button_validate",
        lambda: odoo.call("stock.picking", "button_validate", [partial]),
    )
    assert is_wizard_action(wizard)
    assert wizard["res_model"] == "stock.backorder.confirmation"
    assert wizard["context"]["button_validate_picking_ids"] == [partial]
    skip = {"skip_backorder": True, "picking_ids_not_to_backorder": [partial]}
    result = step(
        "partial_validate_skip_backorder",
        lambda: odoo.call("stock.picking", "button_validate", [partial], context=skip),
    )
    assert result is True and not is_wizard_action(result)
    fields = ["name", "state", "backorder_ids", "move_ids"]
    after = step("partial_read", lambda: odoo.read("stock.picking", [partial], fields))
    assert after[0]["state"] == "done" and after[0]["backorder_ids"] == []
    fields = ["product_uom_qty", "quantity", "picked", "state"]
    moved = step(
        "partial_moves_after", lambda: odoo.search_read("stock.move", mine, fields)
    )
    assert (moved[0]["quantity"], moved[0]["state"]) == (1.0, "done")
    backorders = [("backorder_id", "=", partial)]
    count = step(
        "partial_backorder_count",
        lambda: odoo.search_count("stock.picking", backorders),
    )
    assert count == 0


def restock(s):
    """Internal transfer WH/Returns -> WH/Stock."""
    odoo, step, fx = s.odoo, s.step, s.fx
    move = s.dialect.move_vals(
        {
            "product_id": s.product,
            "product_uom_qty": 1,
            "product_uom": s.uom,
            "location_id": fx.returns,
            "location_dest_id": fx.stock,
        },
        name=f"Restock {fx.tag}",
    )
    vals = {
        "picking_type_id": INTERNAL,
        "location_id": fx.returns,
        "location_dest_id": fx.stock,
        "origin": f"RET-{fx.tag}-INT",
        "move_ids": [(0, 0, move)],
    }
    internal = step("internal_create", lambda: odoo.create("stock.picking", vals))
    for action in ("action_confirm", "action_assign", "button_validate"):
        result = step(
            f"internal_{action}",
            lambda action=action: odoo.call("stock.picking", action, [internal]),
        )
        assert result is True
    fields = ["name", "state", "location_id", "location_dest_id"]
    moved = step(
        "internal_read", lambda: odoo.read_one("stock.picking", internal, fields)
    )
    assert moved["state"] == "done" and moved["location_dest_id"][0] == fx.stock


def scrap(s):
    """Enough stock: True. Too much: a wizard, and the scrap stays draft."""
    odoo, step, fx = s.odoo, s.step, s.fx

    def vals(qty, origin):
        return {
            "product_id": s.product,
            "scrap_qty": qty,
            "location_id": fx.returns,
            "scrap_location_id": fx.scrap,
            "origin": origin,
        }

    small = step(
        "scrap_create", lambda: odoo.create("stock.scrap", vals(1, f"RET-{fx.tag}"))
    )
    done = step(
        "scrap_action_validate",
        lambda: odoo.call("stock.scrap", "action_validate", [small]),
    )
    assert done is True
    fields = ["name", "state", "move_ids", "date_done", "scrap_location_id"]
    row = step("scrap_read", lambda: odoo.read_one("stock.scrap", small, fields))
    assert row["state"] == "done" and row["scrap_location_id"][0] == fx.scrap
    big_vals = vals(100000, f"RET-{fx.tag}-BIG")
    big = step("scrap_big_create", lambda: odoo.create("stock.scrap", big_vals))
    warning = step(
        "scrap_big_action_validate",
        lambda: odoo.call("stock.scrap", "action_validate", [big]),
    )
    assert is_wizard_action(warning)
    assert warning["res_model"] == "stock.warn.insufficient.qty.scrap"
    row = step(
        "scrap_big_read", lambda: odoo.read_one("stock.scrap", big, ["name", "state"])
    )
    assert row["state"] == "draft"


def check_stock(s):
    odoo, step, fx = s.odoo, s.step, s.fx
    domain = [
        ("product_id", "=", s.product),
        ("location_id", "in", [fx.stock, fx.returns, fx.scrap]),
    ]
    fields = ["location_id", "quantity", "reserved_quantity", "inventory_quantity"]
    quants = step(
        "quants_by_location", lambda: odoo.search_read("stock.quant", domain, fields)
    )
    s.returns_quant = next(q for q in quants if q["location_id"][0] == fx.returns)
    fields = ["qty_available", "virtual_available"]
    at_returns = {"location": fx.returns}
    rows = step(
        "product_qty_at_returns",
        lambda: odoo.read("product.product", [s.product], fields, context=at_returns),
    )
    assert isinstance(rows[0]["qty_available"], float)
