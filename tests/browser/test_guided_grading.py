"""Guided grading on a 1024×768 tablet in headless Chromium: one question at a time, big answers, the
grade and disposition, the sort instruction and the put-away scan, with the taps from scan to
disposition counted for a sealed and a damaged item, before (the flat checklist) and after.

A scan is the scanner typing the code and Enter into the focused field (no tap); every click and
every file chooser opened counts as one tap.
"""
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from inspection.grading_demo import seed_grading_trees
from inspection.models import CustodyRecord, LicensePlate
from returns.models import ProductCategory, ReturnLine
from tests.browser.conftest import assert_no_horizontal_scroll, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET_1024 = {"width": 1024, "height": 768}
APPAREL_CHECKS = ("tags_attached", "unworn", "no_stains_odour", "packaging")
# Measured by these tests (and quoted in the README): taps from the RMA scan to a saved disposition.
TAPS_BEFORE = {"sealed": 9, "damaged": 11}
TAPS_AFTER = {"sealed": 2, "damaged": 4}


class Taps:
    def __init__(self, page):
        self.page, self.count = page, 0

    def tap(self, locator):
        self.count += 1
        locator.click()

    def choose_photo(self, selector, color):
        self.count += 1  # the tap that opens the camera / file chooser
        buf = io.BytesIO()
        Image.new("RGB", (1200, 900), color).save(buf, "JPEG")
        self.page.set_input_files(selector, files=[{"name": "evidence.jpg", "mimeType": "image/jpeg",
                                                    "buffer": buf.getvalue()}])


def scan(page, code):
    page.keyboard.type(code)
    page.keyboard.press("Enter")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def received(alice, alice_order, ivan):
    """Alice's T-shirts and jeans, received into a tote, waiting for inspection."""
    from tests.factories import create_return
    from tests.inspection.helpers import receive

    return receive(create_return(alice_order, alice.user), ivan)


@pytest.fixture
def trees(catalogue):
    ProductCategory.objects.get_or_create(code="home", defaults={"name": "Home goods"})
    return seed_grading_trees()


def _line(ret, sku):
    return ReturnLine.objects.get(request=ret, product__sku=sku)


@pytest.mark.viewport(TABLET_1024)
def test_before_the_flat_checklist_takes_9_and_11_taps(page, browser_context, live_server, ivan, received, media):
    rma = received.rma_number
    login_as(browser_context, live_server, ivan)
    taps = Taps(page)
    page.goto(live_server.url + "/inspect/queue/")
    scan(page, rma)
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    taps.tap(page.get_by_role("button", name="Start inspection").first)
    start = taps.count  # opening the return is shared by both items; each item counts it once
    taps.tap(page.get_by_role("link", name="Inspect Organic T-shirt M"))
    for code in APPAREL_CHECKS:
        taps.tap(page.locator(f'input[name="check-{code}"][value="yes"]'))
    taps.tap(page.locator('input[name="grade"][value="A"]'))
    taps.tap(page.get_by_label("Restock"))
    taps.tap(page.get_by_role("button", name="Save disposition"))
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    sealed = taps.count
    assert sealed == TAPS_BEFORE["sealed"]

    taps.count = start
    taps.tap(page.get_by_role("link", name="Inspect Slim jeans 32"))
    for code in APPAREL_CHECKS:
        taps.tap(page.locator(f'input[name="check-{code}"][value="{"no" if code == "unworn" else "yes"}"]'))
    taps.tap(page.locator('input[name="grade"][value="F"]'))
    expect(page.locator("html")).to_have_attribute("data-pending-saves", "0")
    taps.choose_photo("#photo-input", (40, 40, 200))
    taps.tap(page.get_by_role("button", name="Upload photos"))
    expect(page.locator(".messages")).to_contain_text("photo saved")  # sent, and the page shown again
    taps.tap(page.get_by_label("Scrap"))
    taps.tap(page.get_by_role("button", name="Save disposition"))
    page.wait_for_url(re.compile(rf"/inspect/returns/{rma}/$"))
    assert taps.count == TAPS_BEFORE["damaged"]
    assert (_line(received, "JEANS-32").grade, _line(received, "JEANS-32").disposition) == ("F", "scrap")


@pytest.fixture
def printer(settings):
    from tests.inspection.fake_printer import FakePrinter

    fake = FakePrinter()
    settings.RETURNFLOW_LABEL_PRINTER = f"127.0.0.1:{fake.port}"
    yield fake
    fake.close()


@pytest.mark.viewport(TABLET_1024)
def test_after_guided_grading_a_sealed_item_takes_2_taps_and_a_damaged_one_4(page, browser_context, live_server,
                                                                            ivan, received, trees, media, printer):
    rma = received.rma_number
    login_as(browser_context, live_server, ivan)
    taps = Taps(page)
    page.goto(live_server.url + "/inspect/grade/")
    scan(page, rma)  # opens the inspection at the first item
    page.wait_for_url(re.compile(r"/grade/(\?unit=\d+)?$"))
    question = page.locator(".guided .question")
    expect(question).to_have_count(1)  # one question at a time
    expect(question).to_have_text("How does it come back?")
    answers = page.locator("button.answer")
    expect(answers).to_have_count(3)
    assert min(answers.nth(i).bounding_box()["height"] for i in range(3)) >= 64  # big buttons
    assert_no_horizontal_scroll(page)
    screenshot(page, "guided-1-question")
    taps.tap(page.get_by_role("button", name="Unworn, tags on, in its bag"))
    expect(page.get_by_test_id("grade")).to_contain_text("A – new, unopened")
    screenshot(page, "guided-2-result")
    taps.tap(page.get_by_test_id("confirm"))
    page.wait_for_url(re.compile(r"/inspect/lpn/LP\d+/$"))
    assert taps.count <= 3 and taps.count == TAPS_AFTER["sealed"]
    tshirt = _line(received, "TSHIRT-M")
    assert (tshirt.grade, tshirt.disposition) == ("A", "restock")
    instruction = page.get_by_test_id("sort-instruction")
    expect(instruction).to_have_text(re.compile(r"STOCK · bin S-01"))
    assert "sort-green" in instruction.get_attribute("class")
    assert float(instruction.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 40
    screenshot(page, "guided-3-sort-instruction")
    # Both T-shirts' labels came out of the (fake) Zebra without a tap; the PDF is there for any printer.
    plates = list(LicensePlate.objects.filter(line=tshirt))
    jobs = printer.wait_for(2)
    assert len(jobs) == 2 and all(f"^FD{p.code}^FS".encode() in b"".join(jobs) for p in plates)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The put-away: a wrong bin flashes red and says the right one; the right bin confirms, in custody.
    scan(page, "BIN-R-12")
    expect(page.get_by_role("alert")).to_contain_text("Wrong bin")
    expect(page.locator("html")).to_have_attribute("data-scan-feedback", "error")
    scan(page, "BIN-S-01")  # the field is empty again after a refused scan: the next one just works
    expect(page.locator(".messages")).to_contain_text("is in BIN-S-01")
    expect(page.locator("html")).to_have_attribute("data-scan-feedback", "ok")
    first = LicensePlate.objects.get(line=tshirt, unit_index=1)
    assert CustodyRecord.objects.filter(line=tshirt, unit_index=1).latest("id").location_code == "BIN-S-01"
    screenshot(page, "guided-4-put-away")
    page.get_by_role("link", name=re.compile("Next unit")).click()
    assert first.code not in page.url

    # The damaged jeans: scan the return again, two answers, the photo the answers demand, confirm.
    taps.count = 0
    page.goto(live_server.url + "/inspect/grade/")
    scan(page, rma)
    page.wait_for_url(re.compile(rf"/lines/{_line(received, 'JEANS-32').pk}/grade/$"))
    taps.tap(page.get_by_role("button", name=re.compile("Damaged, stained or torn")))
    expect(page.locator(".guided .question")).to_have_text("What kind of damage?")
    taps.tap(page.get_by_role("button", name="Torn or broken"))
    expect(page.get_by_test_id("photo-step")).to_be_visible()
    screenshot(page, "guided-5-photo-needed")
    taps.choose_photo("#photo-input", (200, 40, 40))  # uploads at once (grading.js)
    expect(page.get_by_test_id("photo-step")).to_have_count(0)
    taps.tap(page.get_by_test_id("confirm"))
    page.wait_for_url(re.compile(r"/inspect/lpn/LP\d+/$"))
    assert taps.count == TAPS_AFTER["damaged"]
    expect(page.get_by_test_id("sort-instruction")).to_have_text(re.compile(r"SCRAP · bin X-01"))
    jeans = _line(received, "JEANS-32")
    assert (jeans.grade, jeans.disposition) == ("F", "scrap")
    screenshot(page, "guided-6-scrap")
    print(f"\ntaps from scan to disposition: before {TAPS_BEFORE}, after {TAPS_AFTER}")


@pytest.mark.viewport(TABLET_1024)
def test_a_refurbished_unit_is_restocked_by_scanning_its_plate(page, browser_context, live_server, ivan, received,
                                                               media):
    from tests.factories import inspect_all

    inspect_all(received, ivan, grade="C", disposition="refurbish")
    plate = LicensePlate.objects.filter(line__request=received).order_by("line_id", "unit_index").first()
    login_as(browser_context, live_server, ivan)
    page.goto(live_server.url + "/inspect/refurbish/")
    expect(page.locator(".list-row")).to_have_count(3)  # two T-shirts and the jeans, each by its plate
    scan(page, plate.code)
    page.wait_for_url(re.compile(rf"/inspect/refurbish/{plate.code}/$"))
    page.get_by_label("Add a step").fill("Washed and steamed")
    page.get_by_role("button", name="Save step").click()
    expect(page.locator("ol.steps")).to_contain_text("Washed and steamed")
    page.get_by_role("button", name="Back to stock as grade B").click()
    expect(page.get_by_test_id("refurb-outcome")).to_have_text("Back to stock as grade B")
    assert_no_horizontal_scroll(page)
    screenshot(page, "refurbishment-restocked")
    assert CustodyRecord.objects.filter(line=plate.line, unit_index=plate.unit_index).latest("id").location_code \
        == "BIN-S-01"
    page.goto(live_server.url + "/inspect/refurbish/")
    expect(page.locator(".list-row")).to_have_count(2)


@pytest.mark.viewport(TABLET_1024)
def test_every_scan_field_flashes_green_or_red(page, browser_context, live_server, ivan, alice, alice_order, tshirt):
    """A scan the page handles itself (a receiving count) and one that loads a page (an unknown label)."""
    from tests.factories import create_return

    tshirt.barcode = "2000000000011"
    tshirt.save()
    ret = create_return(alice_order, alice.user)
    login_as(browser_context, live_server, ivan)
    page.goto(live_server.url + f"/inspect/receive/{ret.rma_number}/")
    scan(page, "2000000000011")
    expect(page.locator("html")).to_have_attribute("data-scan-feedback", "ok")
    page.goto(live_server.url + "/inspect/grade/")
    scan(page, "NOT-A-LABEL")
    expect(page.locator("html")).to_have_attribute("data-scan-feedback", "error")
    scan(page, ret.rma_number)  # not received yet, so nothing to grade: red, and it says why
    expect(page.locator("html")).to_have_attribute("data-scan-feedback", "error")
    expect(page.locator(".messages")).to_contain_text("nothing to inspect")
    page.goto(live_server.url + "/inspect/queue/")
    scan(page, ret.rma_number)  # the queue's scan field opens it for receiving: green
    page.wait_for_url(re.compile(rf"/inspect/receive/{ret.rma_number}/$"))
    expect(page.locator("html")).to_have_attribute("data-scan-feedback", "ok")
