"""Scrap orders and the backorder confirmation wizard.

Scrap: ``action_validate`` moves the quantity to the scrap location and names the scrap
SP/00001 when the source holds enough; otherwise it returns the
``stock.warn.insufficient.qty.scrap`` action (that wizard is not a model here: a client
only needs to recognise the dict) and the scrap stays draft. In Odoo 19 there is no
``scrap_location`` flag, so the default scrap location is the company's first
``usage='inventory'`` location (API_FACTS-odoo19.md section 4).
"""

from __future__ import annotations

from ..errors import UserError
from ..fields import (
    Boolean,
    Char,
    Datetime,
    Float,
    Many2many,
    Many2one,
    One2many,
    Selection,
)
from ..orm import BaseModel, api
from .stock_move import EPSILON


def _company(env):
    return 1


def _default_source(env):
    for wh in sorted(env.store.tables["stock.warehouse"].items()):
        return wh[1].get("lot_stock_id") or False
    return False


def _default_scrap_location(env):
    for lid, row in sorted(env.store.tables["stock.location"].items()):
        if not row.get("active", True):
            continue
        if env.version >= 19 and row.get("usage") == "inventory":
            return lid
        if env.version < 19 and row.get("scrap_location"):
            return lid
    return False


class StockScrap(BaseModel):
    _name = "stock.scrap"
    _description = "Scrap"
    _order = "id desc"

    name = Char("Reference", default="New")
    origin = Char("Source Document")
    product_id = Many2one("product.product", "Product", required=True)
    product_uom_id = Many2one("uom.uom", "Unit")
    scrap_qty = Float("Quantity", default=1.0)
    location_id = Many2one("stock.location", "Source Location", default=_default_source, required=True)
    scrap_location_id = Many2one("stock.location", "Scrap Location", default=_default_scrap_location,
                                 required=True)
    state = Selection([("draft", "Draft"), ("done", "Done")], "Status", default="draft")
    date_done = Datetime("Date")
    company_id = Many2one("res.company", "Company", default=_company)
    picking_id = Many2one("stock.picking", "Picking")
    move_ids = One2many("stock.move", "scrap_id", "Stock Moves")

    def _prepare_create(self, vals):
        if vals.get("product_id") and not vals.get("product_uom_id"):
            self.env.ensure_exists("product.product", [vals["product_id"]])
            vals["product_uom_id"] = self.env["product.product"].value_of(vals["product_id"], "uom_id")
        return vals

    def _available(self, rid):
        row = self.table[rid]
        locations = self.env["stock.location"].child_ids_of(row["location_id"])
        return self.env["stock.quant"].on_hand(row["product_id"], set(locations))

    def _warn_action(self, rid):
        row = self.table[rid]
        products = self.env["product.product"]
        uom = self.env["uom.uom"].display_name_of(row["product_uom_id"]) if row.get("product_uom_id") else False
        view_id = self.env.dialect.scrap_warn_view_id
        return {
            "name": f"{products.display_name_of(row['product_id'])}: Insufficient Quantity To Scrap",
            "view_mode": "form", "res_model": "stock.warn.insufficient.qty.scrap", "view_id": view_id,
            "type": "ir.actions.act_window",
            "context": {"default_product_id": row["product_id"], "default_location_id": row["location_id"],
                        "default_scrap_id": rid, "default_quantity": float(row["scrap_qty"]),
                        "default_product_uom_name": uom},
            "target": "new",
        }

    def _do_scrap(self, rid):
        row = self.table[rid]
        name = f"SP/{self.store.next_number(('scrap', 'SP/')):05d}"
        self.store.update(self._name, rid, {"name": name})
        moves = self.env["stock.move"]
        extra = {"scrap_id": rid, "origin": row.get("origin") or False, "reference": name}
        if row.get("picking_id"):
            extra["picking_id"] = row["picking_id"]
        moves.create_done(row["product_id"], row["scrap_qty"], row["location_id"], row["scrap_location_id"], **extra)
        self.store.update(self._name, rid, {"state": "done", "date_done": self.env.now()})

    @api.records
    def action_validate(self, ids):
        for rid in ids:
            row = self.table[rid]
            if row["state"] == "done":
                continue  # not re-scrapped (not verified against Odoo; a client should not retry)
            if row["scrap_qty"] <= EPSILON:
                raise UserError("You can only enter positive quantities.")
            storable = self.env["product.product"].value_of(row["product_id"], "is_storable")
            if storable and self._available(rid) < row["scrap_qty"] - EPSILON:
                return self._warn_action(rid)
            self._do_scrap(rid)
        return True

    @api.records
    def do_scrap(self, ids):
        for rid in ids:
            if self.table[rid]["state"] != "done":
                self._do_scrap(rid)
        return True


class StockBackorderConfirmation(BaseModel):
    """The "Create Backorder?" wizard: create it with the action's context, then
    ``process`` (make a backorder for the rest) or ``process_cancel_backorder``."""

    _name = "stock.backorder.confirmation"
    _description = "Backorder Confirmation"

    pick_ids = Many2many("stock.picking", "Transfers")
    show_transfers = Boolean()

    def _prepare_create(self, vals):
        ctx = self.env.context
        if "pick_ids" not in vals and ctx.get("default_pick_ids"):
            vals["pick_ids"] = [tuple(c) if isinstance(c, list) else c for c in ctx["default_pick_ids"]]
        if "show_transfers" not in vals and "default_show_transfers" in ctx:
            vals["show_transfers"] = ctx["default_show_transfers"]
        return vals

    def _validate(self, ids, cancel):
        pickings = self.env["stock.picking"]
        done = True
        for rid in ids:
            pick_ids = self.table[rid].get("pick_ids") or []
            to_validate = self.env.context.get("button_validate_picking_ids") or pick_ids
            not_to_backorder = list(pick_ids) if cancel else []
            env = self.env.with_context(skip_backorder=True, picking_ids_not_to_backorder=not_to_backorder)
            done = env["stock.picking"].button_validate(
                [p for p in to_validate if p in pickings.table])
        return done

    @api.records
    def process(self, ids):
        return self._validate(ids, cancel=False)

    @api.records
    def process_cancel_backorder(self, ids):
        return self._validate(ids, cancel=True)


MODELS = [StockScrap, StockBackorderConfirmation]
