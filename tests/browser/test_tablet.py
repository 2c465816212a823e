"""The warehouse tablet in headless Chromium at tablet sizes: receive by scanning (keyboard-wedge:
typing into the focused field, never clicking it first), inspect with photos, complete."""
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from inspection.models import Photo, ReceivingDiscrepancy, UnidentifiedParcel
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from tests.browser.conftest import (
    TABLET_LANDSCAPE,
    TABLET_PORTRAIT,
    assert_no_horizontal_scroll,
    login_as,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TSHIRT_BARCODE, JEANS_BARCODE = "2000000000011", "2000000000028"
APPAREL_CHECKS = ("tags_attached", "unworn", "no_stains_odour", "packaging")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def tablet_return(alice, alice_order, tshirt, jeans):
    from tests.factories import create_return

    tshirt.barcode, jeans.barcode = TSHIRT_BARCODE, JEANS_BARCODE
    tshirt.save()
    jeans.save()
    return create_return(alice_order, alice.user)


def jpeg(color=(200, 40, 40)):
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), color).save(buf, "JPEG")
    return {"name": "evidence.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def assert_touch_targets(page, minimum=44):
    small = page.evaluate("""(minimum) => [...document.querySelectorAll(
        'button, a.btn, nav.tabs a, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), '
        + 'select, textarea, label.choice, summary')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect().height, el.getBoundingClientRect().width])
        .filter(([html, h, w]) => h < minimum || w < minimum)""", minimum)
    assert not small, f"Touch targets under {minimum}px: {small}"


def wait_for_saves(page):
    # An attribute check, not wait_for_function: the Content-Security-Policy forbids evaluating strings.
    expect(page.locator("html")).to_have_attribute("data-pending-saves", "0")


def scan(page, code):
    """A keyboard-wedge scanner: the code and Enter, typed into whatever has focus."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def answer_line(page, *, grade, fail=()):
    for code in APPAREL_CHECKS:
        page.locator(f'input[name="check-{code}"][value="{"no" if code in fail else "yes"}"]').check()
    page.locator(f'input[name="grade"][value="{grade}"]').check()
    wait_for_saves(page)
    assert "Saved" in page.locator(".unit .save-status").inner_text()


def upload_photo(page, color):
    page.set_input_files("#photo-input", files=[jpeg(color)])
    page.get_by_role("button", name="Upload photos").click()
    # Sent through the offline queue, then the page the server redirected to (no longer a form post).
    expect(page.locator(".messages")).to_contain_text("photo saved")
    expect(page.locator(".thumbs img").first).to_be_visible()


def receive_by_scanning(page, live_server, rma, *, scans, prefix, short=False):
    page.goto(live_server.url + "/inspect/receive/")
    assert focused_id(page) == "scan"  # focused on load: the scanner needs no tap first
    page.keyboard.type(rma)
    screenshot(page, f"{prefix}1-scan")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/inspect/receive/{rma}/$"))
    assert focused_id(page) == "code"
    for code in scans:
        scan(page, code)
        assert focused_id(page) == "code"  # and again after each scan
    assert_no_horizontal_scroll(page)
    assert_touch_targets(page)
    screenshot(page, f"{prefix}2-receive")
    page.get_by_role("button", name="Confirm receipt").click()
    if short:  # a short receipt is confirmed as short first (tests/browser/test_receiving_session.py)
        page.get_by_role("button", name="Confirm as short").click()
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))


@pytest.mark.viewport(TABLET_LANDSCAPE)
def test_scan_receive_short_inspect_with_photos_and_complete(page, browser_context, live_server, ivan, tablet_return,
                                                             media):
    rma = tablet_return.rma_number
    login_as(browser_context, live_server, ivan)
    # One T-shirt of the two, the jeans, into tote 7: all by scanner.
    receive_by_scanning(page, live_server, rma, scans=[TSHIRT_BARCODE, JEANS_BARCODE, "TOTE-07"], prefix="tablet-",
                        short=True)
    assert page.get_by_text("Received 2 units into TOTE-07.").is_visible()
    discrepancy = page.locator(".discrepancy")
    assert ("Fewer units than expected" in discrepancy.inner_text()
            and "1 received, 2 expected" in discrepancy.inner_text())
    screenshot(page, "tablet-2b-received-with-discrepancy")
    assert ReceivingDiscrepancy.objects.get().kind == "short"

    page.get_by_role("link", name="Inspect", exact=True).click()
    row = page.locator(".queue .list-row", has_text=rma)
    assert "Waiting for an inspector" in row.inner_text()
    assert "2 units · 96.80 EUR" in row.inner_text()  # what arrived: (20 + 60) × 1.21, not the 121.00 requested
    assert_no_horizontal_scroll(page)
    screenshot(page, "tablet-3-queue")
    row.get_by_role("button", name=f"Inspect {rma}").click()
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    assert page.get_by_test_id("state").inner_text() == "Being inspected"

    page.get_by_role("link", name="Inspect Organic T-shirt M").click()
    answer_line(page, grade="A")
    upload_photo(page, (30, 160, 30))
    page.get_by_label("Restock").check()
    page.get_by_role("button", name="Save disposition").click()
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))

    page.get_by_role("link", name="Inspect Slim jeans 32").click()
    answer_line(page, grade="C", fail=("unworn",))
    upload_photo(page, (40, 40, 200))
    page.get_by_label("Refurbish").check()
    assert_no_horizontal_scroll(page)
    assert_touch_targets(page)
    screenshot(page, "tablet-4-inspect-line")
    page.get_by_role("button", name="Save disposition").click()
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))

    page.get_by_role("button", name="Complete inspection").click()
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    assert page.get_by_test_id("state").inner_text() == "Inspected"
    assert page.get_by_text(f"Inspection of {rma} is complete.").is_visible()
    screenshot(page, "tablet-5-inspected")
    ret = ReturnRequest.objects.get(pk=tablet_return.pk)
    assert ret.state == ReturnStatus.INSPECTED
    assert {(line.product.sku, line.grade, line.disposition, line.quantity_received) for line in ret.lines.all()} == {
        ("TSHIRT-M", "A", "restock", 1), ("JEANS-32", "C", "refurbish", 1)}
    assert Photo.objects.filter(return_request=ret, kind="inspection", status="ready").count() == 2


@pytest.mark.viewport(TABLET_PORTRAIT)
def test_the_whole_flow_fits_a_portrait_tablet(page, browser_context, live_server, ivan, tablet_return, media):
    rma = tablet_return.rma_number
    login_as(browser_context, live_server, ivan)
    receive_by_scanning(page, live_server, rma, prefix="tablet-portrait-",
                        scans=[TSHIRT_BARCODE, TSHIRT_BARCODE, JEANS_BARCODE, "BIN-A3"])
    assert not page.locator(".discrepancy").count()
    page.goto(live_server.url + "/inspect/queue/")
    assert_no_horizontal_scroll(page)
    screenshot(page, "tablet-portrait-3-queue")
    page.get_by_role("button", name=f"Inspect {rma}").click()
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    for name in ("Organic T-shirt M", "Slim jeans 32"):
        page.get_by_role("link", name=f"Inspect {name}").click()
        answer_line(page, grade="A")
        upload_photo(page, (120, 120, 40))
        page.get_by_label("Restock").check()
        assert_no_horizontal_scroll(page)
        assert_touch_targets(page)
        if name == "Slim jeans 32":
            screenshot(page, "tablet-portrait-4-inspect-line")
        page.get_by_role("button", name="Save disposition").click()
        page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    page.get_by_role("button", name="Complete inspection").click()
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    assert page.get_by_test_id("state").inner_text() == "Inspected"
    assert_no_horizontal_scroll(page)
    screenshot(page, "tablet-portrait-5-inspected")


@pytest.mark.viewport(TABLET_LANDSCAPE)
def test_a_parcel_without_a_return_number_is_parked_with_photos(page, browser_context, live_server, ivan, media):
    login_as(browser_context, live_server, ivan)
    page.goto(live_server.url + "/inspect/")
    page.get_by_role("link", name=re.compile("Parcel without a return number")).click()
    page.set_input_files("#parcel-photos", files=[jpeg((150, 110, 70)), jpeg((230, 230, 220))])
    page.get_by_label("Carrier").fill("PostNL")
    page.get_by_label("Tracking number").fill("3SABC123456789")
    page.get_by_label("Parked in (scan the bin)").fill("BIN-NORMA-1")
    page.get_by_label("What is in it, what is on the label").fill("Blue hoodie, no paperwork")
    assert_no_horizontal_scroll(page)
    assert_touch_targets(page)
    screenshot(page, "tablet-unidentified-parcel")
    page.get_by_role("button", name="Park for support").click()
    page.wait_for_url(re.compile(r"/inspect/parcels/\d+/$"))
    assert page.get_by_text("Parcel parked for support.").is_visible()
    assert page.locator(".thumbs img").count() == 2
    screenshot(page, "tablet-unidentified-parcel-saved")
    parcel = UnidentifiedParcel.objects.get()
    assert (parcel.tracking_number, parcel.location_code, parcel.photos.count()) == ("3SABC123456789", "BIN-NORMA-1", 2)
    assert ReceivingDiscrepancy.objects.get().kind == "no_rma"


@pytest.mark.viewport(TABLET_LANDSCAPE)
def test_a_stale_tab_gets_a_conflict_and_overwrites_nothing(page, browser_context, live_server, ivan, tablet_return):
    from inspection.models import UnitInspection
    from inspection.workflow import inspection_open
    from tests.factories import receive_all

    receive_all(tablet_return, ivan)
    inspection_open(return_id=tablet_return.pk, actor=ivan)
    jeans = tablet_return.lines.get(product__sku="JEANS-32")
    url = f"{live_server.url}/inspect/returns/{tablet_return.rma_number}/lines/{jeans.pk}/"
    login_as(browser_context, live_server, ivan)
    page.goto(url)
    other_tab = browser_context.new_page()
    other_tab.goto(url)
    page.locator('input[name="check-unworn"][value="yes"]').check()
    wait_for_saves(page)
    other_tab.locator('input[name="check-unworn"][value="no"]').check()
    wait_for_saves(other_tab)
    status = other_tab.locator(".unit .save-status")
    assert "changed by ivan after you opened it. Nothing was saved" in status.inner_text()
    screenshot(other_tab, "tablet-conflict")
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    assert record.checklist == {"unworn": "yes"} and record.version == 2
    other_tab.close()
