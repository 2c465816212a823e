"""Return receipt: one incoming transfer from the customer location into Returns.

Never into sellable stock: Returns is outside the warehouse (see targets.py), and the goods wait
there until their disposition moves them on. The receipt is made the way Odoo's own return wizard
makes it (API_FACTS-odoo18-round2.md section 2), so that it shows on the order: the delivery's
procurement group on the picking *and* its moves (on the moves alone, Odoo leaves the required
Shipping Policy empty), `return_id` = the delivery, and per linked move `sale_line_id`,
`origin_returned_move_id` and `to_refund`. Not `sale_id`: its inverse makes a second group.
Odoo 19 has no `group_id` (fields_diff_18_19.json); there the receipt carries `return_id` and
the move links only (how 19 ties it to the order was not verified).

Every move that must not change the order's delivered quantity says `to_refund: False`: 19
defaults it to True and then links even an over-receipt to the sale line (qty_delivered -1).
"""
from .base import PostingRefused, finish_existing_picking, read_done_picking, sale_lines, validate_picking
from .receipt_serials import assign_serials, plan_serials


def _delivery(client, lines):
    """The delivery picking the returned lines came from, with its group (18): (id, group id)."""
    move_ids = sorted({line["odoo_delivered_move_id"] for line in lines if line.get("odoo_delivered_move_id")})
    if not move_ids:
        return 0, 0
    pickings = sorted({row["picking_id"][0] for row in client.read("stock.move", move_ids, ["picking_id"])
                       if row.get("picking_id")})
    if not pickings:
        return 0, 0
    if client.dialect.major >= 19:
        return pickings[0], 0
    row = client.read_one("stock.picking", pickings[0], ["group_id"])
    return pickings[0], (row["group_id"][0] if row.get("group_id") else 0)


def _moves(client, posting, t, group_id):
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
                "location_dest_id": t.returns_location_id, **({"group_id": group_id} if group_id else {})}
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
            moves.append({**base, "product_uom_qty": qty - linked, "to_refund": False})
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
            plan = plan_serials(client, posting.payload["lines"]) if found[0]["state"] not in ("done", "cancel") else {}
            if plan:  # lots go on the move lines Odoo makes at confirmation
                if found[0]["state"] == "draft":
                    client.call("stock.picking", "action_confirm", [found[0]["id"]])
                    found[0]["state"] = "confirmed"
                assign_serials(client, found[0]["id"], plan)
            finish_existing_picking(client, found[0], assign=False)
            return read_done_picking(client, found[0]["id"])
    serials = plan_serials(client, posting.payload["lines"])  # refuses before anything is created
    delivery_id, group_id = _delivery(client, posting.payload["lines"])
    vals = {"picking_type_id": t.receipt_type_id, "location_id": t.customer_location_id,
            "location_dest_id": t.returns_location_id, "origin": posting.reference,
            "move_ids": [(0, 0, move) for move in _moves(client, posting, t, group_id)]}
    if group_id:
        vals["group_id"] = group_id
    if delivery_id:
        vals["return_id"] = delivery_id
    if posting.payload.get("odoo_partner_id"):
        vals["partner_id"] = posting.payload["odoo_partner_id"]
    picking_id = client.create("stock.picking", vals)
    # Moves from the customer location are assigned on confirm, quantity = demand.
    client.call("stock.picking", "action_confirm", [picking_id])
    assign_serials(client, picking_id, serials)
    validate_picking(client, picking_id)
    return read_done_picking(client, picking_id)
