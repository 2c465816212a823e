"""Return receipt: one incoming transfer from the customer location into Returns.

Never into sellable stock: the goods wait in Returns until their disposition moves them on.
A full-quantity receipt is three writes (create with its moves, confirm, validate), with one
read before (Odoo's delivered quantities) and one after (confirmation and name).
"""
from .base import PostingRefused, finish_existing_picking, read_done_picking, sale_lines, validate_picking


def _moves(client, posting, t):
    """Moves linked to the sale line up to what Odoo still shows as delivered; any extra units
    (more than was delivered, or an unexpected product) arrive unlinked so that Odoo's
    delivered quantities are never pushed below what the customer really kept."""
    lines = posting.payload["lines"]
    so_lines = sale_lines(client, [line["odoo_sale_line_id"] for line in lines])
    moves, used = [], {}
    for line in lines:
        if not line["odoo_product_id"]:
            raise PostingRefused(f"{line['sku']} has no Odoo product id; map it before posting.")
        qty, sol_id = line["quantity"], line["odoo_sale_line_id"]
        base = {"product_id": line["odoo_product_id"], "location_id": t.customer_location_id,
                "location_dest_id": t.returns_location_id}
        linked = 0
        if sol_id in so_lines:
            delivered = so_lines[sol_id]["qty_delivered"] - used.get(sol_id, 0)
            linked = max(0, min(qty, int(delivered)))
            used[sol_id] = used.get(sol_id, 0) + linked
        if linked:
            uom = so_lines[sol_id].get("product_uom_id")
            moves.append({**base, "product_uom_qty": linked, "sale_line_id": sol_id, "to_refund": True,
                          **({"product_uom": uom[0]} if uom else {}),
                          **({"origin_returned_move_id": line["odoo_delivered_move_id"]}
                             if line.get("odoo_delivered_move_id") else {})})
        if qty - linked > 0:
            moves.append({**base, "product_uom_qty": qty - linked})
    if not moves:
        raise PostingRefused("Nothing to receive.")
    name = f"Return {posting.reference}"
    return [client.dialect.move_vals(move, name=name) for move in moves]


def post_receipt(client, posting, t, *, look_up_first: bool):
    if look_up_first:
        found = client.search_read("stock.picking", [("origin", "=", posting.reference),
                                                     ("picking_type_id", "=", t.receipt_type_id)],
                                   ["name", "state"], limit=1)
        if found:
            finish_existing_picking(client, found[0], assign=False)
            return read_done_picking(client, found[0]["id"])
    vals = {"picking_type_id": t.receipt_type_id, "location_id": t.customer_location_id,
            "location_dest_id": t.returns_location_id, "origin": posting.reference,
            "move_ids": [(0, 0, move) for move in _moves(client, posting, t)]}
    if posting.payload.get("odoo_partner_id"):
        vals["partner_id"] = posting.payload["odoo_partner_id"]
    picking_id = client.create("stock.picking", vals)
    # Moves from the customer location are assigned on confirm, quantity = demand.
    client.call("stock.picking", "action_confirm", [picking_id])
    validate_picking(client, picking_id)
    return read_done_picking(client, picking_id)
