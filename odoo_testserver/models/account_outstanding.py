"""Reconciliation of invoices, credit notes and payments, and the outstanding credits/debits widget.

Residuals are kept per document: ``amount_residual`` on an invoice or credit note, ``_residual``
on a payment (its receivable line). As recorded on Odoo 18 (API_FACTS-odoo18-round2.md §3):

- a credit note posted against an already paid invoice stays ``not_paid`` (nothing to match);
- a payment registered on a move reconciles with it: residual 0 -> ``paid``;
- an open credit note is the customer's outstanding credit: the next invoice's widget lists it
  (``Outstanding credits``), a credit note's widget lists outbound payments and open invoices
  (``Outstanding debits``); ``js_assign_outstanding_line`` (returns None) reconciles one entry;
- a move with sale links becoming paid runs sale's ``_invoice_paid_hook``: a note on the order
  posted as the current user, which fails for a user without e-mail (§4) and rolls it all back.
"""

from __future__ import annotations

from ..errors import UserError
from ..fields import Boolean, Field, Float
from ..orm import api

RECEIVABLE_CODE = "121000"


class Widget(Field):
    """Odoo's computed, non-stored JSON widgets (fields.Binary in the source, a dict over RPC)."""

    type = "binary"

SIGN = {"out_invoice": 1, "out_refund": -1}  # sign of the receivable balance of each document


def set_residual(env, move_id, residual):
    """New residual of an invoice/credit note, its payment state, and the paid hook."""
    moves = env["account.move"]
    row = moves.table[move_id]
    residual = round(max(residual, 0.0), 2)
    state = "paid" if residual <= 0 else ("partial" if residual < moves._compute_total(move_id) else "not_paid")
    moves.store.update("account.move", move_id, {"amount_residual": residual, "payment_state": state})
    if state == "paid" and row.get("payment_state") != "paid":
        invoice_paid_hook(env, move_id)


def invoice_paid_hook(env, move_id):
    """sale/models/account_move.py _invoice_paid_hook: ``order.message_post("Invoice X paid")``."""
    lines = env.store.tables["account.move.line"]
    sol_ids = {s for row in lines.values() if row["move_id"] == move_id for s in row.get("sale_line_ids") or []}
    orders = sorted({env.store.tables["sale.order.line"][s]["order_id"] for s in sol_ids
                     if s in env.store.tables["sale.order.line"]})
    if not orders:
        return
    from .mail import post_message

    name = env.store.tables["account.move"][move_id].get("name")
    for order in orders:
        post_message(env, "sale.order", order, f"<p>Invoice {name} paid</p>", message_type="notification",
                     subtype_xmlid="mail.mt_note")


def apply_payment(env, move_id, payment_id, amount):
    """Reconcile up to ``amount`` of a payment with a move; answers what was applied."""
    moves, payments = env["account.move"], env["account.payment"]
    move = moves.table[move_id]
    payment = payments.table[payment_id]
    applied = round(min(amount, move["amount_residual"], payment.get("_residual", payment["amount"])), 2)
    if applied <= 0:
        return 0.0
    payments.store.update("account.payment", payment_id, {
        "_residual": round(payment.get("_residual", payment["amount"]) - applied, 2), "_matched": True,
        "reconciled_invoice_ids": sorted(set(payment.get("reconciled_invoice_ids") or []) | {move_id})})
    set_residual(env, move_id, move["amount_residual"] - applied)
    return applied


def receivable_residual(env, line_id):
    """Signed residual of a receivable line (positive: the customer owes; negative: we owe)."""
    line = env.store.tables["account.move.line"][line_id]
    move = env.store.tables["account.move"].get(line["move_id"]) or {}
    accounts = env.store.tables["account.account"]
    if accounts.get(line.get("account_id"), {}).get("code") != RECEIVABLE_CODE or move.get("state") != "posted":
        return 0.0
    if move.get("_payment"):
        payment = env.store.tables["account.payment"][move["_payment"]]
        sign = 1 if payment["payment_type"] == "outbound" else -1
        return round(sign * payment.get("_residual", 0.0), 2)
    return round(SIGN.get(move.get("move_type"), 0) * (move.get("amount_residual") or 0.0), 2)


def _open_lines(env, move_id):
    """The partner's other posted receivable lines that could be matched with this move."""
    moves, lines = env["account.move"], env.store.tables["account.move.line"]
    move = moves.table[move_id]
    partner = moves.value_of(move_id, "commercial_partner_id")
    want = -SIGN.get(move["move_type"], 0)  # an invoice needs credits (<0), a credit note debits (>0)
    found = []
    for lid, line in sorted(lines.items()):
        if line["move_id"] == move_id or line.get("display_type") != "payment_term":
            continue
        other = line["move_id"]
        pid = line.get("partner_id")
        if not pid or env["res.partner"].value_of(pid, "commercial_partner_id") != partner:
            continue
        residual = receivable_residual(env, lid)
        if residual and (residual > 0) == (want > 0):
            found.append((lid, other, residual))
    # account.move.line's order, as the recorded widget lists them: date desc, move name desc, id.
    rows = moves.table
    found.sort(key=lambda item: item[0])
    found.sort(key=lambda item: (rows[item[1]].get("date") or "", rows[item[1]].get("name") or ""), reverse=True)
    return found


def outstanding_widget(env, move_id):
    moves = env["account.move"]
    move = moves.table[move_id]
    if move["state"] != "posted" or move["move_type"] not in SIGN or move.get("payment_state") in ("paid",):
        return False
    content = []
    for lid, other, residual in _open_lines(env, move_id):
        row = moves.table[other]
        content.append({"journal_name": row.get("ref") or row.get("name"), "amount": abs(residual),
                        "currency_id": row.get("currency_id") or 1, "id": lid, "move_id": other,
                        "date": row.get("date"), "account_payment_id": row.get("_payment") or False})
    if not content:
        return False
    title = "Outstanding credits" if move["move_type"] == "out_invoice" else "Outstanding debits"
    return {"outstanding": True, "content": content, "move_id": move_id, "title": title}


def assign_outstanding_line(env, move_id, line_id):
    """The widget's "Add": reconcile the given receivable line with the move."""
    moves = env["account.move"]
    match = next(((lid, other, residual) for lid, other, residual in _open_lines(env, move_id) if lid == line_id),
                 None)
    if match is None:
        raise UserError("You can only reconcile posted entries.")  # not recorded: the nearest Odoo text
    _lid, other, residual = match
    row = moves.table[other]
    if row.get("_payment"):
        apply_payment(env, move_id, row["_payment"], abs(residual))
        return
    applied = round(min(abs(residual), moves.table[move_id]["amount_residual"]), 2)
    set_residual(env, other, row["amount_residual"] - applied)
    set_residual(env, move_id, moves.table[move_id]["amount_residual"] - applied)


class MoveOutstanding:
    """account.move's outstanding credits/debits (mixed into AccountMove)."""

    invoice_has_outstanding = Boolean(compute="_compute_has_outstanding")
    invoice_outstanding_credits_debits_widget = Widget(compute="_compute_outstanding_widget")

    def _compute_has_outstanding(self, rid):
        return bool(outstanding_widget(self.env, rid))

    def _compute_outstanding_widget(self, rid):
        return outstanding_widget(self.env, rid)

    @api.records
    def js_assign_outstanding_line(self, ids, line_id):
        for rid in ids:
            assign_outstanding_line(self.env, rid, line_id)
        return None  # as in Odoo: committed, then XML-RPC's marshal fault


class LineResidual:
    """account.move.line's residual and reconciled flag (mixed into AccountMoveLine)."""

    amount_residual = Float("Residual Amount", compute="_compute_residual")
    reconciled = Boolean(compute="_compute_reconciled")

    def _compute_residual(self, rid):
        return receivable_residual(self.env, rid)

    def _compute_reconciled(self, rid):
        account = self.store.tables["account.account"].get(self.table[rid].get("account_id"), {})
        return bool(account.get("reconcile")) and not receivable_residual(self.env, rid)
