"""A support agent's day in headless Chromium: queues, exceptions, a held line, a refund, the dashboard."""
import pytest

from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnRequest
from tests.browser.conftest import DESKTOP, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def decide(page, action, reason, note=""):
    form = page.locator(f'form[data-decision="{action}"]').first
    form.get_by_label("Reason code").select_option(reason)
    if note:
        form.get_by_label("Note").fill(note)
    form.get_by_role("button").click()
    page.wait_for_load_state()


def state_of(ret):
    return ReturnRequest.objects.get(pk=ret.pk).state


@pytest.mark.viewport(DESKTOP)
def test_an_agent_works_the_queues_from_exception_to_refunded(page, browser_context, live_server, alice, bob, ivan,
                                                              sam, system_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from integrations.models import OdooPosting, PostingKind, PostingState
    from returns.roles import SUPPORT
    from returns.services.lifecycle import return_complete_inspection, return_mark_refunded
    from tests.factories import make_order, make_product, make_user
    from tests.support.builders import add_photo, held_return, inspected_return, pending_exception

    sue = make_user("sue", SUPPORT)
    approve_me, reject_me = pending_exception(alice), pending_exception(bob)
    held, held_line = held_return(bob, ivan, sue)
    add_photo(held, ivan, line=held_line)
    order = make_order(alice, [(make_product(name="Rain jacket, M"), 2, "45.00")])
    refund_me = inspected_return(order, alice.user, ivan, reason="defective", grades={order.lines.get(): "B"})
    receipt = OdooPosting.objects.get(request=refund_me, kind=PostingKind.RECEIPT)
    OdooPosting.objects.filter(pk=receipt.pk).update(state=PostingState.FAILED, last_error="Odoo: location not found")

    login_as(browser_context, live_server, sam)
    page.goto(live_server.url + "/support/")
    assert page.get_by_role("heading", name="Support console").is_visible()
    assert page.get_by_test_id("count-exceptions").inner_text() == "2"
    assert page.get_by_test_id("count-holds").inner_text() == "1"
    assert page.get_by_test_id("count-postings").inner_text() == "1"
    screenshot(page, "support-queues-overview")

    # Exceptions: approve one, reject the other, each with a reason code.
    page.get_by_role("link", name="Exception requests").first.click()
    page.wait_for_url("**/support/queues/exceptions/")
    assert page.locator(f'tr[data-row="{approve_me.rma_number}"]').is_visible()
    screenshot(page, "support-queue-exceptions")
    page.locator(f'tr[data-row="{approve_me.rma_number}"]').get_by_role("link", name=approve_me.rma_number).click()
    assert page.locator(".customer-words").get_by_text("I was in hospital, sorry.").is_visible()
    screenshot(page, "support-detail-exception")
    decide(page, "approve", "goodwill", "Hospital letter seen.")
    assert page.get_by_test_id("state").inner_text() == "Authorized"
    assert state_of(approve_me) == ReturnStatus.AUTHORIZED

    page.goto(f"{live_server.url}/support/returns/{reject_me.rma_number}/")
    form = page.locator('form[data-decision="reject"]')
    form.get_by_label("Reason code").select_option("outside_policy")
    form.get_by_role("button", name="Reject the request").click()  # no note: the browser refuses (required)
    assert state_of(reject_me) == ReturnStatus.PENDING_APPROVAL
    decide(page, "reject", "outside_policy", "Window closed four months ago.")
    assert page.get_by_test_id("state").inner_text() == "Rejected"
    assert ReturnEvent.objects.get(return_request=reject_me, action="reject").reason == "outside_policy"

    # A high-value line held at inspection: approved by an agent who did not inspect it.
    page.goto(live_server.url + "/support/queues/holds/")
    page.locator(f'tr[data-row="{held.rma_number}-L{held_line.pk}"]').get_by_role("link", name="Open").click()
    panel = page.locator(f'[data-hold-line="{held_line.pk}"]')
    assert "High value" in panel.inner_text()
    page.locator(".photo-link").first.click()
    assert page.locator("#photo-dialog").is_visible()
    screenshot(page, "support-detail-photo-large")
    page.locator("#photo-dialog").get_by_role("button", name="Close").click()
    screenshot(page, "support-detail-hold")
    decide(page, "approve", "within_policy_after_review", "Serial matches the shipment.")
    assert "inspection approved, hold released" in page.locator(".messages").inner_text()
    held_line.refresh_from_db()
    assert held_line.hold_reason == ""
    return_complete_inspection(return_id=held.pk, actor=ivan)
    assert state_of(held) == ReturnStatus.INSPECTED

    # A refund released from the queue; Odoo's confirmation then marks it refunded.
    page.goto(live_server.url + "/support/queues/refund-release/")
    page.locator(f'tr[data-row="{refund_me.rma_number}"]').get_by_role("link", name=refund_me.rma_number).click()
    total = page.get_by_test_id("refund-total").inner_text()
    # 2 × 45.00 + 21 % = 108.90; grade B deducts nothing; defective is our fault: shipping 5.99 back.
    assert total == "114.89"
    decide(page, "release_refund", "within_policy_after_review")
    assert page.get_by_test_id("state").inner_text() == "Refund released"
    assert state_of(refund_me) == ReturnStatus.REFUND_APPROVED
    screenshot(page, "support-detail-refund-released")
    return_mark_refunded(return_id=refund_me.pk, actor=system_user, credit_note_name="RINV/2026/00042")
    page.reload()
    assert page.get_by_test_id("state").inner_text() == "Refunded"
    assert page.locator('[data-action="mark_refunded"]').is_visible()

    page.goto(live_server.url + "/support/queues/postings/")
    assert "Odoo: location not found" in page.locator(f'tr[data-row="{receipt.reference}"]').inner_text()
    screenshot(page, "support-queue-postings")
    page.get_by_role("button", name="Retry").click()
    page.wait_for_load_state()
    assert "will be sent to Odoo again" in page.locator(".messages").inner_text()

    page.goto(live_server.url + "/support/dashboard/")
    assert page.locator('[data-chart="cycle-time"] svg').is_visible()
    assert page.locator('[data-chart="reasons-trend"] svg polyline').count() >= 1
    screenshot(page, "support-dashboard")


@pytest.mark.viewport(DESKTOP)
def test_finance_reviews_the_demo_data(page, browser_context, live_server, settings, tmp_path):
    """On the demo data: every queue and chart renders, and finance sees the two-person refund."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    finance = get_user_model().objects.get(username="finance")
    login_as(browser_context, live_server, finance)
    page.goto(live_server.url + "/support/")
    screenshot(page, "support-queues-demo")
    for link in page.locator(".queue-card > a").all():
        href = link.get_attribute("href")
        assert page.request.get(live_server.url + href).ok, href

    waiting = ReturnRequest.objects.filter(state=ReturnStatus.REFUND_PENDING_APPROVAL).first()
    page.goto(f"{live_server.url}/support/returns/{waiting.rma_number}/")
    assert page.locator('form[data-decision="approve_refund"]').is_visible() or \
        "You proposed this refund" in page.content()
    screenshot(page, "support-detail-refund-approval")

    page.goto(live_server.url + "/support/dashboard/")
    assert page.locator("svg.chart").count() >= 9
    screenshot(page, "support-dashboard-demo")
    with page.expect_download() as download:
        page.locator('[data-chart="rate-category"] .csv-link').click()
    assert download.value.suggested_filename.startswith("returnflow-rate-category-")
