"""The exchange choice in the portal (behind PORTAL_EXCHANGES_ENABLED): offered per line with its
stock, validated, kept on review (where the refund estimate leaves the exchanged item out and a size
reason suggests an exchange), recorded with the return, and a sold-out variant falls back to a refund."""
import html
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from exchanges.models import ExchangeRequest
from portal.models import ExchangeRule, ProductCard, VariantStock
from returns.models import ProductCategory, ReasonCode
from tests.factories import make_order, make_product
from tests.portal.helpers import choose_items, items_data, form_token, lookup, send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enabled(settings):
    settings.PORTAL_EXCHANGES_ENABLED = True


@pytest.fixture
def tee_order(alice, catalogue):
    ReasonCode.objects.get_or_create(code="too_small", defaults={"label": "Too small"})
    made = {}
    for size in ("S", "M", "L"):
        made[size] = make_product(f"TEE-{size}", name=f"Organic tee {size}")
        ProductCard.objects.create(product=made[size], variant=f"Size {size}", variant_of="TEE-ORG")
    ExchangeRule.objects.create(category=ProductCategory.objects.get(code="apparel"))
    for size, qty in (("S", 0), ("L", 4)):
        VariantStock.objects.create(product=made[size], free_qty=qty, read_at=timezone.now())
    order = make_order(alice, [(made["M"], 1, "20.00")])
    return order, made


def items_page(client, order):
    return html.unescape(client.get(f"/portal/orders/{order.number}/").content.decode())


def test_the_exchange_is_offered_with_its_stock_marked_as_last_checked(client, tee_order):
    order, made = tee_order
    lookup(client, order, email="alice@example.com")
    page = items_page(client, order)
    assert "Exchange it for another size or colour instead of a refund?" in page
    assert "Size L – in stock when last checked" in page and "Size S – out of stock" in page


def test_a_sold_out_variant_is_refused_with_a_clear_error_and_nothing_is_lost(client, tee_order):
    order, made = tee_order
    lookup(client, order, email="alice@example.com")
    line = order.lines.get()
    data = items_data(form_token(client, order), {line: 1}, reason="too_small")
    data[f"line-{line.pk}-exchange_for"] = str(made["S"].pk)
    data[f"line-{line.pk}-comment"] = "Fits small"
    response = client.post(f"/portal/orders/{order.number}/", data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "This one is out of stock for the quantity you chose" in page and "Fits small" in page


def test_review_leaves_the_exchanged_item_out_of_the_refund_and_the_return_records_it(client, tee_order):
    order, made = tee_order
    lookup(client, order, email="alice@example.com")
    line = order.lines.get()
    data = items_data(form_token(client, order), {line: 1}, reason="too_small")
    data[f"line-{line.pk}-exchange_for"] = str(made["L"].pk)
    assert client.post(f"/portal/orders/{order.number}/", data).status_code == 302
    review = html.unescape(client.get(f"/portal/orders/{order.number}/review/").content.decode())
    assert "Size L instead of a refund" in review
    assert re.search(r'Estimated total</dt><dd class="total">0(\.00)? EUR<', review)
    response = send(client, order)
    assert response.status_code == 302
    exchange = ExchangeRequest.objects.get()
    assert exchange.replacement == made["L"] and exchange.quantity == 1
    assert exchange.unit_price_paid == Decimal("24.20") and exchange.state == "requested"
    status = html.unescape(client.get(f"/portal/returns/{exchange.return_line.request.rma_number}/").content.decode())
    assert "1 × Organic tee M: we send you Size L instead of a refund." in status


def test_a_variant_sold_out_before_sending_falls_back_to_a_refund_and_the_customer_is_told(client, tee_order):
    order, made = tee_order
    lookup(client, order, email="alice@example.com")
    line = order.lines.get()
    data = items_data(form_token(client, order), {line: 1}, reason="too_small")
    data[f"line-{line.pk}-exchange_for"] = str(made["L"].pk)
    client.post(f"/portal/orders/{order.number}/", data)
    token = client.get(f"/portal/orders/{order.number}/review/").content.decode()
    VariantStock.objects.filter(product=made["L"]).update(free_qty=0)
    from django.core.cache import cache

    cache.clear()
    response = send(client, order, token=re.search(r'name="form_token" value="([^"]+)"', token).group(1))
    assert response.status_code == 302 and not ExchangeRequest.objects.exists()
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "no longer in stock, so we refund this item instead" in page


def test_a_size_reason_without_an_exchange_suggests_one(client, tee_order):
    order, _made = tee_order
    lookup(client, order, email="alice@example.com")
    choose_items(client, order, {order.lines.get(): 1}, reason="too_small")
    review = html.unescape(client.get(f"/portal/orders/{order.number}/review/").content.decode())
    assert "Wrong size? We can send you another size instead of a refund." in review


def test_switched_off_nothing_about_exchanges_shows(client, tee_order, settings):
    settings.PORTAL_EXCHANGES_ENABLED = False
    order, _made = tee_order
    lookup(client, order, email="alice@example.com")
    assert "Exchange it for" not in items_page(client, order)
