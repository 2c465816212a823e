"""A customer returns items from a phone: lookup → items with a photo → review → confirmation →
label PDF → status page, and the exception path for an order delivered 45 days ago."""
import io

import pytest
from PIL import Image

from tests.browser.conftest import PHONE, assert_no_horizontal_scroll, login_as, screenshot
from tests.portal.helpers import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def photo_file(tmp_path, name="damage.jpg"):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (180, 40, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def find_order(page, live_server, order, email):
    page.goto(live_server.url + "/portal/")
    page.get_by_label("Order number").fill(order.number)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_role("button", name="Find my order").click()


def check_page(page, name):
    assert_no_horizontal_scroll(page)
    screenshot(page, name)


@pytest.mark.viewport(PHONE)
def test_a_customer_returns_a_damaged_item_from_a_phone(page, live_server, alice_order, tmp_path):
    from django.core import mail

    from inspection.models import Photo
    from returns.models import ReturnRequest

    page.goto(live_server.url + "/portal/")
    check_page(page, "portal-1-lookup")
    find_order(page, live_server, alice_order, "alice@example.com")

    page.wait_for_url(f"**/portal/orders/{alice_order.number}/")
    assert page.get_by_role("heading", name="Choose what to return").is_visible()
    tshirt = page.get_by_role("group", name="Organic T-shirt M")
    assert "You can return up to 2" in tshirt.inner_text()
    tshirt.get_by_text("Return this item").click()  # the item's fields are folded until chosen
    tshirt.get_by_label("How many to return").fill("1")
    tshirt.get_by_label("Why are you returning it?").select_option("defective")
    tshirt.get_by_label("What condition is it in?").select_option("damaged")
    tshirt.get_by_label("Anything else we should know? (optional)").fill("The seam opened after one wash.")
    tshirt.get_by_label("Photos").set_input_files(photo_file(tmp_path))
    check_page(page, "portal-2-items")
    page.get_by_role("button", name="Continue to review").click()

    page.wait_for_url("**/review/")
    assert page.get_by_role("heading", name="Estimated refund").is_visible()
    assert "This is an estimate" in page.content()
    assert "damage.jpg" in page.content()
    page.get_by_label("Store credit").check()
    check_page(page, "portal-3-review")
    page.get_by_role("button", name="Send return request").click()

    page.wait_for_url("**/confirmation/")
    ret = ReturnRequest.objects.get()
    assert page.locator("#rma-number").inner_text() == ret.rma_number
    assert page.get_by_role("heading", name="What to pack").is_visible()
    assert (ret.state, ret.refund_method) == ("authorized", "store_credit")
    assert Photo.objects.filter(return_request=ret, line__isnull=False).count() == 1
    check_page(page, "portal-4-confirmation")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download return label and packing slip (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"return-label-{ret.rma_number}.pdf"
    pdf = open(download.path(), "rb").read()
    assert pdf.startswith(b"%PDF") and f"({ret.rma_number}) Tj" in pdf_text(pdf)

    page.get_by_role("link", name="Follow your return").click()
    page.wait_for_url(f"**/portal/returns/{ret.rma_number}/")
    assert page.get_by_role("heading", name=f"Return {ret.rma_number}").is_visible()
    assert "Return requested" in page.content() and "Return authorized" in page.content()
    check_page(page, "portal-5-status")

    page.get_by_label("Carrier").fill("DHL")
    page.get_by_label("Tracking number").fill("JD014600003828")
    page.get_by_role("button", name="Save tracking number").click()
    page.wait_for_load_state()
    assert page.locator(".state").first.inner_text() == "In transit"
    assert "JD014600003828" in page.content()
    check_page(page, "portal-6-status-shipped")
    # The e-mail went out after the commit, from the live server, with the signed link.
    assert any(ret.rma_number in m.subject and "/portal/s/" in m.body for m in mail.outbox)

    page.get_by_role("link", name="Cancel this return").click()
    check_page(page, "portal-7-cancel")
    page.get_by_role("button", name="Yes, cancel the return").click()
    page.wait_for_url(f"**/portal/returns/{ret.rma_number}/")
    assert "Return cancelled" in page.content()
    ret.refresh_from_db()
    assert ret.state == "cancelled"


@pytest.mark.viewport(PHONE)
def test_an_exception_request_for_an_order_delivered_45_days_ago(page, live_server, alice, tshirt):
    from returns.models import ReturnRequest
    from tests.factories import make_order

    old = make_order(alice, [(tshirt, 1, "20.00")], delivered_days_ago=45)
    find_order(page, live_server, old, "ALICE@example.com")
    page.wait_for_url(f"**/portal/orders/{old.number}/")
    line = page.get_by_role("group", name="Organic T-shirt M")
    assert "return window closed" in line.inner_text()
    line.get_by_text("Return this item").click()
    line.get_by_label("How many to return").fill("1")
    line.get_by_label("Why are you returning it?").select_option("changed_mind")
    line.get_by_label("What condition is it in?").select_option("unopened")
    page.get_by_role("button", name="Continue to review").click()

    page.wait_for_url("**/review/")
    assert page.get_by_text("Outside our return policy").is_visible()
    page.get_by_label("Why should we make an exception?").fill("I was in hospital when it arrived.")
    check_page(page, "portal-exception-review")
    page.get_by_role("button", name="Send exception request").click()

    page.wait_for_url("**/confirmation/")
    assert page.get_by_role("heading", name="Request sent: waiting for approval").is_visible()
    assert "Please do not send anything yet" in page.content()
    assert "Download return label" not in page.content()
    ret = ReturnRequest.objects.get()
    assert ret.state == "pending_approval" and ret.exception_message == "I was in hospital when it arrived."
    check_page(page, "portal-exception")


@pytest.mark.viewport(PHONE)
def test_a_logged_in_customer_sees_their_orders_and_returns(page, browser_context, live_server, alice, alice_order):
    from tests.factories import create_return

    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    login_as(browser_context, live_server, alice.user)
    page.goto(live_server.url + "/portal/")
    assert page.get_by_role("link", name=ret.rma_number).is_visible()
    assert page.get_by_role("link", name=f"Order {alice_order.number}").is_visible()
    check_page(page, "portal-home-logged-in")


@pytest.mark.viewport(PHONE)
def test_a_customer_reads_the_refund_of_an_inspected_return_on_a_phone(page, browser_context, live_server, alice,
                                                                       alice_order, ivan, sam, system_user):
    """Received, graded C (used) under a policy with fees, released and confirmed: every amount, with
    why it was deducted, fits a 360 px screen."""
    from decimal import Decimal

    from returns.models import ReturnPolicy
    from returns.services import lifecycle as lc
    from tests.factories import create_return, inspect_all, receive_all

    ReturnPolicy.objects.filter(name="Default").update(
        restocking_fee_percent=Decimal("10"), restocking_fee_flat=Decimal("2.00"),
        grade_deductions={"A": "0", "B": "0", "C": "20", "D": "50", "F": "0"})
    ret = create_return(alice_order, alice.user, {alice_order.lines.get(product__sku="TSHIRT-M"): 2})
    receive_all(ret, ivan)
    inspect_all(ret, ivan, grade="C", disposition="refurbish")
    lc.return_release_refund(return_id=ret.pk, actor=sam)
    lc.return_mark_refunded(return_id=ret.pk, actor=system_user, credit_note_name="RINV/2026/0007")

    login_as(browser_context, live_server, alice.user)
    page.goto(f"{live_server.url}/portal/returns/{ret.rma_number}/")
    refund = page.get_by_role("region", name="Your refund")
    assert refund.is_visible()
    words = " ".join(refund.inner_text().split())
    # 2 × 20.00 = 40.00 − 8.00 (grade C 20 %) − 3.20 (10 % restocking) − 2.00 (return fee) = 26.80 + 5.63 tax
    assert "Grade C (used) deduction 20%: -8.00 EUR." in words
    assert "Restocking fee 10%: -3.20 EUR." in words and "Share of the return fee: -2.00 EUR." in words
    assert "32.43 EUR" in words and "Final amount." in words and "Refunded to your original payment method." in words
    assert "32.43 EUR to your original payment method" in page.locator(".timeline").inner_text()
    check_page(page, "portal-8-status-refunded")
