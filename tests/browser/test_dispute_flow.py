"""On a phone, a customer whose parcel was recorded one item short reads it on the status page and
disputes it from there; the dispute appears on the page and in the support console's queue."""
import pytest

from tests.browser.conftest import PHONE, assert_no_horizontal_scroll, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def short_return(alice, alice_order, ivan):
    """Alice returned 2 T-shirts and the jeans; the warehouse found 1 T-shirt and the jeans."""
    from returns.services.lifecycle import return_receive
    from tests.factories import create_return

    ret = create_return(alice_order, alice.user)
    return_receive(return_id=ret.pk, actor=ivan, quantities={
        line.pk: 1 if line.product.sku == "TSHIRT-M" else line.quantity_requested for line in ret.lines.all()})
    return ret


@pytest.mark.viewport(PHONE)
def test_a_customer_disputes_a_short_receipt_from_a_phone(page, browser_context, live_server, alice, sam,
                                                          short_return):
    from returns.models import Dispute, ReturnEvent

    login_as(browser_context, live_server, alice.user)
    page.goto(f"{live_server.url}/portal/returns/{short_return.rma_number}/")
    shortfall = page.get_by_test_id("shortfall")
    assert "We did not find 1 × Organic T-shirt M in your parcel." in shortfall.inner_text()
    assert "requested 2 · received 1" in page.get_by_test_id("recorded-items").inner_text()
    assert_no_horizontal_scroll(page)
    screenshot(page, "dispute-1-status-short")

    shortfall.get_by_role("link", name="Dispute this").click()
    form = page.locator("#dispute-form")
    form.get_by_label("What do you disagree with?").select_option(label="You did not find an item I sent")
    form.get_by_label("Which item? (optional)").select_option(label="2 × Organic T-shirt M")
    form.get_by_role("button", name="Send to our support team").click()
    # Sent without a message: the page says what is missing and keeps the choices made.
    page.wait_for_selector(".error-summary")
    assert "Tell us what you disagree with." in page.locator(".error-summary").inner_text()
    assert form.get_by_label("What do you disagree with?").input_value() == "short_receipt"
    assert_no_horizontal_scroll(page)
    screenshot(page, "dispute-2-form-error")

    form.get_by_label("Tell us what happened").fill("I packed both T-shirts; I have a photo of the open box.")
    form.get_by_role("button", name="Send to our support team").click()
    page.wait_for_url(f"**/portal/returns/{short_return.rma_number}/#disputes")
    section = page.get_by_test_id("disputes")
    assert "Items missing from the receipt — Organic T-shirt M" in section.inner_text()
    assert "Our support team is looking into it" in section.inner_text()
    assert "Thank you. Our support team will look into it" in page.content()
    assert_no_horizontal_scroll(page)
    screenshot(page, "dispute-3-sent")

    dispute = Dispute.objects.get()
    assert (dispute.kind, dispute.state, dispute.line.product.sku) == ("short_receipt", "open", "TSHIRT-M")
    assert ReturnEvent.objects.filter(action="dispute_opened", actor=alice.user).count() == 1

    login_as(browser_context, live_server, sam)
    page.goto(f"{live_server.url}/support/queues/disputes/")
    row = page.locator(f'tr[data-row="DSP{dispute.pk}"]')
    assert short_return.rma_number in row.inner_text() and "I packed both T-shirts" in row.inner_text()
    screenshot(page, "dispute-4-support-queue")
