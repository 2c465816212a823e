"""At 1440×900: a bulk reject of three with per-item audit, a saved view, and a reply from a macro that
appears in the timeline and in the sent mail."""
import pytest
from django.core import mail

from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnRequest
from support.models import SavedView
from tests.browser.conftest import DESKTOP, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.viewport(DESKTOP)
def test_bulk_reject_saved_view_and_a_reply_from_a_macro(page, browser_context, live_server, alice, bob, sam):
    from tests.support.builders import ensure_default_macros, pending_exception

    ensure_default_macros()
    three = [pending_exception(alice), pending_exception(bob), pending_exception(alice)]
    login_as(browser_context, live_server, sam)
    page.goto(live_server.url + "/support/queues/exceptions/")

    page.get_by_label("Select every row on this page").check()
    assert page.locator("[data-bulk-count]").inner_text() == "3"
    screenshot(page, "support-queue-bulk-bar")
    bulk = page.get_by_test_id("bulk-form")
    bulk.get_by_label("Reason code").nth(1).select_option("outside_policy")
    bulk.get_by_label("Note (required to reject; one for all)").fill("Outside the window, no reason given.")
    with page.expect_navigation():
        bulk.get_by_role("button", name="Reject selected").click()
    assert page.get_by_test_id("bulk-summary").inner_text() == "3 done, 0 refused."
    screenshot(page, "support-bulk-reject-result")
    for ret in three:
        assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REJECTED
        assert ReturnEvent.objects.filter(return_request=ret, action="reject", actor=sam).count() == 1

    page.goto(live_server.url + "/support/queues/exceptions/?q=alice")
    page.get_by_text("Save these filters as a view").click()
    page.get_by_label("Name", exact=True).fill("Alice's requests")
    with page.expect_navigation():
        page.get_by_role("button", name="Save view").click()
    assert page.get_by_test_id("my-view").inner_text() == "Alice's requests"
    assert SavedView.objects.get(owner=sam).query == "q=alice"

    ret = three[0]
    mail.outbox.clear()
    page.goto(live_server.url + f"/support/returns/{ret.rma_number}/")
    page.get_by_label("Start from a macro").select_option(label="Photos needed")
    assert "{customer_name}" in page.get_by_label("Message to the customer").input_value()  # filled by the script
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the customer").click()
    reply = page.locator('li[data-action="customer_reply"]')
    assert "Hello Alice," in reply.inner_text() and reply.get_by_test_id("delivery-state").inner_text().startswith("Sent")
    screenshot(page, "support-reply-in-timeline")
    [sent] = mail.outbox
    assert sent.to == [alice.email] and sent.subject == f"Photos for your return {ret.rma_number}"
