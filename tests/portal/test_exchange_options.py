"""Exchange building blocks: which variants a line may be exchanged for (rules per category, never
dearer, in stock), and the stock read from Odoo in the shipping warehouse, or the last local reading
marked as such when Odoo is down (against the Odoo test server over real HTTP)."""
from decimal import Decimal

import pytest

from portal.exchange_options import exchange_first, exchange_options, option_for
from portal.exchange_stock import read_free_quantity
from portal.models import ExchangeRule, ProductCard, VariantStock
from returns.models import ProductCategory
from tests.factories import make_order, make_product
from tests.integrations.conftest import odoo18  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tees(catalogue):
    """Organic tee in S, M, L (M was bought), a cheaper L, and socks without variants."""
    made = {}
    for size in ("S", "M", "L"):
        product = make_product(f"TEE-{size}", name=f"Organic tee {size}")
        ProductCard.objects.create(product=product, variant=f"Size {size}", variant_of="TEE-ORG",
                                   current_price=Decimal("19.36") if size == "L" else None)
        made[size] = product
    made["XL"] = make_product("TEE-XL", name="Organic tee XL")
    ProductCard.objects.create(product=made["XL"], variant="Size XL", variant_of="TEE-ORG",
                               current_price=Decimal("40.00"))  # dearer than paid: never offered
    ExchangeRule.objects.create(category=ProductCategory.objects.get(code="apparel"))
    return made


def snapshot(product, qty):
    from django.utils import timezone

    VariantStock.objects.update_or_create(product=product, defaults={"free_qty": qty, "read_at": timezone.now()})


def test_options_are_the_other_variants_never_dearer_with_the_difference_refunded(alice, tees):
    order = make_order(alice, [(tees["M"], 1, "20.00")])  # 24.20 incl. 21 % tax
    snapshot(tees["S"], 2)
    options = exchange_options(order.lines.get())
    assert [option.product.sku for option in options] == ["TEE-L", "TEE-S"]
    large, small = options
    assert small.price_difference == 0 and large.price_difference == Decimal("4.84")
    assert large.label("EUR") == "Size L – out of stock (4.84 EUR back)"
    assert small.label("EUR") == "Size S – in stock when last checked"
    assert option_for(options, tees["S"].pk) is small and option_for(options, tees["XL"].pk) is None


def test_no_exchange_without_a_rule_allowing_it_or_for_products_without_variants(alice, tees, jeans):
    ExchangeRule.objects.update(allowed=False)
    order = make_order(alice, [(tees["M"], 1, "20.00"), (jeans, 1, "60.00")])
    tee_line, jeans_line = order.lines.order_by("id")
    assert exchange_options(tee_line) == [] and exchange_options(jeans_line) == []
    ExchangeRule.objects.update(allowed=True)
    assert exchange_options(jeans_line) == []  # no card with a variant key
    assert len(exchange_options(tee_line)) == 2


def test_exchange_first_is_offered_for_a_wrong_size(alice, tees):
    line = make_order(alice, [(tees["M"], 1, "20.00")]).lines.get()
    assert exchange_first(line, "too_small") and exchange_first(line, "too_large")
    assert not exchange_first(line, "changed_mind") and not exchange_first(line, "defective")


def test_stock_is_odoos_free_quantity_in_the_warehouse_then_the_marked_snapshot_when_odoo_is_down(
        odoo18, tees):  # noqa: F811
    srv = odoo18
    in_stock = srv.store.add_product("Organic tee S", default_code="TEE-S", qty_on_hand=3)
    sold_out = srv.store.add_product("Organic tee L", default_code="TEE-L", qty_on_hand=0)
    tees["S"].odoo_product_id, tees["L"].odoo_product_id = in_stock, sold_out
    tees["S"].save()
    tees["L"].save()
    live = read_free_quantity(tees["S"])
    assert live.live and live.free_qty == 3 and live.covers(3) and not live.covers(4)
    assert not read_free_quantity(tees["L"]).covers(1)
    # The read names the warehouse with `warehouse_id` (API_FACTS-odoo18-round2.md section 1).
    reads = [entry for entry in srv.request_log.entries() if entry.get("method") == "read"
             and entry.get("model") == "product.product"] if hasattr(srv.request_log, "entries") else []
    for entry in reads:
        assert "warehouse_id" in str(entry)
    assert VariantStock.objects.get(product=tees["S"]).free_qty == 3

    from django.core.cache import cache

    cache.clear()  # no cached reading: go to Odoo, which is down now
    srv.add_fault("down", count=None)
    down = read_free_quantity(tees["S"])
    assert not down.live and down.free_qty == 3 and down.read_at is not None
    never_read = make_product("TEE-XS", name="Organic tee XS")
    never_read.odoo_product_id = in_stock
    never_read.save()
    unknown = read_free_quantity(never_read)
    assert not unknown.live and unknown.free_qty == 0 and unknown.read_at is None
