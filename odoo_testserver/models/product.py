"""Products: templates and their variants, with stock figures computed from quants.

As in Odoo, creating a template creates its variant and creating a variant without a
template creates the template; template-level fields read and write through the variant.
A storable product is ``type='consu'`` with ``is_storable=True`` (18 and 19 alike).
"""

from __future__ import annotations

from ..fields import (
    Boolean,
    Char,
    Float,
    Many2many,
    Many2one,
    One2many,
    Selection,
    Text,
)
from ..orm import BaseModel

TEMPLATE_FIELDS = ("name", "type", "is_storable", "tracking", "list_price", "uom_id", "uom_po_id", "taxes_id",
                   "invoice_policy", "sale_ok", "purchase_ok", "categ_id", "description_sale", "weight")
PENDING_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")


def _default_uom(env):
    return 1


def _default_categ(env):
    return 1 if 1 in env.store.tables["product.category"] else False


class _ProductCommon(BaseModel):
    def _default_taxes(self, vals):
        if "taxes_id" not in vals:
            taxes = self.env["account.tax"]._search([("type_tax_use", "=", "sale")], limit=1)
            vals["taxes_id"] = [(6, 0, taxes)]
        return vals


class ProductTemplate(_ProductCommon):
    _name = "product.template"
    _description = "Product"
    _order = "name, id"

    name = Char(required=True)
    default_code = Char("Internal Reference", compute="_compute_default_code", inverse="_inverse_variant")
    barcode = Char(compute="_compute_barcode", inverse="_inverse_variant")
    type = Selection([("consu", "Goods"), ("service", "Service"), ("combo", "Combo")],
                     "Product Type", default="consu")
    is_storable = Boolean("Track Inventory")
    tracking = Selection([("serial", "By Unique Serial Number"), ("lot", "By Lots"), ("none", "By Quantity")],
                         "Tracking", default="none", required=True)
    list_price = Float("Sales Price", default=1.0)
    standard_price = Float("Cost")
    uom_id = Many2one("uom.uom", "Unit", default=_default_uom, required=True)
    uom_po_id = Many2one("uom.uom", "Purchase Unit", default=_default_uom)  # 18 only
    taxes_id = Many2many("account.tax", "Sales Taxes")
    invoice_policy = Selection([("order", "Ordered quantities"), ("delivery", "Delivered quantities")],
                               "Invoicing Policy", default="order")
    sale_ok = Boolean("Can be Sold", default=True)
    purchase_ok = Boolean("Can be Purchased", default=True)
    categ_id = Many2one("product.category", "Product Category", default=_default_categ)
    description_sale = Text("Sales Description")
    weight = Float()
    active = Boolean(default=True)
    product_variant_ids = One2many("product.product", "product_tmpl_id", "Products")
    product_variant_id = Many2one("product.product", "Product", compute="_compute_variant")
    qty_available = Float("Quantity On Hand", compute="_compute_qty_available")

    def _variant(self, rid):
        variants = [pid for pid, row in self.store.tables["product.product"].items()
                    if row.get("product_tmpl_id") == rid]
        return min(variants) if variants else False

    def _compute_variant(self, rid):
        return self._variant(rid)

    def _compute_default_code(self, rid):
        pid = self._variant(rid)
        return self.store.tables["product.product"][pid].get("default_code") if pid else False

    def _compute_barcode(self, rid):
        pid = self._variant(rid)
        return self.store.tables["product.product"][pid].get("barcode") if pid else False

    def _inverse_variant(self, ids, name, value):
        for rid in ids:
            pid = self._variant(rid)
            if pid:
                self.env["product.product"]._write([pid], {name: value})

    def _compute_display_name(self, rid):
        code = self._compute_default_code(rid)
        name = self.table[rid].get("name") or ""
        return f"[{code}] {name}" if code else name

    def _compute_qty_available(self, rid):
        product = self.env["product.product"]
        return sum(product._qty(pid)[0] for pid in self.store.tables["product.product"]
                   if self.store.tables["product.product"][pid].get("product_tmpl_id") == rid)

    def _prepare_create(self, vals):
        return self._default_taxes(vals)

    def _post_create(self, rid, vals):
        if not self.env.context.get("_no_variant"):
            # default_code/barcode live on the variant, which exists only from now on.
            variant_vals = {k: vals[k] for k in ("default_code", "barcode") if k in vals}
            self.env["product.product"].with_template(rid, variant_vals)


class ProductProduct(_ProductCommon):
    _name = "product.product"
    _description = "Product Variant"
    _order = "default_code, name, id"

    product_tmpl_id = Many2one("product.template", "Product Template", required=True, ondelete="cascade")
    default_code = Char("Internal Reference")
    barcode = Char()
    active = Boolean(default=True)
    standard_price = Float("Cost")
    name = Char(related="product_tmpl_id.name", inverse="_inverse_template")
    type = Selection(ProductTemplate.type.selection, related="product_tmpl_id.type", inverse="_inverse_template")
    is_storable = Boolean(related="product_tmpl_id.is_storable", inverse="_inverse_template")
    tracking = Selection(ProductTemplate.tracking.selection, related="product_tmpl_id.tracking",
                         inverse="_inverse_template")
    list_price = Float(related="product_tmpl_id.list_price", inverse="_inverse_template")
    lst_price = Float("Sales Price", related="product_tmpl_id.list_price", inverse="_inverse_template")
    uom_id = Many2one("uom.uom", related="product_tmpl_id.uom_id", inverse="_inverse_template")
    uom_po_id = Many2one("uom.uom", related="product_tmpl_id.uom_po_id", inverse="_inverse_template")
    taxes_id = Many2many("account.tax", "Sales Taxes", related="product_tmpl_id.taxes_id",
                         inverse="_inverse_template")
    invoice_policy = Selection(ProductTemplate.invoice_policy.selection, related="product_tmpl_id.invoice_policy",
                               inverse="_inverse_template")
    sale_ok = Boolean(related="product_tmpl_id.sale_ok", inverse="_inverse_template")
    purchase_ok = Boolean(related="product_tmpl_id.purchase_ok", inverse="_inverse_template")
    categ_id = Many2one("product.category", related="product_tmpl_id.categ_id", inverse="_inverse_template")
    description_sale = Text(related="product_tmpl_id.description_sale", inverse="_inverse_template")
    weight = Float(related="product_tmpl_id.weight", inverse="_inverse_template")
    qty_available = Float("Quantity On Hand", compute="_compute_qty_available")
    virtual_available = Float("Forecasted Quantity", compute="_compute_virtual_available")
    incoming_qty = Float("Incoming", compute="_compute_incoming")
    outgoing_qty = Float("Outgoing", compute="_compute_outgoing")
    free_qty = Float("Free To Use Quantity", compute="_compute_free")

    def with_template(self, tmpl_id, vals=None, rid=None):
        """Create the variant of a template that was just created."""
        vals = dict(vals or {})
        vals["product_tmpl_id"] = tmpl_id
        return self._create_one(vals, rid=rid)

    def _prepare_create(self, vals):
        if not vals.get("product_tmpl_id"):
            tmpl_vals = {k: vals.pop(k) for k in list(vals) if k in TEMPLATE_FIELDS}
            if "lst_price" in vals:
                tmpl_vals["list_price"] = vals.pop("lst_price")
            if "name" not in tmpl_vals:
                tmpl_vals["name"] = False  # let the template report the missing name
            template = self.env.with_context(_no_variant=True)["product.template"]
            vals["product_tmpl_id"] = template._create_one(tmpl_vals)
        return vals

    def _inverse_template(self, ids, name, value):
        tmpl_name = "list_price" if name == "lst_price" else name
        for rid in ids:
            tmpl = self.table[rid]["product_tmpl_id"]
            self.env["product.template"]._write([tmpl], {tmpl_name: value})

    def _compute_display_name(self, rid):
        row = self.table[rid]
        name = self.value_of(rid, "name") or ""
        return f"[{row['default_code']}] {name}" if row.get("default_code") else name

    # Stock figures, as stock/models/product.py _get_domain_locations (API_FACTS-odoo18-round2.md
    # section 1): ``context['location']`` (an id) counts that location and its children;
    # ``context['warehouse_id']`` the children of that warehouse's view location; neither: the
    # children of every warehouse's view. ``warehouse`` (no _id) is ignored, as in Odoo, and a
    # location outside every warehouse view is never counted unless asked for by ``location``.
    def _locations(self):
        locations = self.env["stock.location"]
        loc = self.env.context.get("location")
        if loc:
            if isinstance(loc, str):
                loc = next((lid for lid in locations.table if locations.display_name_of(lid) == loc), 0)
            return set(locations.child_ids_of(int(loc)))
        warehouse = self.env.context.get("warehouse_id")
        if warehouse:
            view = self.store.tables["stock.warehouse"].get(int(warehouse), {}).get("view_location_id")
            views = [view] if view else []
        else:
            views = locations.warehouse_view_ids()
        return {lid for view in views for lid in locations.child_ids_of(view)
                if locations.usage_of(lid) in ("internal", "transit")}

    def _qty(self, rid):
        locs = self._locations()
        on_hand = sum(q["quantity"] for q in self.store.tables["stock.quant"].values()
                      if q["product_id"] == rid and q["location_id"] in locs)
        incoming = outgoing = 0.0
        for move in self.store.tables["stock.move"].values():
            if move["product_id"] != rid or move["state"] not in PENDING_MOVE_STATES:
                continue
            src_in, dest_in = move["location_id"] in locs, move["location_dest_id"] in locs
            if dest_in and not src_in:
                incoming += move["product_uom_qty"]
            elif src_in and not dest_in:
                outgoing += move["product_uom_qty"]
        reserved = sum(self.env["stock.quant"].reserved_of(qid) for qid, q in self.store.tables["stock.quant"].items()
                       if q["product_id"] == rid and q["location_id"] in locs)
        return on_hand, incoming, outgoing, reserved

    def _compute_qty_available(self, rid):
        return self._qty(rid)[0]

    def _compute_virtual_available(self, rid):
        on_hand, incoming, outgoing, _reserved = self._qty(rid)
        return on_hand + incoming - outgoing

    def _compute_incoming(self, rid):
        return self._qty(rid)[1]

    def _compute_outgoing(self, rid):
        return self._qty(rid)[2]

    def _compute_free(self, rid):
        on_hand, _i, _o, reserved = self._qty(rid)
        return on_hand - reserved


MODELS = [ProductTemplate, ProductProduct]
