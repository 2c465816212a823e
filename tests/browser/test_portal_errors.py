"""Bad input in the portal, on a phone: a clear error on the page, focus on the error summary,
nothing saved. Also the pages for a link that expired and for something this browser may not see."""
import time

import pytest

from tests.browser.conftest import PHONE, assert_no_horizontal_scroll, screenshot
from tests.browser.test_portal_flow import _isolated, find_order  # noqa: F401  (autouse fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_class(page):
    return page.evaluate("document.activeElement.className")


@pytest.mark.viewport(PHONE)
def test_wrong_email_gets_the_generic_message(page, live_server, alice_order):
    find_order(page, live_server, alice_order, "bob@example.com")
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "We could not find an order with these details." in summary.inner_text()
    assert focused_class(page) == "error-summary"
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-errors-lookup")


@pytest.mark.viewport(PHONE)
def test_quantity_too_high_and_a_file_that_is_not_an_image(page, live_server, alice_order, tmp_path, settings):
    from inspection.models import Photo
    from returns.models import ReturnRequest

    find_order(page, live_server, alice_order, "alice@example.com")
    page.wait_for_url(f"**/portal/orders/{alice_order.number}/")
    line = page.get_by_role("group", name="Organic T-shirt M")
    line.get_by_text("Return this item").click()  # the item's fields are folded until chosen
    line.get_by_label("How many to return").fill("5")
    line.get_by_label("Why are you returning it?").select_option("changed_mind")
    line.get_by_label("What condition is it in?").select_option("opened")
    page.get_by_role("button", name="Continue to review").click()
    page.wait_for_load_state()
    assert "Organic T-shirt M: You can return at most 2 of this item." in page.locator(".error-summary").inner_text()
    assert focused_class(page) == "error-summary"
    quantity = page.get_by_role("group", name="Organic T-shirt M").get_by_label("How many to return")
    assert quantity.get_attribute("aria-invalid") == "true"
    page.get_by_role("link", name="Organic T-shirt M: You can return at most 2 of this item.").click()
    assert page.evaluate("document.activeElement.name").endswith("-quantity")
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-errors-quantity")

    not_an_image = tmp_path / "receipt.jpg"
    not_an_image.write_text("This is my receipt, typed out.")
    line = page.get_by_role("group", name="Organic T-shirt M")
    line.get_by_label("How many to return").fill("1")
    line.get_by_label("Why are you returning it?").select_option("defective")
    line.get_by_label("What condition is it in?").select_option("damaged")
    line.get_by_label("Photos").set_input_files(not_an_image)
    page.get_by_role("button", name="Continue to review").click()
    page.wait_for_load_state()
    assert "receipt.jpg: This file is not an image we can read." in page.locator(".error-summary").inner_text()
    assert ReturnRequest.objects.count() == 0 and Photo.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-errors-photo")


@pytest.mark.viewport(PHONE)
def test_an_expired_status_link_and_a_forbidden_page(page, live_server, alice, alice_order, monkeypatch, settings):
    from portal.links import make_token
    from tests.factories import create_return

    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    real = time.time()
    days = settings.RETURNFLOW["STATUS_LINK_MAX_AGE_DAYS"]
    monkeypatch.setattr("django.core.signing.time.time", lambda: real - (days + 1) * 86400)
    token = make_token(ret)
    monkeypatch.undo()
    response = page.goto(f"{live_server.url}/portal/s/{token}/")
    assert response.status == 410
    assert page.get_by_role("heading", name="This link has expired").is_visible()
    assert page.get_by_label("Order number").is_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-errors-link-expired")

    response = page.goto(f"{live_server.url}/portal/returns/{ret.rma_number}/")
    assert response.status == 404 and ret.rma_number not in page.content()
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-errors-not-found")
