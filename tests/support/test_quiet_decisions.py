"""Quieter decisions: no reason code for a routine release, one timeline entry per inspection,
blocked actions that look blocked and say why, no release box while a receipt mismatch is open."""
import pytest
from django.test import Client

from inspection.models import ReceivingDiscrepancy
from inspection.services import return_line_inspect
from returns.choices import ReturnStatus
from returns.errors import TransitionGuardFailed
from returns.models import ReturnEvent
from returns.services.lifecycle import return_approve, return_release_refund, return_start_inspection
from tests.factories import inspect_all, make_order, make_product, receive_all
from tests.support.builders import inspected_return, pending_exception

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(sam):
    client = Client()
    client.force_login(sam)
    return client


def release(client, ret, reason=""):
    return client.post(f"/support/returns/{ret.rma_number}/decide/release_refund/", {
        "release_refund-reason": reason, "release_refund-expected_total": str(ret.refund_amount)})


def test_a_routine_release_needs_no_reason_code(agent, alice, ivan, sam):
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert "None needed: routine release within policy" in page
    assert release(agent, ret).status_code == 302
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.REFUND_APPROVED
    event = ReturnEvent.objects.get(return_request=ret, action="release_refund")
    assert (event.actor, event.reason) == (sam, "")


def test_the_release_of_an_approved_exception_still_needs_its_reason(agent, alice, ivan, sam):
    ret = pending_exception(alice)
    return_approve(return_id=ret.pk, actor=sam, reason="goodwill")
    receive_all(ret, ivan)
    ret = inspect_all(ret, ivan)
    assert "None needed" not in agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert release(agent, ret).status_code == 400
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.INSPECTED
    assert release(agent, ret, "within_policy_after_review").status_code == 302


def test_repeated_autosaves_of_one_inspection_are_one_timeline_entry(agent, alice, ivan):
    from tests.factories import create_return

    order = make_order(alice, [(make_product(), 2, "20.00")])
    ret = create_return(order, alice.user)
    receive_all(ret, ivan)
    return_start_inspection(return_id=ret.pk, actor=ivan)
    line = ret.lines.get()
    for accepted in (0, 1, 2):  # the tablet saves as the inspector changes the form
        return_line_inspect(line_id=line.pk, actor=ivan, grade="A", disposition="restock", quantity_accepted=accepted)
    assert ReturnEvent.objects.filter(return_request=ret, action="line_inspected").count() == 3  # all audited

    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    timeline = page.split('id="timeline-h"')[1]
    assert timeline.count('data-action="line_inspected"') == 1
    entry = timeline.split('data-action="line_inspected"')[1].split("</li>")[0]
    assert "2 accepted" in entry and 'data-testid="autosaves">saved 3 times since' in entry


def test_a_blocked_release_looks_blocked_and_says_why(agent, alice, ivan, settings):
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TWO_PERSON_REFUND_THRESHOLD": 10}
    order = make_order(alice, [(make_product(), 1, "40.00")])
    ret = inspected_return(order, alice.user, ivan)
    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    blocked = page.split('data-testid="blocked-action"')[1].split("</div>")[0]
    assert 'disabled aria-disabled="true"' in blocked and "above the two-person limit of 10" in blocked


def test_no_release_box_while_a_receipt_mismatch_is_open(agent, alice, ivan, sam):
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    mismatch = ReceivingDiscrepancy.objects.create(return_request=ret, kind="short", expected_quantity=2,
                                                   received_quantity=1, created_by=ivan)
    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert 'data-decision="release_refund"' not in page and "1 receipt mismatch(es) still open" in page
    with pytest.raises(TransitionGuardFailed):  # and the service refuses it whatever the caller
        return_release_refund(return_id=ret.pk, actor=sam)
    assert release(agent, ret, "within_policy_after_review").status_code == 409  # a page sent anyway

    agent.post(f"/support/mismatches/{mismatch.pk}/resolve/", {"note": "Counted again: all there"})
    assert 'data-decision="release_refund"' in agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
