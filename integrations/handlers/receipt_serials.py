"""Serials on a return receipt (API_FACTS-odoo18-round2.md section 7).

Odoo refuses to validate a receipt of a serial-tracked product without a lot on each move line.
The app receives the very serials that were delivered on the sale line (or the ones scanned, when
the posting carries them), by lot id, and refuses a serial Odoo shows in stock before anything is
created: Odoo itself would accept that serial by name and hold it twice.
"""
from .. import serials as odoo_serials
from .base import PostingRefused


def _lots_for_line(client, line):
    product, qty = line["odoo_product_id"], line["quantity"]
    scanned = [s for s in line.get("serials") or [] if s]
    if scanned:
        lots = []
        for serial in scanned[:qty]:
            lot = odoo_serials.find_lot(client, product, serial)
            problem = odoo_serials.serial_problem(client, product, serial)
            if problem:
                raise PostingRefused(f"{line['sku']}: {problem}")
            lots.append(lot["id"])
        if len(lots) == qty:
            return lots
        raise PostingRefused(f"{line['sku']}: {qty} units received but {len(lots)} serials scanned.")
    delivered = odoo_serials.delivered_lots(client, product, line.get("odoo_sale_line_id"))
    in_stock = odoo_serials.lots_in_stock(client, [lot["id"] for lot in delivered])
    at_customer = [lot for lot in delivered if lot["id"] not in in_stock]
    if len(at_customer) < qty:
        back = ", ".join(lot["name"] for lot in delivered if lot["id"] in in_stock) or "none"
        raise PostingRefused(
            f"{line['sku']}: {qty} units received, but Odoo shows only {len(at_customer)} of the serials "
            f"delivered on this order line still at the customer (already back in stock: {back}).")
    return [lot["id"] for lot in at_customer[:qty]]


def plan_serials(client, lines) -> dict[int, list[int]]:
    """product id -> the lot ids to receive, for the tracked products among the lines."""
    tracked = odoo_serials.is_tracked(client, [line["odoo_product_id"] for line in lines])
    plan = {}
    for line in lines:
        if line["odoo_product_id"] in tracked:
            plan.setdefault(line["odoo_product_id"], []).extend(_lots_for_line(client, line))
    return plan


def assign_serials(client, picking_id, plan):
    """Put the planned lots on the confirmed receipt's move lines, one unit per serial."""
    if not plan:
        return
    moves = client.search_read("stock.move", [("picking_id", "=", picking_id)],
                               ["product_id", "product_uom_qty", "move_line_ids", "location_id",
                                "location_dest_id"], order="id")
    remaining = {product: list(lots) for product, lots in plan.items()}
    for move in moves:
        product = move["product_id"][0]
        if product not in remaining:
            continue
        lots = [remaining[product].pop(0) for _ in range(int(move["product_uom_qty"])) if remaining[product]]
        lines = client.read("stock.move.line", move["move_line_ids"], ["quantity"]) if move["move_line_ids"] else []
        if len(lines) == len(lots) and all(row["quantity"] == 1 for row in lines):
            # The verified call: the lot id on the existing line, quantity 1, picked.
            for row, lot in zip(lines, lots, strict=True):
                client.write("stock.move.line", [row["id"]], {"lot_id": lot, "quantity": 1, "picked": True})
        else:
            # One line per serial, replacing Odoo's (the verified shape of a lot-name receipt).
            client.write("stock.move", [move["id"]], {"move_line_ids": [(5,)] + [
                (0, 0, {"product_id": product, "lot_id": lot, "quantity": 1, "picked": True,
                        "location_id": move["location_id"][0], "location_dest_id": move["location_dest_id"][0]})
                for lot in lots]})
