"""Refund: a customer credit note (out_refund) with the accepted lines, the restocking fee,
deductions and shipping as their own lines, linked to the original invoice, and posted.

The return becomes `refunded` only after this handler has read the note back as posted.
"""
from decimal import Decimal

from django.conf import settings

from ..odoo import OdooBusinessError
from .base import PostingRefused, PostingResult, sale_lines

FIELDS = ["name", "state", "move_type", "amount_total"]


def _products():
    mapping = settings.ODOO_MAPPING
    return {"fee_product": mapping["FEE_PRODUCT_ID"], "shipping_product": mapping["SHIPPING_PRODUCT_ID"]}


def _line_vals(payload, so_lines, tax_field_ids, account_id=0):
    vals = []
    credited = {}
    for line in payload["lines"]:
        sol_id = line.get("odoo_sale_line_id")
        item = {"product_id": line["odoo_product_id"], "quantity": line["quantity"],
                "price_unit": float(Decimal(line["price_unit"])),
                "name": f"{line['sku']} (return {payload['rma_number']})"}
        if sol_id in so_lines:
            credited[sol_id] = credited.get(sol_id, 0) + line["quantity"]
            if credited[sol_id] > so_lines[sol_id]["qty_invoiced"]:
                raise PostingRefused(
                    f"Crediting {credited[sol_id]} of {line['sku']} would exceed the "
                    f"{so_lines[sol_id]['qty_invoiced']:g} "
                    "Odoo still shows as invoiced on the sale order line.")
            item["sale_line_ids"] = [(6, 0, [sol_id])]
            if so_lines[sol_id].get("tax_ids"):
                item["tax_ids"] = [(6, 0, so_lines[sol_id]["tax_ids"])]
        vals.append(item)
    for adjustment in payload.get("adjustments", []):
        item = {"name": adjustment["label"], "quantity": 1, "price_unit": float(Decimal(adjustment["amount"]))}
        sol_id = adjustment.get("odoo_sale_line_id")
        if sol_id in so_lines and so_lines[sol_id].get("tax_ids"):
            item["tax_ids"] = [(6, 0, so_lines[sol_id]["tax_ids"])]  # taxed like the item it reduces
        if tax_field_ids.get("fee_product"):
            item["product_id"] = tax_field_ids["fee_product"]
        elif account_id:
            item["account_id"] = account_id
        vals.append(item)
    bonus = payload.get("store_credit_bonus")
    if bonus and Decimal(bonus) > 0:
        # Extra store credit beyond what was paid: untaxed (it is not a sale), booked like the
        # fee lines, so the open note (the customer's outstanding credit) includes it.
        item = {"name": f"Store credit bonus (return {payload['rma_number']})", "quantity": 1,
                "price_unit": float(Decimal(bonus)), "tax_ids": [(6, 0, [])]}
        if tax_field_ids.get("fee_product"):
            item["product_id"] = tax_field_ids["fee_product"]
        elif account_id:
            item["account_id"] = account_id
        vals.append(item)
    shipping = payload.get("shipping")
    if shipping and Decimal(shipping["amount"]) > 0:
        item = {"name": f"Shipping refund (return {payload['rma_number']})", "quantity": 1,
                "price_unit": float(Decimal(shipping["amount"]))}
        if tax_field_ids.get("shipping_product"):
            item["product_id"] = tax_field_ids["shipping_product"]
        else:
            item["tax_ids"] = [(6, 0, [])]  # the amount already includes the shipping tax
            if account_id:
                item["account_id"] = account_id
        vals.append(item)
    return vals


def _posted(client, move_id):
    row = client.read_one("account.move", move_id, FIELDS)
    if row["state"] != "posted":
        raise OdooBusinessError(f"Credit note {move_id} is '{row['state']}' in Odoo after posting.")
    return PostingResult("account.move", move_id, row["name"], note=f"total {row['amount_total']}")


def post_credit_note(client, posting, t, *, look_up_first: bool):
    payload = posting.payload
    if look_up_first:
        found = client.search_read("account.move", [("ref", "=", posting.reference), ("move_type", "=", "out_refund")],
                                   FIELDS, limit=1)
        if found:
            if found[0]["state"] == "draft":
                _post(client, found[0]["id"])
            elif found[0]["state"] != "posted":
                raise OdooBusinessError(f"Credit note {found[0]['name']} is '{found[0]['state']}' in Odoo.")
            return _posted(client, found[0]["id"])
    if not payload["lines"] and not payload.get("adjustments") and not payload.get("shipping"):
        if payload.get("exchanged_only"):  # every unit replaced at the same price: nothing to credit in Odoo
            return PostingResult("", None, "", note="every unit exchanged: no credit note")
        raise PostingRefused("The credit note would be empty.")
    if any(not line.get("odoo_product_id") for line in payload["lines"]):
        raise PostingRefused("A refunded item has no Odoo product id; map it before posting.")
    so_lines = sale_lines(client, [line.get("odoo_sale_line_id") for line in payload["lines"]])
    vals = {"move_type": "out_refund", "partner_id": payload["odoo_partner_id"], "ref": posting.reference,
            "invoice_origin": payload["order_number"],
            "invoice_line_ids": [(0, 0, item)
                                 for item in _line_vals(payload, so_lines, _products(), t.income_account_id)]}
    if payload.get("odoo_invoice_id"):
        vals["reversed_entry_id"] = payload["odoo_invoice_id"]
    if t.journal_id:
        vals["journal_id"] = t.journal_id
    move_id = client.create("account.move", vals)
    _post(client, move_id)
    return _posted(client, move_id)


NO_SENDER_EMAIL = "configure the sender's email address"


def _post(client, move_id):
    """action_post (answers False). A note that becomes paid at posting makes Odoo's sale app post
    "Invoice … paid" on the order as the integration user, which fails when that user has no
    e-mail (facts §4); the note then stays draft and a retry after the fix posts it."""
    try:
        client.call("account.move", "action_post", [move_id])
    except OdooBusinessError as exc:
        if NO_SENDER_EMAIL in exc.message:
            raise OdooBusinessError(
                f"{exc.message} Odoo's integration user has no e-mail address: give it one in Odoo "
                "(Settings ▸ Users), then retry; the credit note waits as a draft.") from exc
        raise
