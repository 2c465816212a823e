"""A return's own warehouse in Odoo: where its receipt lands and which operation types move it.

`targets()` finds one warehouse (ODOO_WAREHOUSE_CODE) and the shared Returns area. A return received
at another warehouse (returns.Warehouse) posts its receipt, its disposition moves and the receipt's
evidence with that warehouse's ids instead, where they are set:

- the receipt's destination and the dispositions' source: `odoo_returns_location_id`, else the shared
  Returns area/Returns;
- the receipt's operation type: `odoo_receipt_type_id`, else the Odoo warehouse's `in_type_id`;
- the internal transfer type and the restock destination: the Odoo warehouse's `int_type_id` and
  `lot_stock_id` (the same fields `targets.discover` reads for the main warehouse,
  API_FACTS-odoo18.md: "picking types from stock.warehouse").

Nothing set: the postings are exactly as before. The ids are read at each delivery, so change a
warehouse's Odoo ids only while none of its receipts is waiting in the outbox (a retry looks its
receipt up by reference and operation type).
"""
import dataclasses
import threading
import time

from .models import PostingKind

CACHE_SECONDS = 600
# Postings that move units of one return through its warehouse; credit notes, payments and vendor
# returns (a batch across returns) keep the main targets.
WAREHOUSE_KINDS = frozenset({PostingKind.RECEIPT, PostingKind.DISPOSITION, PostingKind.EVIDENCE})
_cache: dict = {}
_lock = threading.Lock()


def _odoo_warehouse(client, odoo_warehouse_id: int) -> dict:
    key = (client.config.url, client.config.db, odoo_warehouse_id)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
    row = client.read_one("stock.warehouse", odoo_warehouse_id, ["name", "lot_stock_id", "in_type_id", "int_type_id"])
    found = {"name": row.get("name") or "",
             **{name: (row[name][0] if row.get(name) else 0) for name in ("lot_stock_id", "in_type_id", "int_type_id")}}
    with _lock:
        _cache[key] = (time.monotonic() + CACHE_SECONDS, found)
    return found


def forget_warehouses():
    with _lock:
        _cache.clear()


def for_posting(client, t, posting):
    """`t` with the ids of the posting's warehouse put in; `t` itself when there is nothing to change."""
    if posting.kind not in WAREHOUSE_KINDS or not posting.request_id:
        return t
    warehouse = posting.request.warehouse
    if warehouse is None:
        return t
    changes, locations = {}, dict(t.locations)
    if warehouse.odoo_warehouse_id:
        wh = _odoo_warehouse(client, warehouse.odoo_warehouse_id)
        changes.update({"warehouse_id": warehouse.odoo_warehouse_id, "warehouse_name": wh["name"],
                        **({"receipt_type_id": wh["in_type_id"]} if wh["in_type_id"] else {}),
                        **({"internal_type_id": wh["int_type_id"]} if wh["int_type_id"] else {}),
                        **({"stock_location_id": wh["lot_stock_id"]} if wh["lot_stock_id"] else {})})
    if warehouse.odoo_receipt_type_id:
        changes["receipt_type_id"] = warehouse.odoo_receipt_type_id
    if warehouse.odoo_returns_location_id:
        locations["returns"] = warehouse.odoo_returns_location_id
    if not changes and locations == t.locations:
        return t
    return dataclasses.replace(t, locations=locations, **changes)
