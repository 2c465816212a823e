"""Purchase (purchase + purchase_stock) as Odoo 18 behaves for vendor returns (API_FACTS-odoo18-round2.md §5).

- ``button_confirm`` names the order (P00001) and makes its receipt (Partners/Vendors → WH/Stock),
  each move linked to its line by ``purchase_line_id``; a picking's ``purchase_id`` is derived from
  its moves' lines, as in Odoo.
- ``qty_received`` follows ``_compute_qty_received``: done moves of the line into an internal location
  add; done moves to a supplier location subtract when they have no ``origin_returned_move_id``, or
  have one **and** ``to_refund``; with ``origin_returned_move_id`` and ``to_refund=False`` they are ignored.
- ``qty_invoiced`` counts posted bill lines linked by ``purchase_line_id``: in_invoice adds, in_refund
  subtracts. ``action_create_invoice`` leaves the bill's ``invoice_date`` empty (posting then needs it).
Fields are added to stock.move, stock.picking and account.move.line by ``extend``.
"""

from __future__ import annotations

from ..fields import Char, Float, Many2one, One2many, Selection
from ..orm import BaseModel, api
from ..errors import UserError


class PurchaseOrder(BaseModel):
    _name = "purchase.order"
    _description = "Purchase Order"
    _order = "id desc"

    name = Char("Order Reference", default="New")
    partner_id = Many2one("res.partner", "Vendor", required=True)
    partner_ref = Char("Vendor Reference")
    origin = Char("Source Document")
    state = Selection([("draft", "RFQ"), ("sent", "RFQ Sent"), ("to approve", "To Approve"),
                       ("purchase", "Purchase Order"), ("done", "Locked"), ("cancel", "Cancelled")],
                      "Status", default="draft")
    company_id = Many2one("res.company", "Company", default=lambda env: 1)
    order_line = One2many("purchase.order.line", "order_id", "Order Lines", cascade=True)
    picking_ids = One2many("stock.picking", "purchase_id", "Receptions", compute="_compute_picking_ids")
    invoice_ids = One2many("account.move", "invoice_origin", "Bills", compute="_compute_invoice_ids")
    invoice_status = Selection([("no", "Nothing to Bill"), ("to invoice", "Waiting Bills"),
                                ("invoiced", "Fully Billed")], "Billing Status", compute="_compute_invoice_status")

    def _lines(self, rid):
        return sorted(lid for lid, row in self.store.tables["purchase.order.line"].items() if row["order_id"] == rid)

    def _compute_picking_ids(self, rid):
        pickings = self.env["stock.picking"]
        return sorted(pid for pid in pickings.table if pickings.value_of(pid, "purchase_id") == rid)

    def _compute_invoice_ids(self, rid):
        lines = self.store.tables["account.move.line"]
        mine = set(self._lines(rid))
        return sorted({row["move_id"] for row in lines.values() if row.get("purchase_line_id") in mine},
                      reverse=True)

    def _compute_invoice_status(self, rid):
        pol = self.env["purchase.order.line"]
        if self.table[rid]["state"] not in ("purchase", "done"):
            return "no"
        if any(abs(pol.value_of(lid, "qty_to_invoice")) > 1e-9 for lid in self._lines(rid)):
            return "to invoice"
        return "invoiced" if self._compute_invoice_ids(rid) else "no"

    def _compute_display_name(self, rid):
        row = self.table[rid]
        return f"{row['name']} ({row['partner_ref']})" if row.get("partner_ref") else row["name"]

    @api.records
    def button_confirm(self, ids):
        for rid in ids:
            if self.table[rid]["state"] not in ("draft", "sent"):
                continue
            number = self.store.next_number(("purchase", "P"))
            self.store.update(self._name, rid, {"name": f"P{number:05d}", "state": "purchase"})
            self._create_receipt(rid)
        return True

    def _create_receipt(self, rid):
        row = self.table[rid]
        warehouse = self.store.tables["stock.warehouse"][min(self.store.tables["stock.warehouse"])]
        in_type = warehouse["in_type_id"]
        types = self.store.tables["stock.picking.type"][in_type]
        src, dest = types["default_location_src_id"], types["default_location_dest_id"]
        moves = []
        for lid in self._lines(rid):
            line = self.store.tables["purchase.order.line"][lid]
            vals = {"product_id": line["product_id"], "product_uom_qty": line["product_qty"], "location_id": src,
                    "location_dest_id": dest, "purchase_line_id": lid, "partner_id": row["partner_id"]}
            if "name" in self.env["stock.move"].fields():  # 18 only (19 has no stock.move.name)
                vals["name"] = line.get("name") or "Purchase"
            moves.append((0, 0, vals))
        pickings = self.env["stock.picking"]
        picking = pickings._create_one({"picking_type_id": in_type, "location_id": src, "location_dest_id": dest,
                                        "partner_id": row["partner_id"], "origin": row["name"], "move_ids": moves})
        pickings.action_confirm([picking])
        pickings.action_assign([picking])
        return picking

    @api.records
    def action_create_invoice(self, ids):
        """A draft bill for what was received and not billed yet; Odoo answers with the Bills action."""
        moves = self.env["account.move"]
        pol = self.env["purchase.order.line"]
        bill = None
        for rid in ids:
            row = self.table[rid]
            lines = [(0, 0, {"product_id": pol.table[lid]["product_id"],
                             "quantity": pol.value_of(lid, "qty_to_invoice"),
                             "price_unit": pol.table[lid]["price_unit"], "purchase_line_id": lid})
                     for lid in self._lines(rid) if pol.value_of(lid, "qty_to_invoice") > 0]
            if not lines:
                raise UserError("There is no invoiceable line. If a product has a control policy based on received "
                                "quantity, please make sure that a quantity has been received.")
            bill = moves._create_one({"move_type": "in_invoice", "partner_id": row["partner_id"],
                                      "invoice_origin": row["name"], "invoice_line_ids": lines})
        return {"name": "Bills", "type": "ir.actions.act_window", "res_model": "account.move", "res_id": bill,
                "view_mode": "form", "context": {"create": False}}


class PurchaseOrderLine(BaseModel):
    _name = "purchase.order.line"
    _description = "Purchase Order Line"

    order_id = Many2one("purchase.order", "Order Reference", required=True, ondelete="cascade")
    name = Char("Description")
    product_id = Many2one("product.product", "Product")
    product_qty = Float("Quantity", default=1.0)
    price_unit = Float("Unit Price")
    partner_id = Many2one("res.partner", related="order_id.partner_id")
    state = Selection([("draft", "RFQ"), ("purchase", "Purchase Order"), ("done", "Locked"),
                       ("cancel", "Cancelled")], related="order_id.state")
    qty_received = Float("Received Qty", compute="_compute_qty_received")
    qty_invoiced = Float("Billed Qty", compute="_compute_qty_invoiced")
    qty_to_invoice = Float("To Invoice Quantity", compute="_compute_qty_to_invoice")
    move_ids = One2many("stock.move", "purchase_line_id", "Reservation")

    def _compute_qty_received(self, rid):
        locations = self.env["stock.location"]
        total = 0.0
        for move in self.store.tables["stock.move"].values():
            if move.get("purchase_line_id") != rid or move.get("state") != "done":
                continue
            if locations.usage_of(move["location_dest_id"]) == "supplier":
                if not move.get("origin_returned_move_id") or move.get("to_refund"):
                    total -= move.get("quantity") or move["product_uom_qty"]
            elif locations.usage_of(move["location_dest_id"]) == "internal":
                total += move.get("quantity") or move["product_uom_qty"]
        return round(total, 6)

    def _compute_qty_invoiced(self, rid):
        moves = self.store.tables["account.move"]
        total = 0.0
        for line in self.store.tables["account.move.line"].values():
            move = moves.get(line.get("move_id"))
            if line.get("purchase_line_id") != rid or not move or move["state"] != "posted":
                continue
            sign = {"in_invoice": 1, "in_refund": -1}.get(move["move_type"], 0)
            total += sign * (line.get("quantity") or 0.0)
        return round(total, 6)

    def _compute_qty_to_invoice(self, rid):
        return round(self._compute_qty_received(rid) - self._compute_qty_invoiced(rid), 6)

    def _compute_display_name(self, rid):
        row = self.table[rid]
        order = self.store.tables["purchase.order"].get(row["order_id"], {})
        return f"{order.get('name', '')}: {row.get('name') or ''}".strip()


def _picking_purchase(self, rid):
    """stock.picking.purchase_id: the order of its moves' purchase lines (purchase_stock)."""
    lines = self.store.tables["purchase.order.line"]
    for move in self.store.tables["stock.move"].values():
        if move.get("picking_id") == rid and move.get("purchase_line_id") in lines:
            return lines[move["purchase_line_id"]]["order_id"]
    return False


def extend(model_classes):
    """Add purchase_stock's fields to stock.move, stock.picking and account.move.line."""
    by_name = {cls._name: cls for cls in model_classes}
    by_name["stock.move"].purchase_line_id = Many2one("purchase.order.line", "Purchase Order Line")
    by_name["stock.picking"].purchase_id = Many2one("purchase.order", "Purchase Orders",
                                                    compute="_compute_purchase_id")
    by_name["stock.picking"]._compute_purchase_id = _picking_purchase
    by_name["account.move.line"].purchase_line_id = Many2one("purchase.order.line", "Purchase Order Line")


MODELS = [PurchaseOrder, PurchaseOrderLine]
