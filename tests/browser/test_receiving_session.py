"""Receiving loses nothing, in headless Chromium against the live server: counts come back after a
reload and a browser crash, a second tablet sees the same counts and who holds the parcel (and
may take it over), leaving with unsaved counts warns, and a short receipt asks first."""
import re

import pytest
from playwright.sync_api import expect

from inspection.models import ReceivingDiscrepancy, ReceivingSession
from tests.browser.conftest import TABLET_LANDSCAPE, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TSHIRT_BARCODE, JEANS_BARCODE = "2000000000011", "2000000000028"


@pytest.fixture
def tablet_return(alice, alice_order, tshirt, jeans):
    from tests.factories import create_return

    tshirt.barcode, jeans.barcode = TSHIRT_BARCODE, JEANS_BARCODE
    tshirt.save()
    jeans.save()
    return create_return(alice_order, alice.user)


@pytest.fixture
def ines(db):
    """A second person in the warehouse, on another tablet."""
    from returns.roles import INSPECTOR
    from tests.factories import make_user

    return make_user("ines", INSPECTOR, first_name="Ines", last_name="Berg")


def new_tablet(chromium, storage_state=None):
    context = chromium.new_context(viewport=TABLET_LANDSCAPE, has_touch=True, locale="en-GB",
                                   storage_state=storage_state)
    context.set_default_timeout(10_000)
    return context


def scan(page, code):
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def open_receipt(page, live_server, ret):
    page.goto(f"{live_server.url}/inspect/receive/{ret.rma_number}/")
    expect(page.locator("#code")).to_be_focused()


def wait_saved(page):
    """Every change so far has reached the server (the page keeps count of saves in flight or failed)."""
    expect(page.locator("html")).to_have_attribute("data-receiving-unsaved", "0")
    expect(page.locator("#save-status")).to_contain_text("Counts saved")


def count_input(page, line):
    return page.locator(f"#qty-{line.pk}")


def lines_of(ret):
    return {line.product.sku: line for line in ret.lines.select_related("product")}


@pytest.mark.viewport(TABLET_LANDSCAPE)
def test_counts_survive_a_reload_and_a_crash_and_a_second_tablet_sees_who_holds_them(
        page, browser_context, chromium, live_server, ivan, ines, tablet_return):
    tshirt, jeans = lines_of(tablet_return)["TSHIRT-M"], lines_of(tablet_return)["JEANS-32"]
    login_as(browser_context, live_server, ivan)
    open_receipt(page, live_server, tablet_return)
    scan(page, TSHIRT_BARCODE)
    page.locator(".count-row", has_text="Slim jeans 32").get_by_role("button", name="One more").click()
    expect(count_input(page, jeans)).to_have_value("1")
    wait_saved(page)

    page.reload()
    expect(count_input(page, tshirt)).to_have_value("1")
    expect(count_input(page, jeans)).to_have_value("1")
    screenshot(page, "receiving-session-1-after-reload")

    # The browser crashes; it comes back with its profile (cookies and localStorage): the same tablet.
    profile = browser_context.storage_state()
    page.close()
    restarted = new_tablet(chromium, profile)
    again = restarted.new_page()
    open_receipt(again, live_server, tablet_return)
    expect(count_input(again, tshirt)).to_have_value("1")
    expect(again.locator(".held")).to_have_count(0)

    # A second tablet, someone else: the same counts, read-only, and who holds the parcel.
    other = new_tablet(chromium)
    try:
        login_as(other, live_server, ines)
        second = other.new_page()
        second.goto(f"{live_server.url}/inspect/receive/{tablet_return.rma_number}/")
        expect(second.locator(".held")).to_contain_text("ivan is counting this parcel on tablet")
        expect(count_input(second, tshirt)).to_have_value("1")
        expect(count_input(second, tshirt)).to_be_disabled()
        screenshot(second, "receiving-session-2-second-tablet")

        second.get_by_role("button", name="Take over this parcel").click()
        expect(second.get_by_text("You took over this parcel; its counts so far are kept.")).to_be_visible()
        expect(count_input(second, tshirt)).to_be_enabled()
        second.locator("#code").focus()
        scan(second, TSHIRT_BARCODE)
        wait_saved(second)
        assert ReceivingSession.objects.get().counts == {str(tshirt.pk): 2, str(jeans.pk): 1}

        # The first tablet, still open, is told who took the parcel when it tries to count.
        again.locator(".count-row", has_text="Slim jeans 32").get_by_role("button", name="One more").click()
        expect(again.locator("#save-status")).to_contain_text("Ines Berg is counting this parcel")
        assert ReceivingSession.objects.get().counts[str(jeans.pk)] == 1
    finally:
        other.close()
        restarted.close()


@pytest.mark.viewport(TABLET_LANDSCAPE)
def test_leaving_with_a_count_that_could_not_be_saved_warns(page, browser_context, live_server, ivan, tablet_return):
    login_as(browser_context, live_server, ivan)
    open_receipt(page, live_server, tablet_return)
    page.route("**/save/", lambda route: route.abort())  # the Wi-Fi drops
    scan(page, TSHIRT_BARCODE)
    expect(page.locator("#save-status")).to_contain_text("Not saved yet")
    expect(page.locator("html")).to_have_attribute("data-receiving-unsaved", "1")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)
    page.close(run_before_unload=True)
    expect(page.locator("#code")).to_be_visible()
    assert dialogs == ["beforeunload"]
    page.unroute("**/save/")  # the Wi-Fi is back: the count is sent again by itself
    expect(page.locator("#save-status")).to_contain_text("Counts saved", timeout=15_000)
    assert ReceivingSession.objects.get().count_of(lines_of(tablet_return)["TSHIRT-M"].pk) == 1


@pytest.mark.viewport(TABLET_LANDSCAPE)
def test_a_short_receipt_asks_before_it_is_booked(page, browser_context, live_server, ivan, tablet_return):
    rma = tablet_return.rma_number
    login_as(browser_context, live_server, ivan)
    open_receipt(page, live_server, tablet_return)
    for code in (TSHIRT_BARCODE, JEANS_BARCODE, "TOTE-07"):
        scan(page, code)
    expect(page.locator("#location")).to_have_value("TOTE-07")
    page.get_by_role("button", name="Confirm receipt").click()
    prompt = page.get_by_role("alertdialog")
    expect(prompt).to_contain_text("1 item short: confirm as short?")
    expect(prompt).to_contain_text("A receiving discrepancy is raised for support")
    screenshot(page, "receiving-session-3-short-prompt")
    assert page.url.endswith(f"/inspect/receive/{rma}/") and not ReceivingDiscrepancy.objects.exists()

    page.get_by_role("button", name="Keep counting").click()
    expect(prompt).to_be_hidden()
    page.get_by_role("button", name="Confirm receipt").click()
    page.get_by_role("button", name="Confirm as short").click()
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    expect(page.get_by_text("Received 2 units into TOTE-07.")).to_be_visible()
    assert ReceivingDiscrepancy.objects.get().kind == "short"
