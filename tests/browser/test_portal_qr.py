"""No printer: on a phone (360 px) the label's QR code fills the screen's width, fits without scrolling,
on white, with no JavaScript and no Content-Security-Policy violation."""
import pytest

from tests.browser.conftest import PHONE, assert_no_horizontal_scroll, login_as, screenshot
from tests.browser.test_csp import COLLECT_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.viewport(PHONE)
def test_the_qr_code_fills_the_phone_screen(chromium, browser_context, live_server, alice, alice_order):
    from tests.factories import create_return

    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    login_as(browser_context, live_server, alice.user)
    browser_context.add_init_script(COLLECT_VIOLATIONS)
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/portal/returns/{ret.rma_number}/")
    page.get_by_role("link", name="No printer? Show the QR code on your phone").click()
    page.wait_for_url(f"**/portal/returns/{ret.rma_number}/qr/")
    box = page.get_by_role("img", name=f"QR code of return {ret.rma_number}").bounding_box()
    viewport = page.viewport_size
    assert box["width"] >= 0.9 * viewport["width"] and abs(box["width"] - box["height"]) < 1
    assert box["y"] + box["height"] <= viewport["height"], "the code must be visible without scrolling"
    assert page.get_by_text(ret.rma_number, exact=True).is_visible()
    assert not page.locator("header.top").is_visible()
    assert page.evaluate("window.__cspViolations") == []
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-qr-phone")
