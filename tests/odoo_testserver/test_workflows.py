"""Stock and accounting workflows of the sandbox, on Odoo 18 and 19 (XML-RPC).

Expected values are those verified on real Odoo (API_FACTS-odoo18.md b/c/d/e, starting
from the fresh fixture state: SO line 51 delivered 10 and invoiced 10, WH/Stock 990).
"""

from __future__ import annotations

NO_QTY = ("You cannot validate a transfer if no quantities are reserved. "
          "To force the transfer, encode quantities.")


def move_vals(x, qty, src, dest, **extra):
    vals = {"product_id": x.fx["product"], "product_uom_qty": qty, "product_uom": 1,
            "location_id": src, "location_dest_id": dest, **extra}
    if x.server.version == 18:
        vals["name"] = "Return test"  # required in 18, unknown in 19
    return vals


def return_receipt(x, qty, origin="RET-T1", linked=True):
    fx = x.fx
    extra = ({"origin_returned_move_id": fx["move"], "sale_line_id": fx["sale_line"], "to_refund": True}
             if linked else {})
    return x("stock.picking", "create", {
        "picking_type_id": fx["in_type"], "partner_id": fx["partner"], "location_id": fx["customers"],
        "location_dest_id": fx["returns"], "origin": origin,
        "move_ids": [(0, 0, move_vals(x, qty, fx["customers"], fx["returns"], **extra))]})


def moves_of(x, picking, fields=("product_uom_qty", "quantity", "picked", "state")):
    return x("stock.move", "search_read", [("picking_id", "=", picking)], fields=list(fields))


def quant_qty(x, location):
    return sum(q["quantity"] for q in x("stock.quant", "search_read",
                                         [("product_id", "=", x.fx["product"]), ("location_id", "=", location)],
                                         fields=["quantity"]))


def line_qty(x):
    return x("sale.order.line", "read", [x.fx["sale_line"]],
             fields=["qty_delivered", "qty_invoiced", "qty_to_invoice"])[0]


def test_full_receipt_in_three_calls(server, xml):
    server.clear_log()
    pid = return_receipt(xml, 2)
    assert xml("stock.picking", "action_confirm", [pid]) is True
    assert xml("stock.picking", "button_validate", [pid]) is True
    assert server.calls(model="stock.picking") == 3
    assert [e["method"] for e in server.request_log] == ["create", "action_confirm", "button_validate"]
    picking = xml("stock.picking", "read", [pid], fields=["name", "state", "date_done", "backorder_ids"])[0]
    assert picking["state"] == "done" and picking["name"] == "WH/IN/00001" and picking["date_done"]
    assert moves_of(xml, pid)[0] == {"id": moves_of(xml, pid)[0]["id"], "product_uom_qty": 2.0, "quantity": 2.0,
                                     "picked": True, "state": "done"}
    assert quant_qty(xml, xml.fx["returns"]) == 2.0
    assert line_qty(xml)["qty_delivered"] == 8.0
    assert line_qty(xml)["qty_to_invoice"] == -2.0
    ctx_qty = xml("product.product", "read", [xml.fx["product"]], fields=["qty_available"],
                  context={"location": xml.fx["returns"]})
    assert ctx_qty[0]["qty_available"] == 2.0


def test_confirm_assigns_customer_returns_with_quantity(xml):
    pid = return_receipt(xml, 3)
    xml("stock.picking", "action_confirm", [pid])
    move = moves_of(xml, pid, ("product_uom_qty", "quantity", "picked", "state", "move_line_ids"))[0]
    assert (move["quantity"], move["picked"], move["state"], len(move["move_line_ids"])) == (3.0, False, "assigned", 1)
    assert xml("stock.picking", "read", [pid], fields=["state"])[0]["state"] == "assigned"


def _partial(x, demand=5, done=3):
    pid = return_receipt(x, demand)
    x("stock.picking", "action_confirm", [pid])
    move = moves_of(x, pid)[0]["id"]
    assert x("stock.move", "write", [move], {"quantity": done, "picked": True}) is True
    return pid, move


def test_partial_receipt_returns_backorder_wizard(server, xml):
    pid, _move = _partial(xml)
    action = xml("stock.picking", "button_validate", [pid])
    view = server.dialect.backorder_view_id
    assert action == {"name": "Create Backorder?", "type": "ir.actions.act_window", "view_mode": "form",
                      "res_model": "stock.backorder.confirmation", "views": [[view, "form"]], "view_id": view,
                      "target": "new", "context": {"button_validate_picking_ids": [pid],
                                                   "default_show_transfers": False, "default_pick_ids": [[4, pid]]}}
    assert xml("stock.picking", "read", [pid], fields=["state"])[0]["state"] == "assigned"  # nothing validated


def test_backorder_wizard_process_creates_backorder(xml):
    pid, move = _partial(xml)
    ctx = xml("stock.picking", "button_validate", [pid])["context"]
    wizard = xml("stock.backorder.confirmation", "create", {}, context=ctx)
    assert xml("stock.backorder.confirmation", "process", [wizard], context=ctx) is True
    picking = xml("stock.picking", "read", [pid], fields=["state", "backorder_ids"])[0]
    assert picking["state"] == "done" and len(picking["backorder_ids"]) == 1
    assert moves_of(xml, pid)[0] == {"id": move, "product_uom_qty": 3.0, "quantity": 3.0, "picked": True,
                                     "state": "done"}
    backorder = picking["backorder_ids"][0]
    assert xml("stock.picking", "search_count", [("backorder_id", "=", pid)]) == 1
    bo = xml("stock.picking", "read", [backorder], fields=["state", "origin", "backorder_id", "name"])[0]
    assert bo["state"] == "assigned" and bo["backorder_id"][0] == pid and bo["name"].startswith("WH/IN/")
    assert [(m["product_uom_qty"], m["quantity"], m["state"])
            for m in moves_of(xml, backorder)] == [(2.0, 2.0, "assigned")]
    assert line_qty(xml)["qty_delivered"] == 7.0  # only the 3 received count


def test_backorder_wizard_process_cancel_backorder(xml):
    pid, _move = _partial(xml)
    ctx = xml("stock.picking", "button_validate", [pid])["context"]
    wizard = xml("stock.backorder.confirmation", "create", {}, context=ctx)
    assert xml("stock.backorder.confirmation", "process_cancel_backorder", [wizard], context=ctx) is True
    assert xml("stock.picking", "read", [pid], fields=["state", "backorder_ids"])[0] == {
        "id": pid, "state": "done", "backorder_ids": []}
    assert moves_of(xml, pid)[0]["product_uom_qty"] == 5.0 and moves_of(xml, pid)[0]["quantity"] == 3.0


def test_skip_backorder_context_validates_without_wizard(xml):
    pid, move = _partial(xml, demand=3, done=1)
    xml("stock.picking", "button_validate", [pid])  # the wizard action, as the recording does first
    ctx = {"skip_backorder": True, "picking_ids_not_to_backorder": [pid]}
    assert xml("stock.picking", "button_validate", [pid], context=ctx) is True
    assert xml("stock.picking", "read", [pid], fields=["state", "backorder_ids"])[0]["backorder_ids"] == []
    assert moves_of(xml, pid)[0] == {"id": move, "product_uom_qty": 3.0, "quantity": 1.0, "picked": True,
                                     "state": "done"}
    assert xml("stock.picking", "search_count", [("backorder_id", "=", pid)]) == 0


def test_skip_backorder_for_other_pickings_still_makes_backorder(xml):
    pid, _move = _partial(xml, demand=3, done=1)
    ctx = {"skip_backorder": True, "picking_ids_not_to_backorder": []}
    assert xml("stock.picking", "button_validate", [pid], context=ctx) is True
    assert xml("stock.picking", "search_count", [("backorder_id", "=", pid)]) == 1


def test_validate_without_any_quantity_is_a_user_error(xml):
    fx = xml.fx
    pid = xml("stock.picking", "create", {"picking_type_id": fx["int_type"], "location_id": fx["returns"],
                                          "location_dest_id": fx["stock"],
                                          "move_ids": [(0, 0, move_vals(xml, 1, fx["returns"], fx["stock"]))]})
    xml("stock.picking", "action_confirm", [pid])
    assert xml("stock.picking", "action_assign", [pid]) is True  # WH/Returns is empty: nothing reserved
    assert moves_of(xml, pid)[0]["state"] == "confirmed"
    fault = xml.fault("stock.picking", "button_validate", [pid])
    assert (fault.faultCode, fault.faultString) == (2, NO_QTY)


def test_internal_transfer_reserves_then_moves_stock(xml):
    fx = xml.fx
    receipt = return_receipt(xml, 2)
    xml("stock.picking", "action_confirm", [receipt])
    xml("stock.picking", "button_validate", [receipt])
    pid = xml("stock.picking", "create", {"picking_type_id": fx["int_type"], "location_id": fx["returns"],
                                          "location_dest_id": fx["stock"], "origin": "RET-T1-INT",
                                          "move_ids": [(0, 0, move_vals(xml, 1, fx["returns"], fx["stock"]))]})
    xml("stock.picking", "action_confirm", [pid])
    assert moves_of(xml, pid)[0]["state"] == "confirmed"
    xml("stock.picking", "action_assign", [pid])
    assert moves_of(xml, pid)[0]["state"] == "assigned"
    reserved = xml("stock.quant", "search_read", [("location_id", "=", fx["returns"])], fields=["reserved_quantity"])
    assert reserved[0]["reserved_quantity"] == 1.0
    assert xml("stock.picking", "button_validate", [pid]) is True
    read = xml("stock.picking", "read", [pid], fields=["name", "state", "location_id", "location_dest_id"])[0]
    assert read["state"] == "done" and read["name"] == "WH/INT/00001"
    assert (read["location_id"] == [fx["returns"], "WH/Returns"]
            and read["location_dest_id"] == [fx["stock"], "WH/Stock"])
    assert quant_qty(xml, fx["returns"]) == 1.0 and quant_qty(xml, fx["stock"]) == 991.0


def test_scrap_done_and_insufficient(server, xml):
    fx = xml.fx
    receipt = return_receipt(xml, 2)
    xml("stock.picking", "action_confirm", [receipt])
    xml("stock.picking", "button_validate", [receipt])
    scrap = xml("stock.scrap", "create", {"product_id": fx["product"], "scrap_qty": 1, "location_id": fx["returns"],
                                          "scrap_location_id": fx["scrap"], "origin": "RET-T1"})
    assert xml("stock.scrap", "action_validate", [scrap]) is True
    read = xml("stock.scrap", "read", [scrap],
               fields=["name", "state", "move_ids", "date_done", "scrap_location_id"])[0]
    assert read["name"] == "SP/00001" and read["state"] == "done" and len(read["move_ids"]) == 1 and read["date_done"]
    assert quant_qty(xml, fx["returns"]) == 1.0
    big = xml("stock.scrap", "create", {"product_id": fx["product"], "scrap_qty": 100000, "location_id": fx["returns"],
                                        "scrap_location_id": fx["scrap"], "origin": "RET-T1-BIG"})
    action = xml("stock.scrap", "action_validate", [big])
    assert action == {"name": "[RET-WIDGET] Returnable Widget: Insufficient Quantity To Scrap", "view_mode": "form",
                      "res_model": "stock.warn.insufficient.qty.scrap", "view_id": server.dialect.scrap_warn_view_id,
                      "type": "ir.actions.act_window",
                      "context": {"default_product_id": fx["product"], "default_location_id": fx["returns"],
                                  "default_scrap_id": big, "default_quantity": 100000.0,
                                  "default_product_uom_name": "Units"},
                      "target": "new"}
    assert xml("stock.scrap", "read", [big], fields=["name", "state"])[0] == {
        "id": big, "name": "New", "state": "draft"}


def test_default_scrap_location_per_version(server, xml):
    scrap = xml("stock.scrap", "create", {"product_id": xml.fx["product"], "scrap_qty": 1})
    read = xml("stock.scrap", "read", [scrap], fields=["scrap_location_id", "location_id"])[0]
    expected = [16, "Virtual Locations/Scrap"] if server.version == 18 else [13, "Inventory adjustment"]
    assert read["scrap_location_id"] == expected and read["location_id"][0] == xml.fx["stock"]


def credit_note(x, qty=2, ref="RET-T1", reversed_entry=True, linked=True):
    fx = x.fx
    line = {"product_id": fx["product"], "quantity": qty, "price_unit": 100.0}
    if linked:
        line["sale_line_ids"] = [(6, 0, [fx["sale_line"]])]
    vals = {"move_type": "out_refund", "partner_id": fx["partner"], "invoice_date": "2026-11-22", "ref": ref,
            "invoice_origin": "S00025", "invoice_line_ids": [(0, 0, line)]}
    if reversed_entry:
        vals["reversed_entry_id"] = fx["invoice"]
    return x("account.move", "create", vals)


CN_FIELDS = ["name", "state", "amount_untaxed", "amount_tax", "amount_total", "amount_residual", "payment_state"]


def test_credit_note_post_and_effects(xml):
    cn = credit_note(xml, qty=3)
    draft = xml("account.move", "read", [cn], fields=CN_FIELDS + ["display_name"])[0]
    assert (draft["name"], draft["state"], draft["amount_untaxed"], draft["amount_tax"], draft["amount_total"]) == \
        (False, "draft", 300.0, 45.0, 345.0)
    assert draft["display_name"] == "Draft Credit Note"
    assert line_qty(xml)["qty_invoiced"] == 7.0  # Odoo counts every non-cancelled credit note
    assert xml("account.move", "action_post", [cn]) is False
    posted = xml("account.move", "read", [cn], fields=CN_FIELDS + ["reversed_entry_id", "move_type"])[0]
    assert posted["name"] == "RINV/2026/00001" and posted["state"] == "posted"
    assert (posted["payment_state"], posted["amount_residual"]) == ("paid", 0.0)
    assert posted["reversed_entry_id"] == [xml.fx["invoice"], xml("account.move", "read", [xml.fx["invoice"]],
                                                                 fields=["display_name"])[0]["display_name"]]
    invoice = xml("account.move", "read", [xml.fx["invoice"]], fields=["amount_residual", "payment_state"])[0]
    assert (invoice["amount_residual"], invoice["payment_state"]) == (805.0, "partial")
    lines = xml("account.move.line", "search_read", [("move_id", "=", cn)],
                fields=["display_type", "debit", "credit", "account_id"], order="id")
    assert [(line["display_type"], line["debit"], line["credit"]) for line in lines] == [
        ("product", 300.0, 0.0), ("tax", 45.0, 0.0), ("payment_term", 0.0, 345.0)]
    assert [line["account_id"][1] for line in lines] == ["400000 Product Sales", "251000 Tax Received",
                                                         "121000 Account Receivable"]
    fault = xml.fault("account.move", "action_post", [cn])
    assert (fault.faultCode, fault.faultString) == (2, f"The entry RINV/2026/00001 (id {cn}) must be in draft.")
    assert xml("account.move", "search_count", [("ref", "=", "RET-T1"), ("move_type", "=", "out_refund")]) == 1


def test_credit_notes_after_full_reversal_stay_not_paid(xml):
    for _ in range(5):  # 5 x 230 = 1150: the invoice is fully reversed
        cn = credit_note(xml)
        xml("account.move", "action_post", [cn])
    invoice = xml("account.move", "read", [xml.fx["invoice"]], fields=["amount_residual", "payment_state"])[0]
    assert (invoice["amount_residual"], invoice["payment_state"]) == (0.0, "reversed")
    cn = credit_note(xml)
    xml("account.move", "action_post", [cn])
    assert xml("account.move", "read", [cn], fields=["payment_state", "amount_residual", "name"])[0] == {
        "id": cn, "payment_state": "not_paid", "amount_residual": 230.0, "name": "RINV/2026/00006"}
    assert line_qty(xml)["qty_invoiced"] == -2.0  # over-crediting is not stopped


def test_credit_note_without_invoice_link_is_not_paid(xml):
    cn = credit_note(xml, reversed_entry=False, linked=False)
    xml("account.move", "action_post", [cn])
    assert xml("account.move", "read", [cn], fields=["payment_state"])[0]["payment_state"] == "not_paid"
    assert line_qty(xml)["qty_invoiced"] == 10.0


def test_missing_account_blocks_posting(xml):
    cn = credit_note(xml)
    line = xml("account.move.line", "search", [("move_id", "=", cn), ("display_type", "=", "product")])
    xml("account.move.line", "write", line, {"account_id": False})
    fault = xml.fault("account.move", "action_post", [cn])
    assert (fault.faultCode, fault.faultString) == (
        2, "The operation cannot be completed: Missing required account on accountable line.")
    assert xml("account.move", "read", [cn], fields=["state"])[0]["state"] == "draft"


def test_wrong_move_type_is_a_value_error(xml):
    fault = xml.fault("account.move", "create", {"move_type": "credit_note", "partner_id": xml.fx["partner"]})
    assert fault.faultCode == 1
    assert fault.faultString.endswith("ValueError: Wrong value for account.move.move_type: 'credit_note'\n")


def test_over_returns_are_not_stopped(xml):
    pid = return_receipt(xml, 15)
    xml("stock.picking", "action_confirm", [pid])
    xml("stock.picking", "button_validate", [pid])
    assert line_qty(xml)["qty_delivered"] == -5.0


def test_external_id_is_unique(xml):
    cn = credit_note(xml)
    vals = {"module": "returns_app", "name": "credit_note_T1", "model": "account.move", "res_id": cn}
    imd = xml("ir.model.data", "create", vals)
    assert isinstance(imd, int)
    assert xml("ir.model.data", "check_object_reference", "returns_app", "credit_note_T1") == ["account.move", cn]
    fault = xml.fault("ir.model.data", "create", vals)
    assert (fault.faultCode, fault.faultString) == (2, (
        'The operation cannot be completed: duplicate key value violates unique constraint '
        '"ir_model_data_module_name_uniq_index"\nDETAIL:  Key (module, name)=(returns_app, credit_note_T1) '
        'already exists.\n'))
    assert xml("ir.model.data", "search_count", [("module", "=", "returns_app")]) == 1
    missing = xml.fault("ir.model.data", "check_object_reference", "returns_app", "nope")
    assert missing.faultCode == 1 and missing.faultString.endswith(
        "ValueError: External ID not found in the system: returns_app.nope\n")
    assert xml("ir.model.data", "check_object_reference", "stock", "stock_location_customers") == [
        "stock.location", xml.fx["customers"]]


def test_failing_call_is_rolled_back(xml):
    fx = xml.fx
    before = xml("stock.move", "search_count", [])
    fault = xml.fault("stock.picking", "create", {
        "picking_type_id": fx["in_type"], "location_id": fx["customers"], "location_dest_id": fx["returns"],
        "origin": "RET-ROLLBACK",
        "move_ids": [(0, 0, move_vals(xml, 1, fx["customers"], fx["returns"])),
                     (0, 0, dict(move_vals(xml, 1, fx["customers"], fx["returns"]), product_id=999999))]})
    assert (fault.faultCode, fault.faultString) == (
        2, "Record does not exist or has been deleted.\n(Record: product.product(999999,), User: 2)")
    assert xml("stock.picking", "search_count", [("origin", "=", "RET-ROLLBACK")]) == 0
    assert xml("stock.move", "search_count", []) == before
    fault = xml.fault("res.partner", "write", [fx["partner"]], {"comment": "TXN-PROBE", "parent_id": fx["partner"]})
    assert (fault.faultCode, fault.faultString) == (2, "You cannot create recursive Partner hierarchies.")
    assert xml("res.partner", "read", [fx["partner"]], fields=["comment", "parent_id"])[0]["comment"] is False


def test_none_result_is_committed_before_the_marshal_fault(xml):
    fx = xml.fx
    quant = xml("stock.quant", "search", [("product_id", "=", fx["product"]), ("location_id", "=", fx["stock"])])
    assert xml("stock.quant", "write", quant, {"inventory_quantity": 1000.0}, context={"inventory_mode": True})
    fault = xml.fault("stock.quant", "action_apply_inventory", quant)
    assert fault.faultCode == 1
    assert fault.faultString.endswith("TypeError: cannot marshal None unless allow_none is enabled\n")
    read = xml("stock.quant", "read", quant, fields=["quantity", "inventory_quantity", "inventory_quantity_set"])[0]
    assert (read["quantity"], read["inventory_quantity"], read["inventory_quantity_set"]) == (1000.0, 0.0, False)


def test_quant_create_in_inventory_mode_reuses_the_quant(xml):
    fx = xml.fx
    qid = xml("stock.quant", "create", {"product_id": fx["product"], "location_id": fx["stock"],
                                        "inventory_quantity": 500}, context={"inventory_mode": True})
    assert qid == fx["quant_stock"]
    fault = xml.fault("stock.quant", "write", [qid], {"quantity": 3})
    assert (fault.faultCode, fault.faultString) == (2, "Quant's editing is restricted, you can't do this operation.")


def test_sale_order_confirm_creates_reserved_delivery(xml):
    fx = xml.fx
    so = xml("sale.order", "create", {"partner_id": fx["partner"], "client_order_ref": "EXT-SO-9",
                                      "order_line": [(0, 0, {"product_id": fx["product"], "product_uom_qty": 4})]})
    line = xml("sale.order.line", "search_read", [("order_id", "=", so)],
               fields=["price_unit", xml.fname("tax_ids"), xml.fname("product_uom_id"), "price_total"])[0]
    assert (line["price_unit"], line[xml.fname("tax_ids")], line[xml.fname("product_uom_id")], line["price_total"]) == \
        (100.0, [1], [1, "Units"], 460.0)
    assert xml("sale.order", "action_confirm", [so]) is True
    order = xml("sale.order", "read", [so], fields=["name", "state", "picking_ids", "delivery_status"])[0]
    assert order["name"] == "S00026" and order["state"] == "sale" and len(order["picking_ids"]) == 1
    picking = xml("stock.picking", "read", order["picking_ids"], fields=["state", "name", "picking_type_code"])[0]
    assert picking == {"id": order["picking_ids"][0], "state": "assigned", "name": "WH/OUT/00013",
                       "picking_type_code": "outgoing"}
