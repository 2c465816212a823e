"""The state of `returns_lab` that the round-2 recording (odoo18-round2-xmlrpc) assumes, rebuilt
on the sandbox between steps (API_FACTS-odoo18-round2.md sections 1, 2, 4, 7).

The lab made part of each scenario with calls that were not recorded (inventory, pickings made
and validated, users). Each hook below redoes that part through the sandbox's business code just
before the first recorded step that needs it, and teaches the replayer the recorded ids of what
it made (`Replayer.idmap`), so the recorded requests can be sent unchanged.
"""
from __future__ import annotations

from odoo_testserver.seed import add_api_user

BOT_UID, BOT_PASSWORD = 9, "bot-password"
S1 = ["stock.group_stock_user", "account.group_account_invoice"]


def _env(store):
    return store.env()


def _picking(store, type_id, src, dest, product, qty, *, name="Move", confirm=True, **extra):
    env = _env(store)
    move = {"name": name, "product_id": product, "product_uom_qty": qty, "location_id": src,
            "location_dest_id": dest, **{k: v for k, v in extra.items() if k.startswith("move_")}}
    move = {k.removeprefix("move_"): v for k, v in move.items()}
    vals = {"picking_type_id": type_id, "location_id": src, "location_dest_id": dest,
            "move_ids": [(0, 0, move)], **{k: v for k, v in extra.items() if not k.startswith("move_")}}
    pid = env["stock.picking"]._create_one(vals)
    if confirm:
        env["stock.picking"].action_confirm([pid])
    return pid


def _lines_of(store, picking):
    return sorted(m for m, row in store.tables["stock.move.line"].items() if row.get("picking_id") == picking)


def _moves_of(store, picking):
    return _env(store)["stock.picking"]._moves(picking)


class Round2State:
    def __init__(self, server, replayer):
        self.server, self.replayer, self.store = server, replayer, server.store
        self.fx = server.fixture

    def learn(self, model, recorded, actual):
        self.replayer.idmap[(model, recorded)] = actual

    def mapped(self, model, recorded):
        return self.replayer.idmap.get((model, recorded), recorded)

    # ------------------------------------------------------------------ q1
    def q1_stock(self):
        """RF Q1 Lamp: 2 in WH/Stock, one return per option (17 WH/Returns, 39 Returns area/Returns,
        41 RET/Stock, 46 WH scrap-flag location), and delivery 51 (demand 5) reserving the 2."""
        store, fx = self.store, self.fx
        lamp = store.add_product("RF Q1 Lamp", list_price=40.0, qty_on_hand=2)
        self.learn("product.product", 49, lamp)
        self.learn("stock.location", 17, fx["returns"])
        with store.transaction():
            env = _env(store)
            ret_wh = self.mapped("stock.warehouse", 3)
            view = env["stock.location"]._create_one({"name": "RET", "usage": "view", "location_id": 1})
            ret_stock = env["stock.location"]._create_one({"name": "Stock", "usage": "internal", "location_id": view})
            store.update("stock.warehouse", ret_wh, {"view_location_id": view, "lot_stock_id": ret_stock})
        scrap_flag = store.add_location("Returns (scrap flag)", scrap_location=True)
        self.learn("stock.location", 41, ret_stock)
        self.learn("stock.location", 46, scrap_flag)
        for location in (fx["returns"], self.mapped("stock.location", 39), ret_stock, scrap_flag):
            store.add_stock(lamp, 1, location)
        with store.transaction():
            delivery = _picking(store, fx["out_type"], fx["stock"], fx["customers"], lamp, 5, confirm=False)
        self.learn("stock.picking", 51, delivery)

    def q1_move_me(self):
        """Location 47 'Q1 move me' under WH holding 1 unit, made after the quantity reads."""
        lamp = self.mapped("product.product", 49)
        location = self.store.add_location("Q1 move me")
        self.store.add_stock(lamp, 1, location)
        self.learn("stock.location", 47, location)

    # ------------------------------------------------------------------ q2
    def q2_order(self):
        """S00030 (Azure Interior 15, 3 x Pedal Bin 20, line 60) delivered by WH/OUT/00032 (54, move
        110, group 25), and the wizard's return WH/IN/00016 (55) of 1 unit, validated."""
        store, fx = self.store, self.fx
        partner = store.add_partner("Azure Interior", is_company=True, id=15)
        bin_ = store.add_product("Pedal Bin", default_code="E-COM10", list_price=47.0, id=20)
        store.set_counter(("picking", "WH/OUT/"), 32)
        store.fixed_now = "2026-12-01 17:33:00"  # pickings list by scheduled date: the delivery first
        so = store.add_delivered_sale_order("S00030", partner, [(bin_, 3, 47.0, 15.0)], invoiced=False)
        group = store.tables["stock.picking"][so["picking_id"]]["group_id"]
        for model, rec, act in (("sale.order", 30, so["order_id"]), ("sale.order.line", 60, so["line_ids"][0]),
                                ("stock.picking", 54, so["picking_id"]), ("stock.move", 110, so["move_ids"][0]),
                                ("procurement.group", 25, group)):
            self.learn(model, rec, act)
        store.set_counter(("picking", "WH/IN/"), 16)
        store.fixed_now = "2026-12-01 17:34:00"
        with store.transaction():
            wizard_return = _picking(store, fx["in_type"], fx["customers"], fx["stock"], bin_, 1,
                                     name="WH/IN/00016", group_id=group, return_id=so["picking_id"], partner_id=partner,
                                     origin="Return of WH/OUT/00032", move_group_id=group,
                                     move_sale_line_id=so["line_ids"][0],
                                     move_origin_returned_move_id=so["move_ids"][0], move_to_refund=True)
            _env(store)["stock.picking"].button_validate([wizard_return])
        self.learn("stock.picking", 55, wizard_return)
        store.set_counter(("picking", "WH/IN/"), 18)
        store.fixed_now = "2026-12-01 17:35:01"

    def q2_second_create(self):
        self.store.fixed_now = "2026-12-01 17:35:02"

    def q2_validate_receipts(self):
        """The lab validated receipts 57 and 58 before reading qty_delivered."""
        with self.store.transaction():
            pickings = _env(self.store)["stock.picking"]
            pickings.button_validate([self.mapped("stock.picking", 57), self.mapped("stock.picking", 58)])
        self.store.fixed_now = None

    # ------------------------------------------------------------------ q4
    def q4_bot(self):
        """returns-bot2 (uid 9) with Inventory / User + Invoicing / Billing and an e-mail."""
        self.store.set_next_id("res.users", BOT_UID)
        uid = add_api_user(self.server, "returns-bot2", api_key=BOT_PASSWORD, groups=S1,
                           email="returns-bot2@example.com")
        assert uid == BOT_UID
        models = {row["model"]: row["id"] for row in self.store.search_read("ir.model", [], ["model"])}
        self.learn("ir.model", 461, models["account.move"])
        self.learn("ir.model", 521, models["stock.picking"])

    def q4_erp_manager(self):
        self.store.user_groups[BOT_UID] = set(S1) | {"base.group_erp_manager"}

    # ------------------------------------------------------------------ q7
    def q7_variant(self):
        template = self.mapped("product.template", 39)
        variant = next(pid for pid, row in self.store.tables["product.product"].items()
                       if row["product_tmpl_id"] == template)
        self.learn("product.product", 50, variant)

    def q7_vendor_receipt(self):
        """Vendor receipt 75 of 3 speakers (move 134), confirmed."""
        store, fx = self.store, self.fx
        with store.transaction():
            picking = _picking(store, fx["in_type"], fx["vendors"], fx["stock"], self.mapped("product.product", 50), 3)
        self.learn("stock.picking", 75, picking)
        self.learn("stock.move", 134, _moves_of(store, picking)[0])

    def q7_delivery(self):
        """Receipt 75 validated (lots SN-001..003 = 5..7), then S00032 delivered SN-001 (WH/OUT/00038)."""
        store = self.store
        with store.transaction():
            _env(store)["stock.picking"].button_validate([self.mapped("stock.picking", 75)])
        lots = {row["name"]: row["id"] for row in store.search_read("stock.lot", [], ["name"])}
        for rec, name in ((5, "SN-001"), (6, "SN-002"), (7, "SN-003")):
            self.learn("stock.lot", rec, lots[name])
        store.set_counter(("picking", "WH/OUT/"), 38)
        speaker = self.mapped("product.product", 50)
        so = store.add_delivered_sale_order("S00032", 15, [(speaker, 1, 100.0, 15.0)], invoiced=False,
                                            date="2026-12-01 17:40:30")  # Azure Interior, made for q2
        group = store.tables["stock.picking"][so["picking_id"]]["group_id"]
        for model, rec, act in (("stock.picking", 76, so["picking_id"]), ("stock.move", 135, so["move_ids"][0]),
                                ("sale.order.line", 62, so["line_ids"][0]), ("procurement.group", 31, group),
                                ("stock.move.line", 113, _lines_of(store, so["picking_id"])[0])):
            self.learn(model, rec, act)

    def _return(self, recorded_picking, recorded_line, **line_vals):
        store, fx = self.store, self.fx
        with store.transaction():
            picking = _picking(store, fx["in_type"], fx["customers"], self.mapped("stock.location", 39),
                               self.mapped("product.product", 50), 1, name="Return",
                               group_id=self.mapped("procurement.group", 31))
            line = _lines_of(store, picking)[0]
            if line_vals:
                _env(store)["stock.move.line"]._write([line], {**line_vals, "quantity": 1, "picked": True})
        self.learn("stock.picking", recorded_picking, picking)
        self.learn("stock.move.line", recorded_line, line)

    def q7_return_77(self):
        self._return(77, 114)

    def q7_return_78(self):
        self._return(78, 115)

    def q7_return_79(self):
        self._return(79, 116, lot_name="SN-FOREIGN-9")

    def q7_return_80(self):
        self._return(80, 117, lot_id=self.mapped("stock.lot", 5))


# step -> the hook to run just before it (after it, for the "after:" ones).
BEFORE = {
    "q1_delivery_action_assign": "q1_stock",
    "q1_reparent_location#2": "q1_move_me",
    "q2_create_receipt_group_on_move_error": "q2_order",
    "q2_create_receipt_like_wizard": "q2_second_create",
    "q2_qty_delivered_after": "q2_validate_receipts",
    "q4_has_access": "q4_bot",
    "q4_ir_model_with_erp_manager": "q4_erp_manager",
    "q7_vendor_receipt_lot_names": "q7_vendor_receipt",
    "q7_delivery_move_lines": "q7_delivery",
    "q7_return_validate_without_serial": "q7_return_77",
    "q7_return_lot_name_existing": "q7_return_78",
    "q7_return_validate_lot_name_new": "q7_return_79",
    "q7_return_validate_serial_already_in_stock": "q7_return_80",
}
AFTER = {"q7_template_create_serial": "q7_variant"}
