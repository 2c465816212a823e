"""Is a replacement variant in stock? Odoo's free quantity in the shipping warehouse, or the last
reading kept locally when Odoo cannot be reached (shown to the customer as such).

Odoo counts stock per warehouse only with the context key `warehouse_id` (API_FACTS-odoo18-round2.md
section 1: `warehouse` is ignored, and without a warehouse every warehouse is counted), so the read
is `product.product.read([id], ['free_qty'], context={'warehouse_id': <id>})`. The warehouse is
ODOO_WAREHOUSE_CODE's, or the first one, the same one the receipts use.
"""
import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from integrations.gateway import odoo_client, odoo_configured
from integrations.odoo.errors import OdooError

from .models import VariantStock

log = logging.getLogger(__name__)
WAREHOUSE_CACHE_KEY = "portal:exchange:warehouse-id"
READ_CACHE_SECONDS = 60  # a page render asks once per variant, not once per option shown


@dataclass(frozen=True)
class StockReading:
    free_qty: Decimal
    live: bool  # False: Odoo was unreachable and this is the last local reading
    read_at: datetime | None

    def covers(self, quantity: int) -> bool:
        return self.free_qty >= quantity


def _warehouse_id(client) -> int:
    warehouse = cache.get(WAREHOUSE_CACHE_KEY)
    if warehouse is None:
        code = settings.ODOO_MAPPING.get("WAREHOUSE_CODE")
        ids = client.search("stock.warehouse", [("code", "=", code)] if code else [], limit=1, order="id")
        warehouse = ids[0] if ids else 0
        cache.set(WAREHOUSE_CACHE_KEY, warehouse, 3600)
    return warehouse


def _snapshot(product) -> StockReading:
    row = VariantStock.objects.filter(product=product).first()
    if row is None:
        return StockReading(Decimal("0"), False, None)
    return StockReading(row.free_qty, False, row.read_at)


def read_free_quantity(product) -> StockReading:
    """Odoo's free quantity now (and keep it as the snapshot), else the snapshot marked as not live."""
    cache_key = f"portal:exchange:free:{product.pk}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    if not product.odoo_product_id or not odoo_configured():
        return _snapshot(product)
    try:
        client = odoo_client()
        warehouse = _warehouse_id(client)
        context = {"warehouse_id": warehouse} if warehouse else {}
        rows = client.read("product.product", [product.odoo_product_id], ["free_qty"], context=context)
    except OdooError as error:
        log.warning("Odoo stock read failed for %s: %s", product.sku, error)
        return _snapshot(product)
    if not rows:
        return _snapshot(product)
    now = timezone.now()
    free = Decimal(str(rows[0].get("free_qty") or 0))
    VariantStock.objects.update_or_create(product=product, defaults={"free_qty": free, "read_at": now})
    reading = StockReading(free, True, now)
    cache.set(cache_key, reading, READ_CACHE_SECONDS)
    return reading
