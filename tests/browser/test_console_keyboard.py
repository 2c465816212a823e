"""An agent works five exceptions with the keyboard alone (1440×900): j/k, Enter, m, a, Ctrl+Enter, ?."""
import pytest

from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnRequest
from support.models import Assignment
from tests.browser.conftest import DESKTOP, login_as, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.viewport(DESKTOP)
def test_five_exceptions_assigned_and_approved_with_the_keyboard_alone(page, browser_context, live_server, alice,
                                                                      bob, sam):
    from tests.support.builders import pending_exception

    five = [pending_exception(alice if i % 2 else bob) for i in range(5)]
    login_as(browser_context, live_server, sam)
    page.goto(live_server.url + "/support/queues/exceptions/")

    page.keyboard.press("?")
    help_dialog = page.get_by_test_id("keyboard-help")
    assert help_dialog.is_visible() and "Next / previous row" in help_dialog.inner_text()
    screenshot(page, "support-keyboard-help")
    page.keyboard.press("Escape")
    assert not help_dialog.is_visible()

    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")  # back to the first row
    first_row = page.locator("table[data-keyboard-list] tbody tr").first
    assert "is-current" in first_row.get_attribute("class")
    first_rma = first_row.get_attribute("data-row")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/support/returns/{first_rma}/")

    for number in range(5):
        rma = page.url.rstrip("/").rsplit("/", 1)[1]
        with page.expect_navigation():
            page.keyboard.press("m")  # assign to me
        assert "Assigned to" in page.get_by_test_id("assignee").inner_text()
        page.keyboard.press("a")  # to the approval's reason code
        focused = page.evaluate("document.activeElement.closest('form').dataset.decision")
        assert focused == "approve"
        page.keyboard.press("ArrowDown")  # the first reason: within policy after review
        with page.expect_navigation():
            page.keyboard.press("Control+Enter")
        assert page.get_by_test_id("state").inner_text() == "Authorized"
        if number == 0:
            screenshot(page, "support-keyboard-approved")
        if number < 4:
            page.keyboard.press("j")  # the next return of the queue
            page.wait_for_url(lambda url, rma=rma: rma not in url)

    for ret in five:
        ret = ReturnRequest.objects.get(pk=ret.pk)
        assert ret.state == ReturnStatus.AUTHORIZED
        assert Assignment.objects.get(return_request=ret).assignee == sam
        approval = ReturnEvent.objects.get(return_request=ret, action="approve")
        assert (approval.actor, approval.reason) == (sam, "within_policy_after_review")

    page.goto(live_server.url + "/support/queues/exceptions/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
