"""Sale orders and lines, with the delivered/invoiced quantities computed as in Odoo.

``qty_delivered`` counts done moves of the line: outgoing ones (to a customer location)
add, moves flagged ``to_refund`` (customer returns) subtract. ``qty_invoiced`` counts
lines of non-cancelled invoices linked through ``sale_line_ids``: out_invoice adds,
out_refund subtracts. Nothing stops them going below zero: Odoo does not stop
over-returns or over-crediting (API_FACTS-odoo18.md gotcha 5), and neither does this.
"""

from __future__ import annotations

from ..fields import (
    Char,
    Date,
    Datetime,
    Float,
    Integer,
    Many2many,
    Many2one,
    One2many,
    Selection,
    Text,
)
from ..orm import BaseModel, api

EPSILON = 1e-9


def _company(env):
    return 1


def _warehouse(env):
    return min(env.store.tables["stock.warehouse"], default=False)


class SaleOrder(BaseModel):
    _name = "sale.order"
    _description = "Sales Order"
    _order = "date_order desc, id desc"

    name = Char("Order Reference", default="New")
    partner_id = Many2one("res.partner", "Customer", required=True)
    partner_invoice_id = Many2one("res.partner", "Invoice Address")
    partner_shipping_id = Many2one("res.partner", "Delivery Address")
    client_order_ref = Char("Customer Reference")
    origin = Char("Source Document")
    note = Text("Terms and conditions")
    state = Selection([("draft", "Quotation"), ("sent", "Quotation Sent"), ("sale", "Sales Order"),
                       ("cancel", "Cancelled")], "Status", default="draft")
    date_order = Datetime("Order Date", default=lambda env: env.now())
    validity_date = Date("Expiration")
    commitment_date = Datetime("Delivery Date")
    company_id = Many2one("res.company", "Company", default=_company)
    # Real Odoo: a related/computed field from the pricelist; here the company's currency.
    currency_id = Many2one("res.currency", "Currency", default=lambda env: env["res.company"].currency_of(1))
    user_id = Many2one("res.users", "Salesperson", default=lambda env: env.uid)
    warehouse_id = Many2one("stock.warehouse", "Warehouse", default=_warehouse)
    order_line = One2many("sale.order.line", "order_id", "Order Lines", cascade=True)
    amount_untaxed = Float("Untaxed Amount", compute="_compute_untaxed")
    amount_tax = Float("Taxes", compute="_compute_tax")
    amount_total = Float("Total", compute="_compute_total")
    picking_ids = One2many("stock.picking", "sale_id", "Transfers")
    delivery_count = Integer("Delivery Orders", compute="_compute_delivery_count")
    invoice_ids = Many2many("account.move", "Invoices", compute="_compute_invoice_ids")
    invoice_count = Integer("Invoice Count", compute="_compute_invoice_count")
    delivery_status = Selection([("pending", "Not Delivered"), ("started", "Started"),
                                 ("partial", "Partially Delivered"), ("full", "Fully Delivered")],
                                "Delivery Status", compute="_compute_delivery_status")
    invoice_status = Selection([("upselling", "Upselling Opportunity"), ("invoiced", "Fully Invoiced"),
                                ("to invoice", "To Invoice"), ("no", "Nothing to Invoice")],
                               "Invoice Status", compute="_compute_invoice_status")

    def _lines(self, rid):
        return self.store.children("sale.order.line", "order_id", rid)

    def _sum_lines(self, rid, fname):
        lines = self.env["sale.order.line"]
        return round(sum(lines.value_of(lid, fname) for lid in self._lines(rid)), 2)

    def _compute_untaxed(self, rid):
        return self._sum_lines(rid, "price_subtotal")

    def _compute_tax(self, rid):
        return self._sum_lines(rid, "price_tax")

    def _compute_total(self, rid):
        return self._sum_lines(rid, "price_total")

    def _compute_delivery_count(self, rid):
        return len(self.value_of(rid, "picking_ids"))

    def _compute_invoice_ids(self, rid):
        lines = self.env["sale.order.line"]
        aml = self.store.tables["account.move.line"]
        moves = {aml[i]["move_id"] for lid in self._lines(rid) for i in lines.value_of(lid, "invoice_lines")}
        return sorted(moves, reverse=True)

    def _compute_invoice_count(self, rid):
        return len(self._compute_invoice_ids(rid))

    def _compute_delivery_status(self, rid):
        pickings = self.store.tables["stock.picking"]
        states = [self.env["stock.picking"].value_of(p, "state") for p in pickings if pickings[p].get("sale_id") == rid]
        if not states or all(s == "cancel" for s in states):
            return False
        if all(s in ("done", "cancel") for s in states):
            return "full"
        lines = self.env["sale.order.line"]
        if "done" in states and any(lines.value_of(lid, "qty_delivered") for lid in self._lines(rid)):
            return "partial"
        return "started" if "done" in states else "pending"

    def _compute_invoice_status(self, rid):
        if self.table[rid]["state"] != "sale":
            return "no"
        lines = self.env["sale.order.line"]
        statuses = [lines.value_of(lid, "invoice_status") for lid in self._lines(rid)]
        if "to invoice" in statuses:
            return "to invoice"
        if statuses and all(s == "invoiced" for s in statuses):
            return "invoiced"
        if "upselling" in statuses:
            return "upselling"
        return "no"

    def _prepare_create(self, vals):
        if not vals.get("name") or vals.get("name") == "New":
            vals["name"] = f"S{self.store.next_number(('sale', 'S')):05d}"
        for key in ("partner_invoice_id", "partner_shipping_id"):
            vals.setdefault(key, vals.get("partner_id"))
        return vals

    @api.records
    def action_confirm(self, ids):
        for rid in ids:
            self.store.update(self._name, rid, {"state": "sale"})
            self._create_delivery(rid)
        return True

    @api.records
    def action_cancel(self, ids):
        pickings = self.env["stock.picking"]
        for rid in ids:
            open_pickings = [p for p, row in pickings.table.items()
                             if row.get("sale_id") == rid and pickings.value_of(p, "state") not in ("done", "cancel")]
            pickings.action_cancel(open_pickings)
            self.store.update(self._name, rid, {"state": "cancel"})
        return True

    def _create_delivery(self, rid):
        """Confirming an order creates its delivery (one outgoing transfer) and reserves it."""
        lines = self.env["sale.order.line"]
        goods = [lid for lid in self._lines(rid)
                 if self.env["product.product"].value_of(lines.table[lid]["product_id"], "type") == "consu"
                 and lines.table[lid]["product_uom_qty"] > 0]
        wh = self.store.tables["stock.warehouse"].get(self.table[rid].get("warehouse_id"))
        if not goods or not wh:
            return False
        ptype = self.store.tables["stock.picking.type"][wh["out_type_id"]]
        order = self.table[rid]
        origin = order["name"] + (f" - {order['client_order_ref']}"
                                  if self.env.version < 19 and order.get("client_order_ref") else "")
        uom_field = self.env.fname("sale.order.line", "product_uom_id")
        moves = []
        for lid in goods:
            line = lines.table[lid]
            move = {"product_id": line["product_id"], "product_uom_qty": line["product_uom_qty"],
                    "product_uom": line[uom_field], "sale_line_id": lid,
                    "location_id": ptype["default_location_src_id"],
                    "location_dest_id": ptype["default_location_dest_id"]}
            if "name" in self.env["stock.move"].fields():
                move["name"] = (line.get("name") or "").split("\n")[0]
            moves.append((0, 0, move))
        pickings = self.env["stock.picking"]
        picking = pickings._create_one({
            "picking_type_id": wh["out_type_id"], "partner_id": order.get("partner_shipping_id"),
            "origin": origin, "sale_id": rid, "move_ids": moves})
        pickings.action_confirm([picking])
        self.env["stock.move"]._action_assign(pickings._moves(picking))
        return picking


class SaleOrderLine(BaseModel):
    _name = "sale.order.line"
    _description = "Sales Order Line"
    _order = "order_id, sequence, id"

    order_id = Many2one("sale.order", "Order Reference", required=True, ondelete="cascade")
    sequence = Integer(default=10)
    name = Text("Description")
    display_type = Selection([("line_section", "Section"), ("line_note", "Note")])
    product_id = Many2one("product.product", "Product")
    product_template_id = Many2one("product.template", related="product_id.product_tmpl_id")
    product_uom_qty = Float("Quantity", default=1.0)
    product_uom_id = Many2one("uom.uom", "Unit")  # "product_uom" in 18
    price_unit = Float("Unit Price")
    discount = Float("Discount (%)")
    tax_ids = Many2many("account.tax", "Taxes")  # "tax_id" in 18
    price_subtotal = Float("Subtotal", compute="_compute_subtotal")
    price_tax = Float("Total Tax", compute="_compute_price_tax")
    price_total = Float("Total", compute="_compute_price_total")
    qty_delivered = Float("Delivery Quantity", compute="_compute_qty_delivered", inverse="_inverse_delivered")
    qty_delivered_manual = Float("Delivered Manually")
    qty_delivered_method = Selection([("manual", "Manual"), ("stock_move", "Stock Moves")],
                                     compute="_compute_delivered_method")
    qty_invoiced = Float("Invoiced Quantity", compute="_compute_qty_invoiced")
    qty_to_invoice = Float("Quantity To Invoice", compute="_compute_qty_to_invoice")
    invoice_lines = Many2many("account.move.line", "Invoice Lines", compute="_compute_invoice_lines")
    invoice_status = Selection(SaleOrder.invoice_status.selection, compute="_compute_invoice_status")
    move_ids = One2many("stock.move", "sale_line_id", "Stock Moves")
    state = Selection(SaleOrder.state.selection, related="order_id.state")
    order_partner_id = Many2one("res.partner", related="order_id.partner_id")
    company_id = Many2one("res.company", related="order_id.company_id")

    def _prepare_create(self, vals):
        product = vals.get("product_id")
        if product:
            products = self.env["product.product"]
            self.env.ensure_exists("product.product", [product])
            vals.setdefault("name", products.display_name_of(product))
            vals.setdefault("price_unit", products.value_of(product, "list_price"))
            vals.setdefault(self.fname("product_uom_id"), products.value_of(product, "uom_id"))
            vals.setdefault(self.fname("tax_ids"), [(6, 0, products.value_of(product, "taxes_id"))])
        return vals

    def _compute_display_name(self, rid):
        row = self.table[rid]
        order = self.store.tables["sale.order"].get(row["order_id"], {})
        first = (row.get("name") or "").split("\n")[0] or self.env["product.product"].display_name_of(row["product_id"])
        name = f"{order.get('name')} - {first}"
        partners = self.env["res.partner"]
        if order.get("partner_id"):
            commercial = partners.value_of(order["partner_id"], "commercial_partner_id")
            name += f" ({partners.table[commercial].get('ref') or partners.table[commercial].get('name')})"
        return name

    def _taxes(self, rid):
        return self.table[rid].get(self.fname("tax_ids")) or []

    def _compute_subtotal(self, rid):
        row = self.table[rid]
        return round(row["product_uom_qty"] * row["price_unit"] * (1 - (row.get("discount") or 0.0) / 100), 2)

    def _compute_price_tax(self, rid):
        return self.env["account.tax"].tax_amount(self._taxes(rid), self._compute_subtotal(rid))

    def _compute_price_total(self, rid):
        return round(self._compute_subtotal(rid) + self._compute_price_tax(rid), 2)

    def _compute_delivered_method(self, rid):
        product = self.table[rid].get("product_id")
        is_goods = product and self.env["product.product"].value_of(product, "type") == "consu"
        return "stock_move" if is_goods else "manual"

    def _compute_qty_delivered(self, rid):
        if self._compute_delivered_method(rid) == "manual":
            return self.table[rid].get("qty_delivered_manual") or 0.0
        locations = self.env["stock.location"]
        total = 0.0
        moves = self.store.tables["stock.move"]
        for move in (moves[mid] for mid in self.store.children("stock.move", "sale_line_id", rid)):
            if move["state"] != "done":
                continue
            to_customer = locations.usage_of(move["location_dest_id"]) == "customer"
            if to_customer and (not move.get("origin_returned_move_id") or move.get("to_refund")):
                total += move["quantity"]
            elif not to_customer and move.get("to_refund"):
                total -= move["quantity"]
        return total

    def _inverse_delivered(self, ids, name, value):
        for rid in ids:
            self.store.update(self._name, rid, {"qty_delivered_manual": float(value or 0.0)})

    def _compute_invoice_lines(self, rid):
        return self.store.children("account.move.line", "sale_line_ids", rid)

    def _compute_qty_invoiced(self, rid):
        moves = self.store.tables["account.move"]
        total = 0.0
        for aml_id in self._compute_invoice_lines(rid):
            aml = self.store.tables["account.move.line"][aml_id]
            move = moves.get(aml["move_id"], {})
            if move.get("state") == "cancel":
                continue
            if move.get("move_type") == "out_invoice":
                total += aml["quantity"]
            elif move.get("move_type") == "out_refund":
                total -= aml["quantity"]
        return total

    def _compute_qty_to_invoice(self, rid):
        row = self.table[rid]
        order_state = self.store.tables["sale.order"].get(row["order_id"], {}).get("state")
        if order_state != "sale" or row.get("display_type"):
            return 0.0
        policy = self.env["product.product"].value_of(row["product_id"], "invoice_policy") if row.get("product_id") \
            else "order"
        basis = self._compute_qty_delivered(rid) if policy == "delivery" else row["product_uom_qty"]
        return basis - self._compute_qty_invoiced(rid)

    def _compute_invoice_status(self, rid):
        row = self.table[rid]
        if self.store.tables["sale.order"].get(row["order_id"], {}).get("state") != "sale":
            return "no"
        if abs(self._compute_qty_to_invoice(rid)) > EPSILON:
            return "to invoice"
        if self._compute_qty_invoiced(rid) >= row["product_uom_qty"] - EPSILON:
            return "invoiced"
        return "no"


MODELS = [SaleOrder, SaleOrderLine]
