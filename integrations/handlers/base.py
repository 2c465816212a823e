"""What every posting handler shares: its result, its refusals, and picking validation."""
from dataclasses import dataclass

from ..odoo import OdooBusinessError, is_wizard_action


@dataclass(frozen=True)
class PostingResult:
    odoo_model: str
    odoo_id: int
    odoo_name: str
    note: str = ""


class PostingRefused(Exception):
    """The app itself refuses to post (e.g. more than Odoo shows as delivered): permanent."""


class PostingNotReady(Exception):
    """Odoo has not finished its side yet (a provider refund waiting for post-processing, a
    photo rendition still being made): try again later, like a transient error."""


def validate_picking(client, picking_id: int):
    """button_validate. The app posts exact quantities, so any wizard (backorder, missing
    reservation) means Odoo's stock differs from ours: stop and show it, move nothing."""
    result = client.call("stock.picking", "button_validate", [picking_id])
    if is_wizard_action(result):
        raise OdooBusinessError(
            f"Odoo asked for a decision ({result.get('res_model')}) instead of validating picking {picking_id}; "
            "its quantities differ from the return's. Check the picking in Odoo.")


def finish_existing_picking(client, picking: dict, *, assign: bool) -> None:
    """Carry a picking found by its reference on from wherever a previous attempt stopped."""
    state = picking["state"]
    if state == "done":
        return
    if state == "cancel":
        raise OdooBusinessError(f"{picking['name']} was cancelled in Odoo; resolve it there, then retry.")
    if state == "draft":
        client.call("stock.picking", "action_confirm", [picking["id"]])
    if assign:
        client.call("stock.picking", "action_assign", [picking["id"]])
    validate_picking(client, picking["id"])


def read_done_picking(client, picking_id: int) -> PostingResult:
    row = client.read_one("stock.picking", picking_id, ["name", "state"])
    if row["state"] != "done":
        raise OdooBusinessError(f"{row['name']} is '{row['state']}' in Odoo after validation, not done.")
    return PostingResult("stock.picking", picking_id, row["name"])


def sale_lines(client, ids) -> dict:
    """The sale order lines behind a posting, keyed by id, with 19's field names."""
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    dialect = client.dialect
    rows = client.read("sale.order.line", ids, dialect.sale_line_fields())
    return {row["id"]: dialect.normalize_sale_line(row) for row in rows}
