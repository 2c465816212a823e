"""Capture continuing through a simulated offline period on a 1024×768 tablet, nothing lost or doubled.

Headless Chromium with the tablet's service worker: the Wi-Fi drops (the context goes offline), the
inspector answers two checks and takes a photo; the page says what waits, a reload still shows the page
and the queue. When the connection returns, the first answer to each request is lost on its way back
(the server has done the work, the browser sees a network error), so the queue sends every request a
second time; the server answers each resend with the first result. The database then has each answer
and the photo exactly once.
"""
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from inspection.models import Photo, UnitInspection
from inspection.models_idempotency import IdempotentRequest
from returns.models import ReturnEvent
from tests.browser.conftest import assert_no_horizontal_scroll, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET_1024 = {"width": 1024, "height": 768}
# The requests the queue sends from the line page: a unit's answers and the photo upload.
QUEUE_REPLAYS = re.compile(r"/inspect/returns/.*/lines/\d+/(units/\d+|photos)/$")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def inspecting(alice, alice_order, ivan):
    from inspection.workflow import inspection_open
    from tests.factories import create_return
    from tests.inspection.helpers import receive

    ret = receive(create_return(alice_order, alice.user), ivan)
    return inspection_open(return_id=ret.pk, actor=ivan)


def jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 40, 40)).save(buf, "JPEG")
    return {"name": "damage.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}


def waiting(page):
    return page.locator("html").get_attribute("data-offline-waiting")


@pytest.mark.viewport(TABLET_1024)
def test_capture_continues_through_an_offline_period_with_nothing_lost_or_doubled(
        page, browser_context, live_server, ivan, inspecting, media):
    jeans = inspecting.lines.get(product__sku="JEANS-32")
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    url = f"{live_server.url}/inspect/returns/{inspecting.rma_number}/lines/{jeans.pk}/"
    login_as(browser_context, live_server, ivan)
    page.goto(url)
    assert page.evaluate("""Promise.race([navigator.serviceWorker.ready.then(() => true),
                                          new Promise((resolve) => setTimeout(() => resolve(false), 10000))])""")
    page.reload()  # now controlled by the worker, which keeps this page for offline use
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_be_hidden()  # nothing waits: no banner in the way

    browser_context.set_offline(True)
    page.locator('input[name="check-unworn"][value="no"]').check()
    page.locator('input[name="grade"][value="D"]').check()
    expect(banner).to_contain_text("Offline")
    expect(banner).to_contain_text("2 waiting to send")
    page.set_input_files("#photo-input", files=[jpeg()])
    page.get_by_role("button", name="Upload photos").click()
    expect(banner).to_contain_text("3 waiting to send")
    expect(page.locator(".photo-form [data-offline-note]")).to_contain_text("kept on this tablet")
    assert_no_horizontal_scroll(page)
    screenshot(page, "offline-1-waiting")

    # A reload without the network: the kept page, the queue, and the answers put back into the form.
    page.reload()
    expect(banner).to_contain_text("Offline · 3 waiting to send")
    expect(page.locator('input[name="grade"][value="D"]')).to_be_checked()
    expect(page.locator('input[name="check-unworn"][value="no"]')).to_be_checked()
    screenshot(page, "offline-2-reloaded-offline")
    # Proof that these pages came from the worker's cache, not the server: one never opened is not there.
    tshirt = inspecting.lines.get(product__sku="TSHIRT-M")
    page.goto(f"{live_server.url}/inspect/returns/{inspecting.rma_number}/lines/{tshirt.pk}/")
    expect(page.locator("h1")).to_have_text("Offline")
    page.goto(url)
    expect(banner).to_contain_text("Offline · 3 waiting to send")
    record.refresh_from_db()
    assert (record.grade, record.version, Photo.objects.filter(line=jeans).count()) == ("", 1, 0)  # nothing sent

    # Back online, but every first answer is lost on the way back: the server did the work, the
    # browser saw a network error, so the queue keeps the request and sends it again.
    handled, replayed = set(), []

    def lose_first_answer(route):
        key = route.request.headers.get("idempotency-key")
        if not key:
            return route.continue_()
        if key not in handled:
            handled.add(key)
            route.fetch()  # reaches the server, which saves it
            return route.abort("connectionreset")
        response = route.fetch()
        replayed.append(response.headers.get("idempotent-replayed"))
        return route.fulfill(response=response)

    browser_context.route(QUEUE_REPLAYS, lose_first_answer)
    browser_context.set_offline(False)
    for _ in range(6):  # the periodic retry, without waiting 15 seconds for it
        if waiting(page) == "0":
            break
        page.evaluate("RFQueue.flush()")
    expect(page.locator("html")).to_have_attribute("data-offline-waiting", "0")
    expect(banner).to_contain_text("All sent")
    screenshot(page, "offline-3-all-sent")

    assert len(handled) == 3 and replayed == ["true", "true", "true"]  # each sent twice, answered once
    record.refresh_from_db()
    assert (record.grade, record.checklist.get("unworn"), record.version) == ("D", "no", 3)
    assert ReturnEvent.objects.filter(action="inspection_step_saved").count() == 2  # two answers, not four
    assert Photo.objects.filter(line=jeans).count() == 1
    assert ReturnEvent.objects.filter(action="inspection_photo_added").count() == 1
    assert IdempotentRequest.objects.filter(user=ivan).count() == 3

    # The page takes the saved versions: the next answer, online, saves at once without a conflict.
    browser_context.unroute(QUEUE_REPLAYS)
    page.locator('input[name="check-tags_attached"][value="yes"]').check()
    expect(page.locator("#unit-0 .save-status")).to_contain_text("Saved")
    record.refresh_from_db()
    assert (record.checklist.get("tags_attached"), record.version) == ("yes", 4)
