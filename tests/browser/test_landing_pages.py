"""The three audiences each land on their own screen."""
import pytest

from tests.browser.conftest import PHONE, TABLET_LANDSCAPE, assert_no_horizontal_scroll, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.viewport(PHONE)
def test_the_portal_fits_a_phone(page, live_server):
    page.goto(live_server.url + "/portal/")
    assert page.get_by_role("heading", name="Return an item").is_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "foundation-portal-landing")


@pytest.mark.viewport(TABLET_LANDSCAPE)
def test_an_inspector_logs_in_and_lands_on_the_tablet_screen(page, live_server, ivan):
    page.goto(live_server.url + "/inspect/")
    page.get_by_label("Username").fill("ivan")
    page.get_by_label("Password").fill("pw-test-1234")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/inspect/")
    assert page.get_by_role("heading", name="Warehouse").first.is_visible()
    screenshot(page, "foundation-tablet-landing")


def test_a_support_agent_sees_the_console(page, browser_context, live_server, sam):
    login_as(browser_context, live_server, sam)
    page.goto(live_server.url + "/support/")
    assert page.get_by_role("heading", name="Support console").is_visible()
    screenshot(page, "foundation-support-landing")
