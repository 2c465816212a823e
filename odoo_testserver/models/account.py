"""Accounting: taxes, accounts, journals, invoices and credit notes.

A customer invoice/credit note keeps its product lines; the tax lines and the
receivable ("payment_term") line are regenerated from them while the move is draft,
with debit/credit signs as in Odoo (a credit note debits income and tax and credits
the receivable, API_FACTS-odoo18.md section c). ``action_post`` names the move
(INV/2026/00001, RINV/2026/00001), returns False, and reconciles a credit note with
the invoice in ``reversed_entry_id`` while that invoice still has a residual.
"""

from __future__ import annotations

from ..errors import UserError
from ..fields import (
    Boolean,
    Char,
    Date,
    Float,
    Integer,
    Many2many,
    Many2one,
    One2many,
    Selection,
    Text,
)
from ..orm import BaseModel, api
from . import account_outstanding as outstanding

MOVE_TYPES = [("entry", "Journal Entry"), ("out_invoice", "Customer Invoice"), ("out_refund", "Customer Credit Note"),
              ("in_invoice", "Vendor Bill"), ("in_refund", "Vendor Credit Note"),
              ("out_receipt", "Sales Receipt"), ("in_receipt", "Purchase Receipt")]
DRAFT_LABELS = {"entry": "Draft Entry", "out_invoice": "Draft Invoice", "out_refund": "Draft Credit Note",
                "in_invoice": "Draft Bill", "in_refund": "Draft Vendor Credit Note",
                "out_receipt": "Draft Sales Receipt", "in_receipt": "Draft Purchase Receipt"}
PREFIXES = {"out_invoice": "INV", "out_refund": "RINV", "in_invoice": "BILL", "in_refund": "RBILL",
            "out_receipt": "INV", "in_receipt": "BILL", "entry": "MISC"}
# Income/expense side is credited for these move types (debit for the others).
CREDIT_PRODUCT = {"out_invoice", "out_receipt", "in_refund"}
PAYMENT_STATES = [("not_paid", "Not Paid"), ("in_payment", "In Payment"), ("paid", "Paid"),
                  ("partial", "Partially Paid"), ("reversed", "Reversed"), ("blocked", "Blocked"),
                  ("invoicing_legacy", "Invoicing App Legacy")]
DISPLAY_TYPES = [("product", "Product"), ("cogs", "Cost of Goods Sold"), ("tax", "Tax"), ("discount", "Discount"),
                 ("rounding", "Rounding"), ("payment_term", "Payment Term"), ("line_section", "Section"),
                 ("line_note", "Note"), ("epd", "Early Payment Discount")]


def _company(env):
    return 1


class AccountTax(BaseModel):
    _name = "account.tax"
    _description = "Tax"
    _order = "sequence, id"

    name = Char("Tax Name", required=True)
    amount = Float()
    amount_type = Selection([("percent", "Percentage of Price"), ("fixed", "Fixed")], default="percent")
    type_tax_use = Selection([("sale", "Sales"), ("purchase", "Purchases"), ("none", "None")], default="sale")
    price_include = Boolean("Included in Price")
    description = Char("Label on Invoices")
    sequence = Integer(default=1)
    company_id = Many2one("res.company", "Company", default=_company)
    active = Boolean(default=True)

    def tax_amount(self, tax_ids, base, quantity=1.0):
        total = 0.0
        for tid in tax_ids:
            row = self.table.get(tid)
            if not row:
                continue
            total += row["amount"] * quantity if row["amount_type"] == "fixed" else base * row["amount"] / 100.0
        return round(total, 2)


class AccountAccount(BaseModel):
    _name = "account.account"
    _description = "Account"
    _order = "code, id"

    name = Char("Account Name", required=True)
    code = Char(required=True)
    account_type = Selection([("asset_receivable", "Receivable"), ("liability_payable", "Payable"),
                              ("income", "Income"), ("expense", "Expenses"), ("asset_current", "Current Assets"),
                              ("liability_current", "Current Liabilities")], "Type", required=True)
    reconcile = Boolean("Allow Reconciliation")
    active = Boolean(default=True)

    def _compute_display_name(self, rid):
        row = self.table[rid]
        return f"{row['code']} {row['name']}"

    def by_code(self, code):
        return next((aid for aid, row in self.table.items() if row["code"] == code), False)


class AccountJournal(BaseModel):
    _name = "account.journal"
    _description = "Journal"
    _order = "sequence, type, code"

    name = Char("Journal Name", required=True)
    code = Char("Short Code", required=True)
    type = Selection([("sale", "Sales"), ("purchase", "Purchase"), ("cash", "Cash"), ("bank", "Bank"),
                      ("general", "Miscellaneous")], required=True)
    default_account_id = Many2one("account.account", "Default Account")
    company_id = Many2one("res.company", "Company", default=_company)
    sequence = Integer(default=10)
    active = Boolean(default=True)


class AccountMove(outstanding.MoveOutstanding, BaseModel):
    _name = "account.move"
    _description = "Journal Entry"
    _order = "date desc, name desc, id desc"

    name = Char("Number")
    ref = Char("Reference")
    narration = Text("Terms and Conditions")
    state = Selection([("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")], "Status", default="draft")
    move_type = Selection(MOVE_TYPES, "Type", default="entry", required=True)
    partner_id = Many2one("res.partner", "Partner")
    commercial_partner_id = Many2one("res.partner", related="partner_id.commercial_partner_id")
    invoice_date = Date("Invoice/Bill Date")
    invoice_date_due = Date("Due Date")
    date = Date(default=lambda env: env.today())
    journal_id = Many2one("account.journal", "Journal")
    company_id = Many2one("res.company", "Company", default=_company)
    currency_id = Many2one("res.currency", "Currency", default=lambda env: env["res.company"].currency_of(1))
    invoice_origin = Char("Origin")
    reversed_entry_id = Many2one("account.move", "Reversal of")
    reversal_move_ids = One2many("account.move", "reversed_entry_id", "Reversal Move")
    line_ids = One2many("account.move.line", "move_id", "Journal Items", cascade=True)
    invoice_line_ids = One2many("account.move.line", "move_id", "Invoice lines",
                                domain=[("display_type", "in", ["product", "line_section", "line_note"])])
    amount_untaxed = Float("Untaxed Amount", compute="_compute_untaxed")
    amount_tax = Float("Tax", compute="_compute_tax")
    amount_total = Float("Total", compute="_compute_total")
    amount_total_signed = Float("Total Signed", compute="_compute_total_signed")
    amount_residual = Float("Amount Due")
    payment_state = Selection(PAYMENT_STATES, "Payment Status", default="not_paid")
    stock_move_id = Many2one("stock.move", "Stock Move")  # 18 only
    stock_move_ids = Many2many("stock.move", "Stock Moves")  # 19 only

    # ------------------------------------------------------------- amounts
    def _lines(self, rid, *types):
        lines = self.store.tables["account.move.line"]
        return [i for i in self.store.children("account.move.line", "move_id", rid)
                if not types or lines[i]["display_type"] in types]

    def _compute_untaxed(self, rid):
        lines = self.env["account.move.line"]
        return round(sum(lines.value_of(i, "price_subtotal") for i in self._lines(rid, "product")), 2)

    def _compute_tax(self, rid):
        lines = self.store.tables["account.move.line"]
        return round(sum(abs(lines[i]["debit"] - lines[i]["credit"]) for i in self._lines(rid, "tax")), 2)

    def _compute_total(self, rid):
        if self.table[rid]["move_type"] == "entry":
            lines = self.store.tables["account.move.line"]
            return round(sum(lines[i]["debit"] for i in self._lines(rid)), 2)
        return round(self._compute_untaxed(rid) + self._compute_tax(rid), 2)

    def _compute_total_signed(self, rid):
        sign = -1 if self.table[rid]["move_type"] in ("out_refund", "in_invoice", "in_receipt") else 1
        return sign * self._compute_total(rid)

    def _compute_display_name(self, rid):
        row = self.table[rid]
        if row["state"] == "draft" and not row.get("name"):
            return DRAFT_LABELS.get(row["move_type"], "Draft Entry")
        name = row.get("name") or "/"
        return f"{name} ({row['ref'][:50]})" if row.get("ref") else name

    # --------------------------------------------------------------- hooks
    def _prepare_create(self, vals):
        if not vals.get("journal_id"):
            jtype = {"out": "sale", "in": "purchase"}.get(str(vals.get("move_type", "entry")).split("_")[0], "general")
            journals = self.env["account.journal"]._search([("type", "=", jtype)], limit=1)
            vals["journal_id"] = journals[0] if journals else False
        return vals

    def _post_create(self, rid, vals):
        self.sync_lines(rid)

    def _post_write(self, ids, vals):
        if {"line_ids", "invoice_line_ids", "move_type", "partner_id"} & set(vals):
            for rid in ids:
                self.sync_lines(rid)

    def sync_lines(self, rid):
        """Regenerate tax and receivable/payable lines of a draft invoice."""
        row = self.table[rid]
        if row["state"] != "draft" or row["move_type"] == "entry":
            return
        lines = self.env.with_context(_no_sync=True)["account.move.line"]
        taxes = self.env["account.tax"]
        accounts = self.env["account.account"]
        credit_side = row["move_type"] in CREDIT_PRODUCT
        sale = row["move_type"].startswith("out_")
        by_tax = {}
        for lid in self._lines(rid, "product"):
            line = lines.table[lid]
            subtotal = lines.value_of(lid, "price_subtotal")
            amounts = {"debit": 0.0 if credit_side else subtotal, "credit": subtotal if credit_side else 0.0}
            if (line["debit"], line["credit"]) != (amounts["debit"], amounts["credit"]):
                lines.store.update("account.move.line", lid, amounts)
            for tid in line.get("tax_ids") or []:
                by_tax[tid] = round(by_tax.get(tid, 0.0) + taxes.tax_amount([tid], subtotal, line["quantity"]), 2)
        existing = {lines.table[i].get("tax_line_id"): i for i in self._lines(rid, "tax")}
        tax_account = accounts.by_code("251000" if sale else "131000")
        for tid, amount in by_tax.items():
            vals = {"debit": 0.0 if credit_side else amount, "credit": amount if credit_side else 0.0}
            if tid in existing:
                lines.store.update("account.move.line", existing.pop(tid), vals)
            else:
                lines._create_one(dict(vals, move_id=rid, display_type="tax", tax_line_id=tid, quantity=0.0,
                                       name=taxes.display_name_of(tid), account_id=tax_account,
                                       partner_id=row.get("partner_id")))
        lines._unlink(list(existing.values()))
        total = round(self._compute_untaxed(rid) + sum(by_tax.values()), 2)
        term = {"debit": total if credit_side else 0.0, "credit": 0.0 if credit_side else total}
        term_lines = self._lines(rid, "payment_term")
        if term_lines:
            lines.store.update("account.move.line", term_lines[0], term)
        else:
            lines._create_one(dict(term, move_id=rid, display_type="payment_term", quantity=0.0, name=False,
                                   account_id=accounts.by_code("121000" if sale else "211000"),
                                   partner_id=row.get("partner_id")))
        self.store.update(self._name, rid, {"amount_residual": total})

    # ------------------------------------------------------------- actions
    @api.records
    def action_post(self, ids):
        lines = self.store.tables["account.move.line"]
        for rid in ids:
            row = self.table[rid]
            if row["state"] != "draft":
                raise UserError(f"The entry {row.get('name') or '/'} (id {rid}) must be in draft.")
            if not self._lines(rid):
                raise UserError("You need to add a line before posting.")
            if any(not lines[i].get("account_id") for i in self._lines(rid, "product", "tax", "payment_term")):
                raise UserError("The operation cannot be completed: Missing required account on accountable line.")
            changes = {}
            if row["move_type"] in ("in_invoice", "in_refund", "in_receipt") and not row.get("invoice_date"):
                # Vendor documents are not dated at posting (API_FACTS-odoo18-round2.md §5 gotcha).
                raise UserError("The Bill/Refund date is required to validate this document.")
            if row["move_type"] != "entry" and not row.get("invoice_date"):
                changes["invoice_date"] = self.env.today()
            date = changes.get("invoice_date") or row.get("invoice_date") or row.get("date") or self.env.today()
            prefix = PREFIXES[row["move_type"]]
            number = self.store.next_number(("move", prefix, date[:4]))
            changes.update(name=f"{prefix}/{date[:4]}/{number:05d}", date=date, state="posted",
                           amount_residual=self._compute_total(rid), payment_state="not_paid")
            self.store.update(self._name, rid, changes)
            if row["move_type"] in ("out_refund", "in_refund") and row.get("reversed_entry_id"):
                self._reconcile_with_invoice(rid, row["reversed_entry_id"])
        return False

    def _reconcile_with_invoice(self, refund_id, invoice_id):
        invoice = self.table.get(invoice_id)
        if not invoice or invoice["state"] != "posted" or invoice["amount_residual"] <= 0:
            return
        refund = self.table[refund_id]
        applied = round(min(refund["amount_residual"], invoice["amount_residual"]), 2)
        if applied <= 0:
            return
        inv_left = round(invoice["amount_residual"] - applied, 2)
        ref_left = round(refund["amount_residual"] - applied, 2)
        self.store.update(self._name, invoice_id, {"amount_residual": inv_left,
                                                   "payment_state": "reversed" if inv_left <= 0 else "partial"})
        self.store.update(self._name, refund_id, {"_reconciled": applied})
        outstanding.set_residual(self.env, refund_id, ref_left)  # paid at posting: sale's paid hook (§4)

    @api.records
    def button_draft(self, ids):
        for rid in ids:
            row = self.table[rid]
            applied = row.get("_reconciled") or 0.0
            invoice = self.table.get(row.get("reversed_entry_id"))
            if applied and invoice:
                left = round(invoice["amount_residual"] + applied, 2)
                total = self._compute_total(row["reversed_entry_id"])
                self.store.update(self._name, row["reversed_entry_id"], {
                    "amount_residual": left, "payment_state": "not_paid" if left >= total else "partial"})
            self.store.update(self._name, rid, {"state": "draft", "_reconciled": 0.0, "payment_state": "not_paid"})
            self.sync_lines(rid)
        return True

    @api.records
    def button_cancel(self, ids):
        posted = [rid for rid in ids if self.table[rid]["state"] == "posted"]
        if posted:
            self.button_draft(posted)
        for rid in ids:
            if self.table[rid]["state"] != "draft":
                raise UserError("Only draft journal entries can be cancelled.")
            self.store.update(self._name, rid, {"state": "cancel"})
        return True


class AccountMoveLine(outstanding.LineResidual, BaseModel):
    _name = "account.move.line"
    _description = "Journal Item"
    _order = "date desc, move_id desc, id"

    move_id = Many2one("account.move", "Journal Entry", required=True, ondelete="cascade")
    name = Char("Label")
    display_type = Selection(DISPLAY_TYPES, default="product")
    product_id = Many2one("product.product", "Product")
    product_uom_id = Many2one("uom.uom", "Unit")
    quantity = Float(default=1.0)
    price_unit = Float("Unit Price")
    discount = Float("Discount (%)")
    tax_ids = Many2many("account.tax", "Taxes")
    tax_line_id = Many2one("account.tax", "Originator Tax")
    sale_line_ids = Many2many("sale.order.line", "Sales Order Lines")
    account_id = Many2one("account.account", "Account")
    partner_id = Many2one("res.partner", "Partner")
    debit = Float()
    credit = Float()
    balance = Float(compute="_compute_balance")
    price_subtotal = Float("Subtotal", compute="_compute_subtotal")
    price_total = Float("Total", compute="_compute_total")
    date = Date(related="move_id.date")
    parent_state = Selection([("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
                             related="move_id.state")
    move_type = Selection(MOVE_TYPES, related="move_id.move_type")
    company_id = Many2one("res.company", related="move_id.company_id")

    def _compute_balance(self, rid):
        row = self.table[rid]
        return round(row["debit"] - row["credit"], 2)

    def _compute_subtotal(self, rid):
        row = self.table[rid]
        if row["display_type"] != "product":
            return 0.0
        return round(row["quantity"] * row["price_unit"] * (1 - (row.get("discount") or 0.0) / 100), 2)

    def _compute_total(self, rid):
        subtotal = self._compute_subtotal(rid)
        return round(subtotal + self.env["account.tax"].tax_amount(self.table[rid].get("tax_ids") or [], subtotal), 2)

    def _prepare_create(self, vals):
        move = self.store.tables["account.move"].get(vals.get("move_id"))
        product = vals.get("product_id")
        if move and move["move_type"] != "entry" and vals.get("display_type", "product") == "product" and product:
            products = self.env["product.product"]
            self.env.ensure_exists("product.product", [product])
            sale = move["move_type"].startswith("out_")
            vals.setdefault("name", products.display_name_of(product))
            vals.setdefault("price_unit", products.value_of(product, "list_price") if sale else 0.0)
            vals.setdefault("product_uom_id", products.value_of(product, "uom_id"))
            if "tax_ids" not in vals and sale:
                vals["tax_ids"] = [(6, 0, products.value_of(product, "taxes_id"))]
            vals.setdefault("account_id", self.env["account.account"].by_code("400000" if sale else "600000"))
        if move:
            vals.setdefault("partner_id", move.get("partner_id"))
        return vals

    def _resync(self, ids):
        if self.env.context.get("_no_sync"):
            return
        for move_id in {self.table[i]["move_id"] for i in ids if i in self.table}:
            self.env["account.move"].sync_lines(move_id)

    def _post_create(self, rid, vals):
        self._resync([rid])

    def _post_write(self, ids, vals):
        self._resync(ids)


class ResCurrency(BaseModel):
    _name = "res.currency"
    _description = "Currency"

    name = Char("Currency", required=True)
    symbol = Char(required=True)
    rounding = Float(default=0.01)
    active = Boolean(default=True)


MODELS = [AccountTax, AccountAccount, AccountJournal, AccountMove, AccountMoveLine, ResCurrency]
