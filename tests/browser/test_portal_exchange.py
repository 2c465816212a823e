"""An exchange chosen on a 360 px phone (PORTAL_EXCHANGES_ENABLED): the other sizes with their
stock, the review without the exchanged item in the refund, the exchange on the status page; and a
size sold out before sending falls back to a refund with a message."""
import pytest
from django.utils import timezone

from tests.browser.conftest import PHONE, assert_no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_EXCHANGES_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tee_order(alice, catalogue):
    from portal.models import ExchangeRule, ProductCard, VariantStock
    from returns.models import ProductCategory, ReasonCode
    from tests.factories import make_order, make_product

    ReasonCode.objects.get_or_create(code="too_small", defaults={"label": "Too small"})
    made = {}
    for size in ("S", "M", "L"):
        made[size] = make_product(f"TEE-{size}", name=f"Organic tee {size}")
        ProductCard.objects.create(product=made[size], variant=f"Size {size}", variant_of="TEE-ORG")
    ExchangeRule.objects.create(category=ProductCategory.objects.get(code="apparel"))
    for size, qty in (("S", 0), ("L", 3)):
        VariantStock.objects.create(product=made[size], free_qty=qty, read_at=timezone.now())
    return make_order(alice, [(made["M"], 1, "20.00")]), made


def choose_exchange(page, live_server, order, product):
    page.goto(live_server.url + "/portal/")
    page.locator('input[name="order_number"]').fill(order.number)
    page.locator('input[name="email"]').fill("alice@example.com")
    page.get_by_role("button", name="Find my order").click()
    page.wait_for_url(f"**/portal/orders/{order.number}/")
    item = page.get_by_role("group", name="Organic tee M")
    item.get_by_text("Return this item").click()
    item.get_by_label("How many to return").fill("1")
    choice = item.get_by_label("Exchange it for another size or colour instead of a refund?")
    assert "Size L – in stock when last checked" in choice.inner_text()
    choice.select_option(str(product.pk))
    item.get_by_label("Why are you returning it?").select_option("too_small")
    item.get_by_label("What condition is it in?").select_option("unopened")
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-exchange-1-items")
    page.get_by_role("button", name="Continue to review").click()
    page.wait_for_url("**/review/")


@pytest.mark.viewport(PHONE)
def test_an_exchange_from_a_phone(page, live_server, tee_order):
    from exchanges.models import ExchangeRequest

    order, made = tee_order
    choose_exchange(page, live_server, order, made["L"])
    assert "Size L instead of a refund" in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-exchange-2-review")
    page.get_by_role("button", name="Send return request").click()
    page.wait_for_url("**/confirmation/")
    exchange = ExchangeRequest.objects.get()
    assert exchange.replacement == made["L"]
    page.goto(live_server.url + f"/portal/returns/{exchange.return_line.request.rma_number}/")
    assert "we send you Size L instead of a refund" in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-exchange-3-status")


@pytest.mark.viewport(PHONE)
def test_a_size_sold_out_before_sending_falls_back_to_a_refund(page, live_server, tee_order):
    from django.core.cache import cache

    from exchanges.models import ExchangeRequest
    from portal.models import VariantStock

    order, made = tee_order
    choose_exchange(page, live_server, order, made["L"])
    VariantStock.objects.filter(product=made["L"]).update(free_qty=0)
    cache.clear()
    page.get_by_role("button", name="Send return request").click()
    page.wait_for_url("**/confirmation/")
    assert "no longer in stock, so we refund this item instead" in page.locator("main").inner_text()
    assert not ExchangeRequest.objects.exists()
    screenshot(page, "portal-exchange-fallback")
