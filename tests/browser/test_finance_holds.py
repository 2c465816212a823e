"""Finance and holds in headless Chromium on a 1440×900 desktop: finance sends a refund proposal back
and the agent sees the note; a carrier claim blocks the refund until it is resolved."""
from datetime import timedelta

import pytest
from django.utils import timezone

from returns.choices import ReturnStatus
from returns.models import CarrierClaim, ReturnEvent, ReturnRequest
from tests.browser.conftest import DESKTOP, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def state_of(ret):
    return ReturnRequest.objects.get(pk=ret.pk).state


@pytest.mark.viewport(DESKTOP)
def test_finance_sends_a_proposal_back_and_the_agent_sees_the_note(page, browser_context, live_server, alice, ivan,
                                                                  sam, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TWO_PERSON_REFUND_THRESHOLD": 10}
    from returns.roles import FINANCE
    from returns.services.lifecycle import return_request_refund_approval
    from tests.factories import make_order, make_product, make_user
    from tests.support.builders import inspected_return

    frank = make_user("frank", FINANCE, first_name="Frank")
    ret = inspected_return(make_order(alice, [(make_product(name="Rain jacket, M"), 1, "80.00")]), alice.user, ivan)
    return_request_refund_approval(return_id=ret.pk, actor=sam, reason="within_policy_after_review")

    login_as(browser_context, live_server, frank)
    page.goto(live_server.url + "/support/queues/refund-approval/")
    page.locator(f'tr[data-row="{ret.rma_number}"]').get_by_role("link", name=ret.rma_number).click()
    form = page.locator('form[data-decision="send_back_refund_proposal"]')
    assert form.is_visible() and page.locator('form[data-decision="reject_refund_proposal"]').is_visible()
    screenshot(page, "finance-proposal-decisions")
    form.get_by_role("button", name="Send back to the agent").click()  # no note: the browser refuses (required)
    assert state_of(ret) == ReturnStatus.REFUND_PENDING_APPROVAL
    form.get_by_label("Note").fill("The grade B deduction is missing: check the scuffed sleeve photo.")
    form.get_by_role("button", name="Send back to the agent").click()
    page.wait_for_load_state()
    assert "proposal sent back to the agent" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("state").inner_text() == "Inspected"
    assert state_of(ret) == ReturnStatus.INSPECTED
    assert ReturnEvent.objects.get(return_request=ret, action="send_back_refund_proposal").actor == frank

    # The agent sees in the release queue, then on the return, that it came back, from whom and why.
    page.context.clear_cookies()
    login_as(browser_context, live_server, sam)
    page.goto(live_server.url + "/support/queues/refund-release/")
    row = page.locator(f'tr[data-row="{ret.rma_number}"]')
    assert "Sent back by Frank: The grade B deduction is missing" in row.inner_text()
    screenshot(page, "agent-release-queue-sent-back")
    row.get_by_role("link", name=ret.rma_number).click()
    came_back = page.get_by_test_id("proposal-came-back")
    assert "Sent back by Frank" in came_back.inner_text()
    assert came_back.get_by_test_id("proposal-note").inner_text() == \
        "The grade B deduction is missing: check the scuffed sleeve photo."
    assert page.locator('form[data-decision="request_refund_approval"]').is_visible()  # may propose again
    screenshot(page, "agent-detail-sent-back")


@pytest.mark.viewport(DESKTOP)
def test_a_carrier_claim_blocks_the_refund_until_resolved(page, browser_context, live_server, alice, ivan, sam,
                                                          settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from tests.factories import make_order, make_product
    from tests.support.builders import inspected_return

    ret = inspected_return(make_order(alice, [(make_product(name="Desk lamp"), 1, "40.00")]), alice.user, ivan)
    login_as(browser_context, live_server, sam)
    page.goto(f"{live_server.url}/support/returns/{ret.rma_number}/")
    assert page.locator('form[data-decision="release_refund"]').is_visible()

    section = page.get_by_test_id("carrier-claims")
    section.get_by_text("Open a carrier claim").click()
    claim_form = section.get_by_test_id("claim-open-form")
    claim_form.get_by_label("Damaged or lost").select_option("damaged")
    claim_form.get_by_label("Carrier", exact=True).fill("DHL")
    claim_form.get_by_label("Claim reference").fill("DHL-CLM-4471")
    due = timezone.localdate() + timedelta(days=7)
    claim_form.get_by_label("Carrier answers by").fill(due.isoformat())
    claim_form.get_by_label("Amount claimed").fill("48.40")
    claim_form.get_by_label("What happened to the parcel").fill("Box crushed on one corner, lamp shade dented.")
    claim_form.get_by_role("button", name="Open the claim").click()
    page.wait_for_load_state()
    assert "carrier claim opened" in page.locator(".messages").inner_text()
    claim = CarrierClaim.objects.get(return_request=ret)
    assert (claim.claim_reference, claim.due_date, claim.state) == ("DHL-CLM-4471", due, "open")

    # No release box while the claim is open: a disabled button says why.
    assert page.locator('form[data-decision="release_refund"]').count() == 0
    blocked = page.get_by_test_id("blocked-action")
    assert "On hold: a carrier claim with DHL (DHL-CLM-4471" in blocked.inner_text()
    assert blocked.get_by_role("button").is_disabled()
    screenshot(page, "support-detail-carrier-claim-open")

    page.goto(live_server.url + "/support/queues/carrier-claims/")
    row = page.locator(f'tr[data-row="CLM{claim.pk}"]')
    assert "DHL-CLM-4471" in row.inner_text() and f"Due {due.isoformat()}" in row.inner_text()
    screenshot(page, "support-queue-carrier-claims")
    row.get_by_role("link", name=ret.rma_number).click()

    resolve = page.get_by_test_id("claim-resolve-form")
    resolve.get_by_label("Outcome").select_option("paid")
    resolve.get_by_label("What the carrier answered").fill("DHL accepted the claim.")
    resolve.get_by_role("button", name="Resolve the claim").click()  # paid without an amount: a form error
    page.wait_for_load_state()
    assert "Enter what the carrier paid." in page.get_by_test_id("claim-resolve-form").inner_text()
    assert CarrierClaim.objects.get(pk=claim.pk).state == "open"
    resolve = page.get_by_test_id("claim-resolve-form")
    assert resolve.get_by_label("What the carrier answered").input_value() == "DHL accepted the claim."
    resolve.get_by_label("Amount recovered (when paid)").fill("48.40")
    resolve.get_by_role("button", name="Resolve the claim").click()
    page.wait_for_load_state()
    assert "carrier claim resolved" in page.locator(".messages").inner_text()

    # Resolved: the release box is back and the refund goes out.
    form = page.locator('form[data-decision="release_refund"]')
    form.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("state").inner_text() == "Refund released"
    assert state_of(ret) == ReturnStatus.REFUND_APPROVED
    screenshot(page, "support-detail-carrier-claim-resolved")
