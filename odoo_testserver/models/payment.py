"""Payments: the register-payment wizard, account.payment, and Odoo's ``payment_demo`` provider.

As recorded on Odoo 18 (API_FACTS-odoo18-round2.md section 3):

- ``account.payment.register`` is created with ``{}`` and a context ``active_model`` /
  ``active_ids``; everything defaults from the move (inbound for an invoice, outbound for a
  credit note, amount = residual, the Bank journal). ``action_create_payments`` makes the
  payment (state ``paid`` with the Bank journal), reconciles it and answers an act_window.
- The demo provider: ``action_demo_set_done`` and the refund wizard's ``action_refund``
  return None (committed, then XML-RPC's marshal fault); the ``account.payment`` of a
  transaction appears only when the post-processing cron (``ir.cron`` 17) runs.
- A provider refund is not reconciled with any credit note: ``js_assign_outstanding_line``
  on the credit note does that (models/account_outstanding.py).

Not recorded, so not modelled: 'in_payment' states, other journals' outstanding accounts,
payment providers other than demo, the lab's wkhtmltopdf failure of post-processing.
"""

from __future__ import annotations

from ..errors import UserError, ValidationError
from ..fields import Boolean, Char, Date, Float, Integer, Many2many, Many2one, One2many, Selection
from ..orm import BaseModel, api
from .account_outstanding import apply_payment

BANK_JOURNAL, MANUAL_IN, MANUAL_OUT, DEMO_LINE = 6, 1, 2, 5
DEMO_PROVIDER, DEMO_METHOD, POST_PROCESS_CRON = 6, 212, 17
RECEIVABLE_CODE = "121000"
OUTSTANDING = {"inbound": (49, "101403", "Outstanding Receipts"), "outbound": (50, "101404", "Outstanding Payments")}
PAYMENT_STATES = [("draft", "Draft"), ("in_process", "In Process"), ("paid", "Paid"), ("canceled", "Canceled"),
                  ("rejected", "Rejected")]


def seed_payment_data(store):
    """What every Odoo with Invoicing has: the Bank journal, its manual payment method lines
    and the outstanding accounts. Idempotent; also run lazily by the wizard."""
    if BANK_JOURNAL in store.tables["account.journal"]:
        return
    with store.transaction():
        env = store.env()
        for rid, code, name in OUTSTANDING.values():
            env["account.account"]._create_one({"code": code, "name": name, "account_type": "asset_current",
                                                "reconcile": True}, rid=rid)
        env["account.journal"]._create_one({"name": "Bank", "code": "BNK1", "type": "bank"}, rid=BANK_JOURNAL)
        lines = env["account.payment.method.line"]
        lines._create_one({"name": "Manual Payment", "journal_id": BANK_JOURNAL, "payment_type": "inbound"},
                          rid=MANUAL_IN)
        lines._create_one({"name": "Manual Payment", "journal_id": BANK_JOURNAL, "payment_type": "outbound"},
                          rid=MANUAL_OUT)


def seed_payment_demo(store):
    """The ``payment_demo`` module installed (facts §0): provider 6 'Demo', method 212, cron 17."""
    seed_payment_data(store)
    if DEMO_PROVIDER in store.tables["payment.provider"]:
        return
    with store.transaction():
        env = store.env()
        env["payment.method"]._create_one({"name": "Demo", "code": "demo", "support_refund": "partial"},
                                          rid=DEMO_METHOD)
        env["payment.provider"]._create_one({"name": "Demo", "code": "demo", "state": "test",
                                             "journal_id": BANK_JOURNAL, "payment_method_ids": [(6, 0, [DEMO_METHOD])]},
                                            rid=DEMO_PROVIDER)
        env["account.payment.method.line"]._create_one({"name": "Demo", "journal_id": BANK_JOURNAL,
                                                        "payment_type": "inbound",
                                                        "payment_provider_id": DEMO_PROVIDER}, rid=DEMO_LINE)
        env["ir.cron"]._create_one({"name": "Payment: Post-process transactions",
                                    "code": "model._cron_post_process()"}, rid=POST_PROCESS_CRON)


class AccountPaymentMethodLine(BaseModel):
    _name = "account.payment.method.line"
    _description = "Payment Methods"

    name = Char(required=True)
    journal_id = Many2one("account.journal", "Journal")
    payment_type = Selection([("inbound", "Inbound"), ("outbound", "Outbound")])
    payment_provider_id = Many2one("payment.provider", "Payment Provider")

    def _compute_display_name(self, rid):
        row = self.table[rid]
        journal = self.env["account.journal"].display_name_of(row.get("journal_id"))
        return f"{row['name']} ({journal})" if journal else row["name"]


class AccountPayment(BaseModel):
    _name = "account.payment"
    _description = "Payments"
    _order = "date desc, name desc"

    name = Char("Number")
    date = Date(default=lambda env: env.today())
    payment_type = Selection([("outbound", "Send"), ("inbound", "Receive")], required=True)
    partner_type = Selection([("customer", "Customer"), ("supplier", "Vendor")], default="customer")
    amount = Float()
    currency_id = Many2one("res.currency", "Currency", default=lambda env: env["res.company"].currency_of(1))
    state = Selection(PAYMENT_STATES, "Status", default="draft")
    journal_id = Many2one("account.journal", "Journal")
    partner_id = Many2one("res.partner", "Customer/Vendor")
    memo = Char("Memo")
    move_id = Many2one("account.move", "Journal Entry")
    payment_method_line_id = Many2one("account.payment.method.line", "Payment Method")
    outstanding_account_id = Many2one("account.account", "Outstanding Account")
    payment_transaction_id = Many2one("payment.transaction", "Payment Transaction")
    source_payment_id = Many2one("account.payment", "Source Payment")
    reconciled_invoice_ids = Many2many("account.move", "Reconciled Invoices")
    is_reconciled = Boolean("Is Reconciled", compute="_compute_is_reconciled")
    is_matched = Boolean("Is Matched With a Bank Statement")  # no bank statements here
    amount_available_for_refund = Float(compute="_compute_available_for_refund")
    refunds_count = Integer(compute="_compute_refunds_count")

    def _refunds(self, rid):
        return [pid for pid, row in self.table.items() if row.get("source_payment_id") == rid]

    def _compute_is_reconciled(self, rid):
        return bool(self.table[rid].get("_matched")) and round(self.table[rid].get("_residual") or 0.0, 2) <= 0

    def _compute_available_for_refund(self, rid):
        row = self.table[rid]
        if row["payment_type"] != "inbound" or not row.get("payment_transaction_id"):
            return 0.0
        return round(row["amount"] - sum(self.table[p]["amount"] for p in self._refunds(rid)), 2)

    def _compute_refunds_count(self, rid):
        return len(self._refunds(rid))

    def make(self, vals, state):
        """A posted payment with its journal entry: the receivable line and the outstanding line."""
        journal = self.store.tables["account.journal"][vals["journal_id"]]
        year = self.env.today()[:4]
        vals = dict(vals, state=state, name=f"P{journal['code']}/{year}/"
                    f"{self.store.next_number(('payment', journal['code'], year)):05d}",
                    outstanding_account_id=OUTSTANDING[vals["payment_type"]][0])
        pid = self._create_one(vals)
        moves, lines = self.env["account.move"], self.env.with_context(_no_sync=True)["account.move.line"]
        move = moves._create_one({"move_type": "entry", "journal_id": vals["journal_id"], "ref": vals.get("memo"),
                                  "partner_id": vals.get("partner_id")})
        self.store.update("account.move", move, {"name": vals["name"], "state": "posted", "_payment": pid})
        outbound = vals["payment_type"] == "outbound"
        amount = vals["amount"]
        receivable = self.env["account.account"].by_code(RECEIVABLE_CODE)
        for account, debit in ((receivable, outbound), (vals["outstanding_account_id"], not outbound)):
            lines._create_one({"move_id": move, "account_id": account, "partner_id": vals.get("partner_id"),
                               "display_type": "payment_term" if account == receivable else "product",
                               "name": vals.get("memo"), "quantity": 0.0,
                               "debit": amount if debit else 0.0, "credit": 0.0 if debit else amount})
        self.store.update(self._name, pid, {"move_id": move, "_residual": amount})
        return pid

    @api.records
    def action_refund_wizard(self, ids):
        # Recorded: a bare act_window, no context (the wizard needs active_id from the caller).
        return {"name": "Refund", "type": "ir.actions.act_window", "view_mode": "form",
                "res_model": "payment.refund.wizard", "target": "new"}


class AccountPaymentRegister(BaseModel):
    _name = "account.payment.register"
    _description = "Pay"

    journal_id = Many2one("account.journal", "Journal")
    payment_method_line_id = Many2one("account.payment.method.line", "Payment Method")
    amount = Float()
    payment_type = Selection([("outbound", "Send"), ("inbound", "Receive")])
    partner_type = Selection([("customer", "Customer"), ("supplier", "Vendor")])
    partner_id = Many2one("res.partner", "Customer/Vendor")
    communication = Char("Memo")
    payment_date = Date(default=lambda env: env.today())
    line_ids = Many2many("account.move", "Moves")  # the moves paid (Odoo: their receivable lines)

    def _active_moves(self):
        ctx = self.env.context
        if ctx.get("active_model") != "account.move" or not ctx.get("active_ids"):
            # Odoo's text (not recorded in the facts).
            raise UserError("The register payment wizard should only be called on account.move or "
                            "account.move.line records.")
        moves = self.env["account.move"]
        self.env.ensure_exists("account.move", ctx["active_ids"])
        for mid in ctx["active_ids"]:
            if moves.table[mid]["state"] != "posted":
                raise UserError("You can only register payment for posted journal entries.")
        return list(ctx["active_ids"])

    def _prepare_create(self, vals):
        seed_payment_data(self.store)
        move_ids = self._active_moves()
        move = self.store.tables["account.move"][move_ids[0]]
        if all(self.store.tables["account.move"][m]["amount_residual"] <= 0 for m in move_ids):
            # Odoo's text (account_payment_register.py; not recorded in the facts).
            raise UserError("You can't register a payment because there is nothing left to pay on the selected "
                            "journal items.")
        outbound = move["move_type"] in ("out_refund", "in_invoice")
        # Odoo's communication: the payment reference (an invoice's own number) or the ref.
        communication = move.get("name") if move["move_type"] == "out_invoice" else (move.get("ref") or move["name"])
        defaults = {"journal_id": BANK_JOURNAL, "payment_method_line_id": MANUAL_OUT if outbound else MANUAL_IN,
                    "amount": round(sum(self.store.tables["account.move"][m]["amount_residual"] for m in move_ids), 2),
                    "payment_type": "outbound" if outbound else "inbound",
                    "partner_type": "customer" if move["move_type"].startswith("out_") else "supplier",
                    "partner_id": move.get("partner_id"), "communication": communication,
                    "line_ids": [(6, 0, move_ids)]}
        return {**defaults, **vals}

    @api.records
    def action_create_payments(self, ids):
        payments = self.env["account.payment"]
        pid = None
        for rid in ids:
            row = self.table[rid]
            pid = payments.make({"payment_type": row["payment_type"], "partner_type": row["partner_type"],
                                 "amount": row["amount"], "journal_id": row["journal_id"],
                                 "payment_method_line_id": row["payment_method_line_id"],
                                 "partner_id": row["partner_id"], "memo": row["communication"],
                                 "date": row.get("payment_date")}, "paid")
            left = row["amount"]
            for mid in row.get("line_ids") or []:
                left = round(left - apply_payment(self.env, mid, pid, left), 2)
        return {"name": "Payments", "type": "ir.actions.act_window", "res_model": "account.payment",
                "context": {"create": False}, "view_mode": "form", "res_id": pid}


class PaymentMethod(BaseModel):
    _name = "payment.method"
    _description = "Payment Method"

    name = Char(required=True)
    code = Char()
    support_refund = Selection([("none", "Unsupported"), ("full_only", "Full Only"), ("partial", "Partial")],
                               default="none")
    active = Boolean(default=True)


class PaymentProvider(BaseModel):
    _name = "payment.provider"
    _description = "Payment Provider"

    name = Char(required=True)
    code = Char()
    state = Selection([("disabled", "Disabled"), ("enabled", "Enabled"), ("test", "Test Mode")], default="disabled")
    journal_id = Many2one("account.journal", "Payment Journal")
    payment_method_ids = Many2many("payment.method", "Supported Payment Methods")


class PaymentTransaction(BaseModel):
    _name = "payment.transaction"
    _description = "Payment Transaction"
    _rec_name = "reference"
    _order = "id desc"

    reference = Char()
    provider_reference = Char("Provider Reference")
    provider_id = Many2one("payment.provider", "Provider", required=True)
    payment_method_id = Many2one("payment.method", "Payment Method", required=True)
    amount = Float(required=True)
    currency_id = Many2one("res.currency", "Currency", required=True)
    partner_id = Many2one("res.partner", "Customer", required=True)
    state = Selection([("draft", "Draft"), ("pending", "Pending"), ("authorized", "Authorized"), ("done", "Confirmed"),
                       ("cancel", "Canceled"), ("error", "Error")], "Status", default="draft")
    operation = Selection([("online_redirect", "Online payment with redirection"),
                           ("online_direct", "Online direct payment"), ("online_token", "Online payment by token"),
                           ("validation", "Validation of the payment method"), ("offline", "Offline payment by token"),
                           ("refund", "Refund")])
    payment_id = Many2one("account.payment", "Payment")
    is_post_processed = Boolean("Is Post-processed")
    sale_order_ids = Many2many("sale.order", "Sales Orders")
    invoice_ids = Many2many("account.move", "Invoices")
    source_transaction_id = Many2one("payment.transaction", "Source Transaction")
    child_transaction_ids = One2many("payment.transaction", "source_transaction_id", "Child Transactions")
    refunds_count = Integer(compute="_compute_refunds_count")

    def _compute_refunds_count(self, rid):
        return sum(1 for row in self.table.values()
                   if row.get("source_transaction_id") == rid and row.get("operation") == "refund")

    def _prepare_create(self, vals):
        if not vals.get("reference"):
            orders = self.store.tables["sale.order"]
            so_ids = [i for c in vals.get("sale_order_ids") or [] if isinstance(c, (list, tuple)) and c[0] == 6
                      for i in c[2]]
            base = ",".join(orders[i]["name"] for i in so_ids if i in orders) or "tx"
            taken = {row.get("reference") for row in self.table.values()}
            reference, n = base, 0
            while reference in taken:
                n += 1
                reference = f"{base}-{n}"
            vals["reference"] = reference
        return vals

    @api.records
    def action_demo_set_done(self, ids):
        for rid in ids:
            row = self.table[rid]
            self.store.update(self._name, rid, {"state": "done", "provider_reference": f"demo-{row['reference']}"})
        return None  # as in payment_demo: the XML-RPC answer is the marshal fault, the change is committed

    def post_process(self):
        """payment.cron_post_process_payment_tx: a payment per done transaction; an order paid
        online is confirmed."""
        payments, partners = self.env["account.payment"], self.env["res.partner"]
        for rid, row in sorted(self.table.items()):
            if row["state"] != "done" or row.get("is_post_processed"):
                continue
            refund = row.get("operation") == "refund"
            source = self.table.get(row.get("source_transaction_id")) or {}
            memo = f"{row['reference']} - {partners.display_name_of(row['partner_id'])} - {row['provider_reference']}"
            provider = self.store.tables["payment.provider"][row["provider_id"]]
            pid = payments.make({"payment_type": "outbound" if refund else "inbound", "partner_type": "customer",
                                 "amount": abs(row["amount"]), "journal_id": provider["journal_id"],
                                 "payment_method_line_id": DEMO_LINE, "partner_id": row["partner_id"],
                                 "memo": memo, "payment_transaction_id": rid,
                                 "source_payment_id": source.get("payment_id") or False}, "in_process")
            self.store.update(self._name, rid, {"payment_id": pid, "is_post_processed": True})
            orders = self.env["sale.order"]
            drafts = [o for o in row.get("sale_order_ids") or [] if orders.table[o]["state"] in ("draft", "sent")]
            if drafts:
                orders.action_confirm(drafts)


class PaymentRefundWizard(BaseModel):
    _name = "payment.refund.wizard"
    _description = "Payment Refund Wizard"

    payment_id = Many2one("account.payment", "Payment")
    transaction_id = Many2one("payment.transaction", related="payment_id.payment_transaction_id")
    payment_amount = Float(related="payment_id.amount")
    refunded_amount = Float(compute="_compute_refunded")
    amount_available_for_refund = Float(related="payment_id.amount_available_for_refund")
    amount_to_refund = Float("Refund Amount")
    currency_id = Many2one("res.currency", related="payment_id.currency_id")
    support_refund = Selection(PaymentMethod.support_refund.selection, compute="_compute_support_refund")

    def _compute_refunded(self, rid):
        payment = self.table[rid].get("payment_id")
        payments = self.env["account.payment"]
        return round(sum(payments.table[p]["amount"] for p in payments._refunds(payment)), 2) if payment else 0.0

    def _compute_support_refund(self, rid):
        tx = self.value_of(rid, "transaction_id")
        if not tx:
            return False
        method = self.store.tables["payment.transaction"][tx]["payment_method_id"]
        return self.store.tables["payment.method"][method]["support_refund"]

    def _prepare_create(self, vals):
        ctx = self.env.context
        if "payment_id" not in vals and ctx.get("active_model") == "account.payment" and ctx.get("active_id"):
            vals["payment_id"] = ctx["active_id"]
        return vals

    def _constrain(self, ids):
        for rid in ids:
            available = self.value_of(rid, "amount_available_for_refund") if self.table[rid].get("payment_id") else 0.0
            amount = self.table[rid]["amount_to_refund"]
            if amount <= 0 or round(amount, 2) > round(available, 2):
                raise ValidationError("The amount to be refunded must be positive and cannot be superior to "
                                      f"{available}.")

    @api.records
    def action_refund(self, ids):
        txs = self.env["payment.transaction"]
        for rid in ids:
            tx = self.value_of(rid, "transaction_id")
            source = txs.table[tx]
            if source["state"] != "done":
                raise ValidationError("Only confirmed transactions can be refunded.")
            if self._compute_support_refund(rid) not in ("full_only", "partial"):
                raise UserError("This payment method does not support refunds.")
            amount = self.table[rid]["amount_to_refund"]
            reference = f"R-{source['reference']}"
            # payment_demo confirms a refund at once; its payment comes with the post-processing cron.
            txs._create_one({"reference": reference, "provider_id": source["provider_id"],
                             "payment_method_id": source["payment_method_id"], "amount": -amount,
                             "currency_id": source["currency_id"], "partner_id": source["partner_id"],
                             "operation": "refund", "source_transaction_id": tx, "state": "done",
                             "provider_reference": f"demo-{reference}"})
        return None


class IrCron(BaseModel):
    _name = "ir.cron"
    _description = "Scheduled Actions"

    name = Char(required=True)
    code = Char()
    active = Boolean(default=True)

    @api.records
    def method_direct_trigger(self, ids):
        if POST_PROCESS_CRON in ids:
            self.env["payment.transaction"].post_process()
        return True


MODELS = [AccountPaymentMethodLine, AccountPayment, AccountPaymentRegister, PaymentMethod, PaymentProvider,
          PaymentTransaction, PaymentRefundWizard, IrCron]
