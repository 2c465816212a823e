"""Disposition: move an inspected line out of Returns — an internal transfer to Stock, Refurbish,
Vendor returns, Quarantine or Liquidation, or a scrap order; and a refurbished unit out of Refurbish the same way."""
from returns.choices import Disposition

from ..odoo import OdooBusinessError, is_wizard_action
from ..targets import DISPOSITION_LOCATION, area_name, location_name
from .base import (PostingNotReady, PostingRefused, PostingResult, finish_existing_picking, read_done_picking,
                   validate_picking)


def _scrap(client, posting, t, source, *, look_up_first):
    payload = posting.payload
    if look_up_first:
        found = client.search_read("stock.scrap", [("origin", "=", posting.reference)], ["name", "state"], limit=1)
        if found and found[0]["state"] == "done":
            return PostingResult("stock.scrap", found[0]["id"], found[0]["name"])
        scrap_id = found[0]["id"] if found else None
    else:
        scrap_id = None
    if scrap_id is None:
        scrap_id = client.create("stock.scrap", {
            "product_id": payload["odoo_product_id"], "scrap_qty": payload["quantity"],
            "location_id": source, "scrap_location_id": t.scrap_location_id,
            "origin": posting.reference})
    result = client.call("stock.scrap", "action_validate", [scrap_id])
    if is_wizard_action(result):
        # Odoo's "insufficient quantity" wizard: the units are not in Returns (yet). Nothing was done.
        raise OdooBusinessError(f"Odoo has fewer than {payload['quantity']} units in Returns to scrap "
                                f"({result.get('res_model')}); check the receipt in Odoo.")
    row = client.read_one("stock.scrap", scrap_id, ["name", "state"])
    return PostingResult("stock.scrap", scrap_id, row["name"])


def post_disposition(client, posting, t, *, look_up_first: bool):
    payload = posting.payload
    if not payload.get("odoo_product_id"):
        raise PostingRefused(f"{payload['sku']} has no Odoo product id; map it before posting.")
    # A refurbished unit moves on from Refurbish (payload "source"); everything else from Returns.
    source = t.location_for(payload["source"]) if payload.get("source") else t.returns_location_id
    if payload["disposition"] == Disposition.SCRAP:
        return _scrap(client, posting, t, source, look_up_first=look_up_first)
    destination = t.location_for(payload["disposition"])
    if not destination:
        # An optional location (liquidation) this Odoo does not have yet: retried until odoo_setup makes it.
        role = DISPOSITION_LOCATION[payload["disposition"]]
        raise PostingNotReady(f"Location '{area_name()}/{location_name(role)}' is missing in Odoo; "
                              "run `python manage.py odoo_setup` to create it.")
    if look_up_first:
        found = client.search_read("stock.picking", [("origin", "=", posting.reference),
                                                     ("picking_type_id", "=", t.internal_type_id)],
                                   ["name", "state"], limit=1)
        if found:
            finish_existing_picking(client, found[0], assign=True)
            return read_done_picking(client, found[0]["id"])
    move = client.dialect.move_vals({
        "product_id": payload["odoo_product_id"], "product_uom_qty": payload["quantity"],
        "location_id": source, "location_dest_id": destination,
        # 19 defaults to_refund to True; an internal move must never touch the order's quantities.
        "to_refund": False,
    }, name=f"{payload['disposition'].replace('_', ' ').capitalize()} {posting.reference}")
    picking_id = client.create("stock.picking", {
        "picking_type_id": t.internal_type_id, "location_id": source,
        "location_dest_id": destination, "origin": posting.reference, "move_ids": [(0, 0, move)]})
    client.call("stock.picking", "action_confirm", [picking_id])
    client.call("stock.picking", "action_assign", [picking_id])  # reserve from the source quant
    validate_picking(client, picking_id)
    return read_done_picking(client, picking_id)
