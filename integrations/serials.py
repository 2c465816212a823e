"""Serial numbers as Odoo knows them (API_FACTS-odoo18-round2.md section 7).

- The serial a customer got is on the done move lines of their sale line that went to a
  customer location (`stock.move.line`, `lot_id`).
- A return receipt names the lot by id (`lot_id`), resolved here, after checking that the lot is
  not in stock (`product_qty` 0, i.e. at the customer): Odoo accepts a `lot_name` of a serial that
  is already in stock without a word and then holds it twice.
- `returned_serial_problem` lets the inspection side check a scanned serial against Odoo, not only
  against the local order snapshot.
"""
import logging

from .odoo import OdooError

log = logging.getLogger(__name__)


def is_tracked(client, product_ids) -> set[int]:
    """The products among these that Odoo tracks by serial or lot."""
    ids = sorted({p for p in product_ids if p})
    if not ids:
        return set()
    return {row["id"] for row in client.read("product.product", ids, ["tracking"])
            if row.get("tracking") in ("serial", "lot")}


def delivered_lots(client, product_id, sale_line_id) -> list[dict]:
    """Lots delivered on that sale line, oldest first: [{'id', 'name'}]."""
    rows = client.search_read("stock.move.line", [
        ("product_id", "=", product_id), ("move_id.sale_line_id", "=", sale_line_id),
        ("location_dest_id.usage", "=", "customer"), ("state", "=", "done")], ["lot_id"], order="id")
    seen, lots = set(), []
    for row in rows:
        if row.get("lot_id") and row["lot_id"][0] not in seen:
            seen.add(row["lot_id"][0])
            lots.append({"id": row["lot_id"][0], "name": row["lot_id"][1]})
    return lots


def lots_in_stock(client, lot_ids) -> set[int]:
    if not lot_ids:
        return set()
    return {row["id"] for row in client.read("stock.lot", list(lot_ids), ["product_qty"]) if row["product_qty"] > 0}


def find_lot(client, product_id, serial):
    rows = client.search_read("stock.lot", [("product_id", "=", product_id), ("name", "=", serial)],
                              ["name", "product_qty"], limit=1)
    return rows[0] if rows else None


def serial_problem(client, product_id, serial) -> str | None:
    lot = find_lot(client, product_id, serial)
    if lot is None:
        return f"Odoo has no serial {serial} for this product: it was never received or sold there."
    if lot["product_qty"] > 0:
        return f"Odoo shows serial {serial} in stock, not at a customer: it cannot be coming back."
    return None


def returned_serial_problem(odoo_product_id, serial) -> str | None:
    """For the inspection side: what is wrong with this scanned serial according to Odoo, or None.
    None too when Odoo is not configured or cannot be reached (the local check still applies)."""
    from .gateway import odoo_client, odoo_configured

    if not odoo_configured() or not odoo_product_id or not serial:
        return None
    try:
        return serial_problem(odoo_client(), odoo_product_id, serial)
    except OdooError as exc:
        log.warning("Could not check serial %s in Odoo: %s", serial, exc)
        return None


def offer_serial_check():
    """Hand `returned_serial_problem` to the inspection side if it has a seam for it
    (`inspection.serials.register_serial_check(fn)`, fn(odoo_product_id, serial) -> problem or None);
    called from IntegrationsConfig.ready(), so inspection never imports the integration."""
    from inspection import serials

    register = getattr(serials, "register_serial_check", None)
    if register is not None:
        register(returned_serial_problem)
