"""Warehouse structure and on-hand stock: warehouses, locations, operation types, quants."""

from __future__ import annotations

from ..errors import UserError
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
from ..orm import BaseModel, api

USAGES = [("supplier", "Vendor Location"), ("view", "View"), ("internal", "Internal Location"),
          ("customer", "Customer Location"), ("inventory", "Inventory Loss"),
          ("production", "Production"), ("transit", "Transit Location")]
# Stock taken from these locations is not reserved (Odoo's "bypass reservation").
RESERVABLE_USAGES = ("internal", "transit")


def _company(env):
    return 1


class StockWarehouse(BaseModel):
    _name = "stock.warehouse"
    _description = "Warehouse"
    _order = "sequence, id"

    name = Char("Warehouse", required=True)
    code = Char("Short Name", required=True)
    company_id = Many2one("res.company", "Company", default=_company)
    partner_id = Many2one("res.partner", "Address")
    view_location_id = Many2one("stock.location", "View Location")
    lot_stock_id = Many2one("stock.location", "Location Stock")
    in_type_id = Many2one("stock.picking.type", "In Type")
    out_type_id = Many2one("stock.picking.type", "Out Type")
    int_type_id = Many2one("stock.picking.type", "Internal Type")
    sequence = Integer(default=10)
    active = Boolean(default=True)


class StockLocation(BaseModel):
    _name = "stock.location"
    _description = "Inventory Locations"
    _order = "complete_name, id"
    _rec_name = "complete_name"
    _parent_name = "location_id"

    name = Char("Location Name", required=True)
    complete_name = Char("Full Location Name", compute="_compute_complete_name")
    usage = Selection(USAGES, "Location Type", default="internal", required=True)
    location_id = Many2one("stock.location", "Parent Location")
    child_ids = One2many("stock.location", "location_id", "Contains")
    company_id = Many2one("res.company", "Company", default=_company)
    active = Boolean(default=True)
    scrap_location = Boolean("Is a Scrap Location?")  # 18 only
    comment = Text("Additional Information")  # 18 only
    barcode = Char()
    warehouse_id = Many2one("stock.warehouse", "Warehouse", compute="_compute_warehouse")

    def _compute_complete_name(self, rid):
        row = self.table[rid]
        parent = row.get("location_id")
        if parent and row.get("usage") != "view" and parent in self.table:
            return f"{self._compute_complete_name(parent)}/{row.get('name')}"
        return row.get("name") or ""

    def _compute_warehouse(self, rid):
        chain = self.ancestors(rid, "location_id")
        for wid, wh in self.store.tables["stock.warehouse"].items():
            if wh.get("view_location_id") in chain:
                return wid
        return False

    def _prepare_write(self, ids, vals):
        """Odoo refuses to change the type (or, in 18, the scrap flag) of a location holding
        stock, even when the same write only re-parents it otherwise (facts section 1)."""
        for rid in ids:
            row = self.table[rid]
            changed = [k for k in ("usage", "scrap_location") if k in vals and vals[k] != row.get(k)]
            if changed and row.get("usage") == "internal" and self._holds_stock(rid):
                raise UserError("Internal locations having stock can't be converted")
        return vals

    def _holds_stock(self, rid):
        return any(q["location_id"] == rid and q["quantity"] for q in self.store.tables["stock.quant"].values())

    def warehouse_view_ids(self):
        """The view locations of every warehouse: what Odoo counts as stock by default."""
        return [wh["view_location_id"] for wh in self.store.tables["stock.warehouse"].values()
                if wh.get("view_location_id") and wh.get("active", True)]

    def child_ids_of(self, rid):
        """The location and all its descendants (Odoo's ``child_of``)."""
        return [lid for lid in self.table if rid in self.ancestors(lid, "location_id")]

    def usage_of(self, rid):
        return self.table[rid].get("usage") if rid in self.table else False

    def bypasses_reservation(self, rid):
        return self.usage_of(rid) not in RESERVABLE_USAGES


class StockPickingType(BaseModel):
    _name = "stock.picking.type"
    _description = "Picking Type"
    _order = "sequence, id"

    name = Char("Operation Type", required=True)
    code = Selection([("incoming", "Receipt"), ("outgoing", "Delivery"), ("internal", "Internal Transfer")],
                     "Type of Operation", required=True)
    sequence_code = Char("Sequence Prefix", required=True)
    sequence = Integer(default=10)
    warehouse_id = Many2one("stock.warehouse", "Warehouse")
    default_location_src_id = Many2one("stock.location", "Default Source Location")
    default_location_dest_id = Many2one("stock.location", "Default Destination Location")
    return_picking_type_id = Many2one("stock.picking.type", "Operation Type for Returns")
    create_backorder = Selection([("ask", "Ask"), ("always", "Always"), ("never", "Never")],
                                 "Create Backorder", default="ask")
    company_id = Many2one("res.company", "Company", default=_company)
    active = Boolean(default=True)

    def _compute_display_name(self, rid):
        row = self.table[rid]
        wh = row.get("warehouse_id")
        name = row.get("name") or ""
        if wh and wh in self.store.tables["stock.warehouse"]:
            return f"{self.store.tables['stock.warehouse'][wh]['name']}: {name}"
        return name

    def sequence_prefix(self, rid):
        row = self.table[rid]
        wh = self.store.tables["stock.warehouse"].get(row.get("warehouse_id"))
        return f"{wh['code']}/{row['sequence_code']}/" if wh else f"{row['sequence_code']}/"


class StockQuant(BaseModel):
    """On-hand quantity of one product at one location (no lots, packages or owners)."""

    _name = "stock.quant"
    _description = "Quants"

    product_id = Many2one("product.product", "Product", required=True)
    location_id = Many2one("stock.location", "Location", required=True)
    lot_id = Many2one("stock.lot", "Lot/Serial Number")
    quantity = Float("Quantity")
    reserved_quantity = Float("Reserved Quantity", compute="_compute_reserved")
    available_quantity = Float("Available Quantity", compute="_compute_available")
    inventory_quantity = Float("Counted Quantity")
    inventory_diff_quantity = Float("Difference", compute="_compute_diff")
    inventory_quantity_set = Boolean("Inventory Quantity Set")
    product_uom_id = Many2one("uom.uom", "Unit", related="product_id.uom_id")
    company_id = Many2one("res.company", "Company", default=_company)
    in_date = Datetime("Incoming Date")
    user_id = Many2one("res.users", "Assigned To")

    def _compute_display_name(self, rid):
        row = self.table[rid]
        return (f"{self.env['stock.location'].display_name_of(row['location_id'])} - "
                f"{self.env['product.product'].display_name_of(row['product_id'])}")

    def reserved_of(self, rid):
        row = self.table[rid]
        if self.env["stock.location"].bypasses_reservation(row["location_id"]):
            return 0.0
        # Only moves still in progress reserve anything: read those and their lines, not every line.
        open_moves = self.store.ids_where_not("stock.move", "state", ("done", "cancel", None))
        lines = self.store.tables["stock.move.line"]
        return sum(ml["quantity"] for ml in (lines[i] for mid in open_moves
                                             for i in self.store.children("stock.move.line", "move_id", mid))
                   if ml["product_id"] == row["product_id"] and ml["location_id"] == row["location_id"]
                   and (ml.get("lot_id") or False) == (row.get("lot_id") or False))

    def _compute_reserved(self, rid):
        return self.reserved_of(rid)

    def _compute_available(self, rid):
        return self.table[rid]["quantity"] - self.reserved_of(rid)

    def _compute_diff(self, rid):
        row = self.table[rid]
        return row["inventory_quantity"] - row["quantity"] if row.get("inventory_quantity_set") else 0.0

    def quant_for(self, product_id, location_id, create=True, lot_id=False):
        for qid, row in self.table.items():
            if row["product_id"] == product_id and row["location_id"] == location_id \
                    and (row.get("lot_id") or False) == (lot_id or False):
                return qid
        if not create:
            return False
        return self._create_one({"product_id": product_id, "location_id": location_id,
                                 "in_date": self.env.now(), "lot_id": lot_id or False})

    def quants_at(self, product_id, location_id):
        """The product's quants at one location, oldest first (one per lot)."""
        return sorted(qid for qid, row in self.table.items()
                      if row["product_id"] == product_id and row["location_id"] == location_id)

    def update_available(self, product_id, location_id, delta, lot_id=False):
        """Move stock in or out of a location (views hold no stock)."""
        if self.env["stock.location"].usage_of(location_id) == "view" or not delta:
            return
        qid = self.quant_for(product_id, location_id, lot_id=lot_id)
        self.store.update(self._name, qid, {"quantity": self.table[qid]["quantity"] + delta})

    def on_hand(self, product_id, location_ids):
        return sum(row["quantity"] for row in self.table.values()
                   if row["product_id"] == product_id and row["location_id"] in location_ids)

    def _inventory_mode(self):
        return bool(self.env.context.get("inventory_mode"))

    def _prepare_write(self, ids, vals):
        if "inventory_quantity" in vals:
            vals.setdefault("inventory_quantity_set", True)
        return vals

    @api.model
    def create(self, vals_list):
        single = isinstance(vals_list, dict)
        result = []
        for vals in [vals_list] if single else list(vals_list):
            vals = dict(vals)
            if self._inventory_mode() and "inventory_quantity" in vals and vals.get("product_id") \
                    and vals.get("location_id"):
                # Odoo reuses the quant of that product and location instead of adding one.
                qid = self.quant_for(vals["product_id"], vals["location_id"])
                rest = {k: v for k, v in vals.items() if k not in ("product_id", "location_id")}
                self._write([qid], rest)
                result.append(qid)
            else:
                result.append(self._create_one(vals))
        return result

    @api.records
    def write(self, ids, vals):
        if "quantity" in vals and not self._inventory_mode():
            raise UserError("Quant's editing is restricted, you can't do this operation.")
        if "quantity" in vals:
            vals = dict(vals)
            vals["inventory_quantity"] = vals.pop("quantity")
        return self._write(ids, vals)

    @api.records
    def action_set_inventory_quantity(self, ids):
        for rid in ids:
            self._write([rid], {"inventory_quantity": self.table[rid]["quantity"]})

    @api.records
    def action_apply_inventory(self, ids):
        """Apply counted quantities through inventory-adjustment moves; returns None."""
        moves = self.env["stock.move"]
        for rid in ids:
            row = self.table[rid]
            if not row.get("inventory_quantity_set"):
                continue
            diff = row["inventory_quantity"] - row["quantity"]
            if diff:
                adjust = moves.inventory_location(row["location_id"])
                src, dest = (adjust, row["location_id"]) if diff > 0 else (row["location_id"], adjust)
                moves.create_done(row["product_id"], abs(diff), src, dest, is_inventory=True,
                                  reference="Product Quantity Updated")
            self._write([rid], {"inventory_quantity": 0.0, "inventory_quantity_set": False})


MODELS = [StockWarehouse, StockLocation, StockPickingType, StockQuant]
