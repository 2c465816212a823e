"""Procurement groups (what ties an order's transfers together in 18) and lots/serials.

API_FACTS-odoo18-round2.md section 2: ``stock.picking.sale_id`` is stored but computed from
``group_id.sale_id``, so ``sale.order.picking_ids`` lists a return receipt only when the
receipt carries the delivery's group; writing ``sale_id`` itself runs ``_set_sale_id``,
which creates a *second* group. The group's ``move_type`` is copied onto a picking only
when ``group_id`` is in the picking's own vals (the "Shipping Policy" trap).

Section 7: a serial-tracked product needs a lot on every move line at validation; a lot
given by id that is already in stock is refused ("has already been assigned"), while a
``lot_name`` is resolved to the existing lot (or a new one) without that check.
"""

from __future__ import annotations

from ..errors import UserError
from ..fields import Char, Float, Many2one, Selection
from ..orm import BaseModel

MOVE_TYPES = [("direct", "As soon as possible"), ("one", "When all products are ready")]
LOT_MISSING = "You need to supply a Lot/Serial Number for product:\n- {product}"
SERIAL_TAKEN = "The serial number has already been assigned: \n Product: {product}, Serial Number: {lot}"


def _company(env):
    return 1


class ProcurementGroup(BaseModel):
    _name = "procurement.group"
    _description = "Procurement Group"

    name = Char("Reference", required=True)
    move_type = Selection(MOVE_TYPES, "Delivery Type", default="direct", required=True)
    partner_id = Many2one("res.partner", "Partner")
    sale_id = Many2one("sale.order", "Sale Order")

    def for_sale_order(self, order_id):
        """A new group for an order (what ``_set_sale_id`` creates when the picking has none)."""
        name = self.store.tables["sale.order"].get(order_id, {}).get("name") or "/"
        return self._create_one({"name": name, "sale_id": order_id})


class StockLot(BaseModel):
    _name = "stock.lot"
    _description = "Lot/Serial"
    _order = "name, id"

    name = Char("Lot/Serial Number", required=True)
    product_id = Many2one("product.product", "Product", required=True)
    company_id = Many2one("res.company", "Company", default=_company)
    product_qty = Float("On Hand Quantity", compute="_compute_product_qty")
    location_id = Many2one("stock.location", "Location", compute="_compute_location")
    last_delivery_partner_id = Many2one("res.partner", "Delivered to", compute="_compute_last_delivery_partner")

    def _quants(self, rid):
        return [q for q in self.store.tables["stock.quant"].values() if q.get("lot_id") == rid and q["quantity"]]

    def _compute_product_qty(self, rid):
        locations = self.env["stock.location"]
        return sum(q["quantity"] for q in self._quants(rid) if locations.usage_of(q["location_id"]) == "internal")

    def _compute_location(self, rid):
        held = {q["location_id"] for q in self._quants(rid) if q["quantity"] > 0}
        return held.pop() if len(held) == 1 else False

    def _compute_last_delivery_partner(self, rid):
        moves, pickings = self.store.tables["stock.move"], self.store.tables["stock.picking"]
        locations = self.env["stock.location"]
        partner = False
        for ml in sorted(self.store.tables["stock.move.line"].values(), key=lambda r: r.get("date") or ""):
            move = moves.get(ml["move_id"], {})
            if ml.get("lot_id") == rid and move.get("state") == "done" \
                    and locations.usage_of(ml["location_dest_id"]) == "customer":
                partner = pickings.get(move.get("picking_id"), {}).get("partner_id") or partner
        return partner

    def find(self, product_id, name):
        return next((lid for lid, row in self.table.items()
                     if row["product_id"] == product_id and row["name"] == name), False)

    def check_lines_before_done(self, move_id):
        """Give every move line of a serial/lot product its lot, as validation does."""
        move = self.store.tables["stock.move"][move_id]
        products = self.env["product.product"]
        if products.value_of(move["product_id"], "tracking") in ("none", False):
            return
        label = products.display_name_of(move["product_id"])
        lines = self.store.tables["stock.move.line"]
        incoming = self.env["stock.location"].usage_of(move["location_id"]) != "internal"
        for mlid in [m for m, ml in lines.items() if ml["move_id"] == move_id and ml["quantity"]]:
            ml = lines[mlid]
            if ml.get("lot_id"):
                if incoming and self._compute_product_qty(ml["lot_id"]) > 0:
                    raise UserError(SERIAL_TAKEN.format(product=label, lot=self.table[ml["lot_id"]]["name"]))
                continue
            if not ml.get("lot_name"):
                raise UserError(LOT_MISSING.format(product=label))
            lot = self.find(move["product_id"], ml["lot_name"]) or self._create_one(
                {"name": ml["lot_name"], "product_id": move["product_id"]})
            self.store.update("stock.move.line", mlid, {"lot_id": lot})


MODELS = [ProcurementGroup, StockLot]
