"""Liquidation on a 1024×768 tablet in headless Chromium: open a lot from the home screen, scan units in
by their plates (a unit that is not for liquidation flashes red and says why), download the manifest as
CSV and PDF; and the home card "Expected parcels" opens the dock's list."""
import csv
import re

import pytest
from playwright.sync_api import expect

from inspection.models import LicensePlate, LiquidationLot
from tests.browser.conftest import assert_no_horizontal_scroll, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET_1024 = {"width": 1024, "height": 768}


def scan(page, code):
    """A scanner types the code and Enter into the focused field."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


@pytest.fixture
def plates(alice, alice_order, bob, tshirt, ivan):
    """Alice's T-shirts and jeans disposed as Liquidation; Bob's T-shirt restocked."""
    from tests.factories import create_return, inspect_all, make_order, receive_all

    ret = create_return(alice_order, alice.user)
    receive_all(ret, ivan)
    inspect_all(ret, ivan, grade="C", disposition="liquidation")
    other = create_return(make_order(bob, [(tshirt, 1, "20.00")]), bob.user)
    receive_all(other, ivan)
    inspect_all(other, ivan, disposition="restock")
    return (list(LicensePlate.objects.filter(line__request=ret).order_by("line_id", "unit_index")),
            LicensePlate.objects.get(line__request=other))


@pytest.mark.viewport(TABLET_1024)
def test_units_are_scanned_into_a_lot_and_its_manifest_downloaded(page, browser_context, live_server, ivan, plates):
    liquidation, restocked = plates
    login_as(browser_context, live_server, ivan)
    page.goto(live_server.url + "/inspect/")
    page.get_by_role("link", name=re.compile("Liquidation")).click()
    expect(page.get_by_text("3 units wait for a lot")).to_be_visible()
    page.get_by_role("button", name="Start a new lot").click()
    lot = LiquidationLot.objects.get()
    page.wait_for_url(re.compile(rf"/inspect/liquidation/{lot.reference}/$"))

    scan(page, liquidation[0].code)  # the scan field has the focus: no tap
    expect(page.locator(".messages")).to_contain_text(f"{liquidation[0].code} added to {lot.reference}")
    expect(page.locator("html")).to_have_attribute("data-scan-feedback", "ok")
    scan(page, restocked.code)
    expect(page.get_by_role("alert")).to_contain_text(f"{restocked.code} is not for liquidation")
    expect(page.locator("html")).to_have_attribute("data-scan-feedback", "error")
    scan(page, liquidation[2].code)  # the field is empty after a refusal: the next scan just works
    expect(page.get_by_test_id("unit-count")).to_have_text("2 units")
    assert_no_horizontal_scroll(page)
    screenshot(page, "liquidation-lot-1024")

    with page.expect_download() as download:
        page.get_by_test_id("manifest-csv").click()
    assert download.value.suggested_filename == f"manifest-{lot.reference}.csv"
    with open(download.value.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert ["Lot", lot.reference] in rows and ["Units", "2"] in rows
    listed = {row[0] for row in rows if row and re.fullmatch(r"LP\d{10}", row[0])}
    assert listed == {liquidation[0].code, liquidation[2].code}
    with page.expect_download() as download:
        page.get_by_test_id("manifest-pdf").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.get_by_role("button", name="Close the lot").click()
    expect(page.get_by_test_id("lot-state")).to_have_text("Closed, waiting for the sale")


@pytest.mark.viewport(TABLET_1024)
def test_the_expected_parcels_card_opens_the_list_with_tracking(page, browser_context, live_server, ivan, alice,
                                                                alice_order):
    from returns.models import ReturnRequest
    from tests.factories import create_return

    ret = create_return(alice_order, alice.user)
    ReturnRequest.objects.filter(pk=ret.pk).update(carrier="DHL", tracking_number="JJD000390007")
    login_as(browser_context, live_server, ivan)
    page.goto(live_server.url + "/inspect/")
    page.get_by_test_id("expected-card").click()
    page.wait_for_url(re.compile(r"/inspect/expected/$"))
    expect(page.get_by_test_id("tracking")).to_have_text("JJD000390007")
    assert_no_horizontal_scroll(page)
    screenshot(page, "expected-parcels-1024")
    page.get_by_role("link", name=f"Receive {ret.rma_number}").click()
    page.wait_for_url(re.compile(rf"/inspect/receive/{ret.rma_number}/$"))
