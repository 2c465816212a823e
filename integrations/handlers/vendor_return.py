"""Vendor return (RTV) through Odoo Purchase, as real Odoo 18 does it (API_FACTS-odoo18-round2.md §5):

1. One outgoing transfer from Returns area/Vendor returns to Partners/Vendors (the warehouse's
   Delivery Orders type), one move per product with `purchase_line_id` (the PO line the units were
   bought on), `origin_returned_move_id` (that line's receipt move) and `to_refund: True`, so the
   line's `qty_received` goes down (purchase_stock's rule); confirmed, reserved, validated.
2. One vendor credit note (`in_refund`) for the units' cost, its lines linked by `purchase_line_id`,
   reversing the vendor bill (`reversed_entry_id`, `invoice_origin` = the PO), dated (a vendor
   document without `invoice_date` cannot be posted), posted.
Both carry the batch's reference (picking `origin`, credit note `ref`); a retry looks them up first
and finishes what a previous attempt left, so nothing is made twice.
"""
from django.utils import timezone

from .base import PostingRefused, PostingResult, finish_existing_picking, read_done_picking, validate_picking


def _purchase_link(client, vendor, line, *, look_up_first) -> dict:
    """The PO line these units were bought on (newest with enough received), its receipt move and bill."""
    pols = client.search_read("purchase.order.line", [("product_id", "=", line["odoo_product_id"]),
                                                      ("order_id.partner_id", "=", vendor),
                                                      ("state", "in", ["purchase", "done"])],
                              ["order_id", "price_unit", "qty_received"], order="id desc")
    pol = next((p for p in pols if p["qty_received"] >= line["quantity"]), None)
    if pol is None and look_up_first and pols:
        pol = pols[0]  # a previous attempt's return may already have lowered qty_received
    if pol is None:
        raise PostingRefused(f"Odoo shows no purchase of {line['quantity']} × {line['sku']} from vendor {vendor} "
                             "with that many received; check the purchase orders in Odoo.")
    receipt = client.search_read("stock.move", [("purchase_line_id", "=", pol["id"]), ("state", "=", "done"),
                                                ("location_id.usage", "=", "supplier")], ["id"], limit=1)
    bills = client.search_read("account.move.line", [("purchase_line_id", "=", pol["id"]),
                                                     ("move_id.move_type", "=", "in_invoice"),
                                                     ("move_id.state", "=", "posted")],
                               ["move_id", "price_unit"], limit=1)
    if not bills:
        raise PostingRefused(f"{pol['order_id'][1]} has no posted vendor bill for {line['sku']} to credit yet.")
    return {"pol": pol["id"], "order_name": pol["order_id"][1].split(" ")[0], "receipt_move": receipt[0]["id"]
            if receipt else False, "bill": bills[0]["move_id"][0], "price_unit": bills[0]["price_unit"]}


def _picking(client, posting, t, links, vendor, *, look_up_first):
    if look_up_first:
        found = client.search_read("stock.picking", [("origin", "=", posting.reference)], ["name", "state"], limit=1)
        if found:
            finish_existing_picking(client, found[0], assign=True)
            return read_done_picking(client, found[0]["id"])
    source = t.locations.get("vendor_returns")
    if not source:
        raise PostingRefused("Odoo has no Vendor returns location; run odoo_setup.")
    supplier = client.search_read("stock.location", [("usage", "=", "supplier")], ["id"], limit=1, order="id")
    out_type = client.read_one("stock.warehouse", t.warehouse_id, ["out_type_id"])["out_type_id"][0]
    moves = [(0, 0, client.dialect.move_vals({
        "product_id": line["odoo_product_id"], "product_uom_qty": line["quantity"], "location_id": source,
        "location_dest_id": supplier[0]["id"], "purchase_line_id": link["pol"],
        "origin_returned_move_id": link["receipt_move"], "to_refund": True,
    }, name=f"Vendor return {posting.payload['batch']}")) for line, link in links]
    picking_id = client.create("stock.picking", {
        "picking_type_id": out_type, "partner_id": vendor, "location_id": source,
        "location_dest_id": supplier[0]["id"], "origin": posting.reference, "move_ids": moves})
    client.call("stock.picking", "action_confirm", [picking_id])
    client.call("stock.picking", "action_assign", [picking_id])
    validate_picking(client, picking_id)
    return read_done_picking(client, picking_id)


def _credit_note(client, posting, links, vendor, *, look_up_first) -> PostingResult:
    reference = posting.payload["credit_reference"]
    found = client.search_read("account.move", [("ref", "=", reference), ("move_type", "=", "in_refund")],
                               ["name", "state"], limit=1) if look_up_first else []
    if found:
        credit_id = found[0]["id"]
    else:
        bills = {link["bill"] for _line, link in links}
        credit_id = client.create("account.move", {
            "move_type": "in_refund", "partner_id": vendor, "invoice_date": timezone.localdate().isoformat(),
            "ref": reference, "reversed_entry_id": bills.pop() if len(bills) == 1 else False,
            "invoice_origin": ", ".join(sorted({link["order_name"] for _line, link in links})),
            "invoice_line_ids": [(0, 0, {"product_id": line["odoo_product_id"], "quantity": line["quantity"],
                                         "price_unit": link["price_unit"], "purchase_line_id": link["pol"]})
                                 for line, link in links]})
    if not found or found[0]["state"] == "draft":
        client.call("account.move", "action_post", [credit_id])
    row = client.read_one("account.move", credit_id, ["name", "state"])
    return PostingResult("account.move", credit_id, row["name"])


def post_vendor_return(client, posting, t, *, look_up_first: bool):
    payload = posting.payload
    vendor = payload["odoo_vendor_id"]
    missing = [line["sku"] for line in payload["lines"] if not line.get("odoo_product_id")]
    if missing:
        raise PostingRefused(f"{', '.join(missing)} has no Odoo product id; map it before posting.")
    links = [(line, _purchase_link(client, vendor, line, look_up_first=look_up_first)) for line in payload["lines"]]
    picking = _picking(client, posting, t, links, vendor, look_up_first=look_up_first)
    credit = _credit_note(client, posting, links, vendor, look_up_first=look_up_first)
    return PostingResult(credit.odoo_model, credit.odoo_id, credit.odoo_name,
                         note=f"{picking.odoo_name}; vendor authorization {payload['authorization_number']}")
