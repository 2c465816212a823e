"""Stock moves and move lines: confirmation, reservation and the done step.

A move's ``quantity`` is what will be moved (reserved, or typed by the user) and is kept
in its move lines, one per source location it was reserved from; quants only change
when a move is done. Moves whose source is not an internal/transit location (customers,
vendors, inventory) skip reservation and are assigned at once with quantity = demand,
which is why a customer return receipt is "assigned" right after ``action_confirm``.
"""

from __future__ import annotations

from ..fields import (
    Boolean,
    Char,
    Datetime,
    Float,
    Integer,
    Many2one,
    One2many,
    Selection,
    Text,
)
from ..orm import BaseModel

MOVE_STATES = [("draft", "New"), ("waiting", "Waiting Another Move"), ("confirmed", "Waiting Availability"),
               ("partially_available", "Partially Available"), ("assigned", "Available"),
               ("done", "Done"), ("cancel", "Cancelled")]
OPEN_STATES = ("waiting", "confirmed", "partially_available", "assigned")
COPIED_ON_SPLIT = ("name", "description_picking", "product_id", "product_uom", "location_id",
                   "location_dest_id", "picking_type_id", "partner_id", "origin", "sale_line_id",
                   "to_refund", "origin_returned_move_id", "company_id", "procure_method", "sequence",
                   "group_id")
EPSILON = 1e-9


def _company(env):
    return 1


class StockMove(BaseModel):
    _name = "stock.move"
    _description = "Stock Move"
    _order = "sequence, id"

    name = Char("Description", required=True)  # 18 only (required there)
    description_picking = Text("Description of Picking")
    description_picking_manual = Text()  # 19 only
    sequence = Integer(default=10)
    priority = Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    date = Datetime("Date Scheduled", default=lambda env: env.now())
    date_deadline = Datetime("Deadline")
    company_id = Many2one("res.company", "Company", default=_company)
    product_id = Many2one("product.product", "Product", required=True)
    product_tmpl_id = Many2one("product.template", related="product_id.product_tmpl_id")
    product_uom_qty = Float("Demand")
    product_qty = Float("Real Quantity", compute="_compute_product_qty")
    product_uom = Many2one("uom.uom", "Unit", required=True)
    quantity = Float("Quantity")
    picked = Boolean("Picked")
    state = Selection(MOVE_STATES, "Status", default="draft")
    location_id = Many2one("stock.location", "Source Location", required=True)
    location_dest_id = Many2one("stock.location", "Destination Location", required=True)
    partner_id = Many2one("res.partner", "Destination Address")
    picking_id = Many2one("stock.picking", "Transfer")
    picking_type_id = Many2one("stock.picking.type", "Operation Type")
    picking_code = Selection([("incoming", "Receipt"), ("outgoing", "Delivery"), ("internal", "Internal Transfer")],
                             related="picking_type_id.code")
    origin = Char("Source Document")
    reference = Char(compute="_compute_reference")
    procure_method = Selection([("make_to_stock", "Default: Take From Stock"),
                                ("make_to_order", "Advanced: Apply Procurement Rules")],
                               default="make_to_stock")
    origin_returned_move_id = Many2one("stock.move", "Origin return move")
    returned_move_ids = One2many("stock.move", "origin_returned_move_id", "All returned moves")
    # 19's stock_account declares default=True (API_FACTS-odoo19-round2.md); 18 has no default.
    to_refund = Boolean("Update quantities on SO/PO", default=lambda env: env.version >= 19)
    group_id = Many2one("procurement.group", "Procurement Group")  # 18 only
    sale_line_id = Many2one("sale.order.line", "Sale Line")
    move_line_ids = One2many("stock.move.line", "move_id", "Move Lines", cascade=True)
    scrap_id = Many2one("stock.scrap", "Scrap")
    scrapped = Boolean(compute="_compute_scrapped")  # 18 only
    is_inventory = Boolean("Inventory")

    def _compute_product_qty(self, rid):
        return self.table[rid]["product_uom_qty"]

    def _compute_reference(self, rid):
        row = self.table[rid]
        for model, key in (("stock.picking", "picking_id"), ("stock.scrap", "scrap_id")):
            if row.get(key) and row[key] in self.store.tables[model]:
                return self.store.tables[model][row[key]]["name"]
        return row.get("name") or False

    def _compute_scrapped(self, rid):
        dest = self.store.tables["stock.location"].get(self.table[rid]["location_dest_id"], {})
        return bool(dest.get("scrap_location"))

    def _compute_display_name(self, rid):
        row = self.table[rid]
        picking = self.store.tables["stock.picking"].get(row.get("picking_id")) or {}
        product = self.store.tables["product.product"].get(row["product_id"]) or {}
        locations = self.store.tables["stock.location"]
        prefix = f"{picking['origin']}/" if picking.get("origin") else ""
        code = f"{product['default_code']}: " if product.get("default_code") else ""
        return (f"{prefix}{code}{locations.get(row['location_id'], {}).get('name')}>"
                f"{locations.get(row['location_dest_id'], {}).get('name')}")

    # ----------------------------------------------------------------- hooks
    def _prepare_create(self, vals):
        picking = self.store.tables["stock.picking"].get(vals.get("picking_id"))
        if picking:
            for key in ("location_id", "location_dest_id", "picking_type_id", "partner_id"):
                if not vals.get(key) and picking.get(key):
                    vals[key] = picking[key]
        product = self.store.tables["product.product"].get(vals.get("product_id"))
        if vals.get("product_id") and not product:
            self.env.ensure_exists("product.product", [vals["product_id"]])
        if product and not vals.get("product_uom"):
            vals["product_uom"] = self.env["product.product"].value_of(vals["product_id"], "uom_id")
        return vals

    def _post_create(self, rid, vals):
        row = self.table[rid]
        if row.get("quantity"):
            self._sync_lines(rid, row["quantity"])
        picking_id = row.get("picking_id")
        if picking_id:
            self.env["stock.picking"].link_sale_order(picking_id)
            if self.env["stock.picking"].value_of(picking_id, "state") != "draft" and row["state"] == "draft":
                self._action_confirm([rid])

    def _post_write(self, ids, vals):
        if "quantity" in vals:
            for rid in ids:
                row = self.table[rid]
                if row["state"] in ("done", "cancel"):
                    continue  # corrections of done moves are not modelled
                self._sync_lines(rid, row["quantity"])
                if row["state"] in OPEN_STATES:
                    self._recompute_state(rid)
        if "picking_id" in vals:
            for rid in ids:
                for ml in self.value_of(rid, "move_line_ids"):
                    self.store.update("stock.move.line", ml, {"picking_id": self.table[rid].get("picking_id")})

    # ------------------------------------------------------------- workflow
    def _action_confirm(self, ids):
        for rid in ids:
            if self.table[rid]["state"] != "draft":
                continue
            self.store.update(self._name, rid, {"state": "confirmed"})
            if self.env["stock.location"].bypasses_reservation(self.table[rid]["location_id"]):
                self._action_assign([rid])

    def _action_assign(self, ids):
        quants = self.env["stock.quant"]
        locations = self.env["stock.location"]
        for rid in ids:
            row = self.table[rid]
            if row["state"] not in ("confirmed", "partially_available", "waiting", "assigned"):
                continue
            demand = row["product_uom_qty"]
            if locations.bypasses_reservation(row["location_id"]):
                if row["quantity"] < demand:
                    self._write([rid], {"quantity": demand})
                self.store.update(self._name, rid, {"state": "assigned"})
                continue
            missing = demand - row["quantity"]
            for loc in sorted(locations.child_ids_of(row["location_id"])):
                if missing <= EPSILON:
                    break
                for qid in quants.quants_at(row["product_id"], loc):
                    free = quants.table[qid]["quantity"] - quants.reserved_of(qid)
                    take = min(free, missing)
                    if take > EPSILON:
                        self._add_line(rid, loc, take, lot_id=quants.table[qid].get("lot_id") or False)
                        missing -= take
                    if missing <= EPSILON:
                        break
            self.store.update(self._name, rid, {"quantity": self._lines_total(rid)})
            self._recompute_state(rid)

    def _recompute_state(self, rid):
        row = self.table[rid]
        if row["quantity"] >= row["product_uom_qty"] - EPSILON and row["product_uom_qty"] > 0:
            state = "assigned"
        elif row["quantity"] > EPSILON:
            state = "partially_available"
        else:
            state = "confirmed"
        self.store.update(self._name, rid, {"state": state})

    def _lines(self, rid):
        return self.store.children("stock.move.line", "move_id", rid)

    def _lines_total(self, rid):
        return sum(self.store.tables["stock.move.line"][mid]["quantity"] for mid in self._lines(rid))

    def _add_line(self, rid, location_id, qty, lot_id=False):
        lines = self.store.tables["stock.move.line"]
        for mid in self._lines(rid):
            if lines[mid]["location_id"] == location_id and (lines[mid].get("lot_id") or False) == lot_id:
                self.store.update("stock.move.line", mid, {"quantity": lines[mid]["quantity"] + qty})
                return mid
        row = self.table[rid]
        return self.env["stock.move.line"]._create_one({
            "move_id": rid, "picking_id": row.get("picking_id"), "product_id": row["product_id"],
            "product_uom_id": row["product_uom"], "location_id": location_id,
            "location_dest_id": row["location_dest_id"], "quantity": qty, "company_id": row.get("company_id"),
            "lot_id": lot_id,
        })

    def _sync_lines(self, rid, qty):
        """Make the move lines hold ``qty`` in total (typed quantity or reservation)."""
        lines = self.store.tables["stock.move.line"]
        remaining = qty
        for mid in self._lines(rid):
            keep = min(lines[mid]["quantity"], max(remaining, 0.0))
            remaining -= keep
            if keep <= EPSILON:
                self.env["stock.move.line"]._unlink([mid])
            elif keep != lines[mid]["quantity"]:
                self.store.update("stock.move.line", mid, {"quantity": keep})
        if remaining > EPSILON:
            self._add_line(rid, self.table[rid]["location_id"], remaining)

    def _cancel(self, ids):
        for rid in ids:
            self.env["stock.move.line"]._unlink(self._lines(rid))
            self.store.update(self._name, rid, {"state": "cancel", "quantity": 0.0})

    def _done(self, rid, qty):
        """Move ``qty`` (already checked by the caller) and mark the move done."""
        self._sync_lines(rid, qty)
        self.env["stock.lot"].check_lines_before_done(rid)
        self._synch_order(rid)
        quants = self.env["stock.quant"]
        lines = self.store.tables["stock.move.line"]
        row = self.table[rid]
        # Only storable products ("Track Inventory") have quants, as in Odoo.
        storable = self.env["product.product"].value_of(row["product_id"], "is_storable")
        for mid in self._lines(rid):
            ml = lines[mid]
            if storable:
                lot = ml.get("lot_id") or False
                quants.update_available(row["product_id"], ml["location_id"], -ml["quantity"], lot)
                quants.update_available(row["product_id"], ml["location_dest_id"], ml["quantity"], lot)
            self.store.update("stock.move.line", mid, {"picked": True, "date": self.env.now()})
        self.store.update(self._name, rid, {"state": "done", "quantity": qty, "picked": True,
                                            "date": self.env.now()})

    def _synch_order(self, rid):
        """sale_stock's ``_action_synch_order``: a move from a customer location with
        ``to_refund`` and no sale line, on a picking of an order, is linked to the order's line
        of the same product (API_FACTS-odoo19-round2.md; with 19's default to_refund=True this
        is what pushed an over-receipt's qty_delivered to -1)."""
        row = self.table[rid]
        if row.get("sale_line_id") or not row.get("to_refund") \
                or self.env["stock.location"].usage_of(row["location_id"]) != "customer":
            return
        order = self.store.tables["stock.picking"].get(row.get("picking_id"), {}).get("sale_id")
        lines = self.store.tables["sale.order.line"]
        match = sorted(lid for lid, line in lines.items()
                       if line.get("order_id") == order and line.get("product_id") == row["product_id"])
        if order and match:
            self.store.update(self._name, rid, {"sale_line_id": match[0]})

    def split(self, rid, qty):
        """Detach ``qty`` of the demand into a new (confirmed) move, for a backorder."""
        row = self.table[rid]
        vals = {k: row[k] for k in COPIED_ON_SPLIT if k in self.fields() and k in row}
        vals.update(product_uom_qty=qty, state="confirmed", picking_id=row.get("picking_id"))
        new_id = self._create_one(vals)
        self.store.update(self._name, rid, {"product_uom_qty": row["product_uom_qty"] - qty})
        return new_id

    def inventory_location(self, near_location):
        """The company's inventory-adjustment location (in 18 not the scrap location)."""
        locations = self.store.tables["stock.location"]
        for lid in sorted(locations):
            row = locations[lid]
            if row.get("usage") == "inventory" and not row.get("scrap_location") and row.get("active", True):
                return lid
        raise ValueError("no inventory adjustment location")

    def create_done(self, product_id, qty, src, dest, **extra):
        vals = {"product_id": product_id, "product_uom_qty": qty, "location_id": src, "location_dest_id": dest}
        if "name" in self.fields():
            vals["name"] = extra.pop("reference", None) or "Move"
        else:
            extra.pop("reference", None)
        vals.update(extra)
        rid = self._create_one(vals)
        self.store.update(self._name, rid, {"state": "confirmed"})
        self._done(rid, qty)
        return rid


class StockMoveLine(BaseModel):
    _name = "stock.move.line"
    _description = "Product Moves (Stock Move Line)"
    _order = "id"

    move_id = Many2one("stock.move", "Stock Operation", ondelete="cascade")
    picking_id = Many2one("stock.picking", "Transfer")
    product_id = Many2one("product.product", "Product", required=True)
    product_uom_id = Many2one("uom.uom", "Unit")
    quantity = Float("Quantity")
    picked = Boolean("Picked")
    lot_id = Many2one("stock.lot", "Lot/Serial Number")
    lot_name = Char("Lot/Serial Number Name")
    location_id = Many2one("stock.location", "From", required=True)
    location_dest_id = Many2one("stock.location", "To", required=True)
    date = Datetime(default=lambda env: env.now())
    company_id = Many2one("res.company", "Company", default=_company)
    state = Selection(MOVE_STATES, related="move_id.state")
    reference = Char(related="move_id.reference")

    def _compute_display_name(self, rid):
        return self.env["product.product"].display_name_of(self.table[rid]["product_id"])


MODELS = [StockMove, StockMoveLine]
