"""Finance rejects or sends back a refund proposal, the proposer withdraws their own: each a real
transition back to `inspected`, audited, with the proposer cleared; nobody decides on their own."""
from decimal import Decimal

import pytest
from django.test import Client

from refunds.models import Refund, RefundStatus
from returns.choices import RefundMethod, ReturnStatus
from returns.errors import InvalidReturnRequest, ReturnPermissionDenied, TransitionGuardFailed
from returns.models import ReturnEvent, ReturnRequest
from returns.services.lifecycle import (return_approve_refund, return_release_refund,
                                        return_request_refund_approval)
from returns.services.refund_proposals import (refund_proposal_reject, refund_proposal_send_back,
                                               refund_proposal_withdraw)
from tests.factories import make_order, make_product
from tests.support.builders import inspected_return

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(alice, ivan, sam, settings):
    """A 96.80 refund above a lowered two-person limit, proposed by Sam (support)."""
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TWO_PERSON_REFUND_THRESHOLD": 10}
    order = make_order(alice, [(make_product(), 1, "80.00")])
    ret = inspected_return(order, alice.user, ivan)
    return return_request_refund_approval(return_id=ret.pk, actor=sam, reason="within_policy_after_review")


def fresh(ret):
    return ReturnRequest.objects.get(pk=ret.pk)


def last_event(ret):
    return ReturnEvent.objects.filter(return_request=ret).order_by("-pk").first()


def test_finance_sends_a_proposal_back_with_a_note(proposed, fiona, sam):
    assert Refund.objects.get(return_request=proposed).status == RefundStatus.PROPOSED
    with pytest.raises(InvalidReturnRequest) as missing:
        refund_proposal_send_back(return_id=proposed.pk, actor=fiona, note="  ")
    assert missing.value.details == {"note": "Required: say why, for the agent who proposed the refund."}
    assert fresh(proposed).state == ReturnStatus.REFUND_PENDING_APPROVAL

    ret = refund_proposal_send_back(return_id=proposed.pk, actor=fiona, note="Attach the courier's photo first.")
    assert ret.state == ReturnStatus.INSPECTED and fresh(ret).refund_proposed_by is None
    event = last_event(ret)
    assert (event.action, event.actor, event.from_state, event.to_state, event.note) == (
        "send_back_refund_proposal", fiona, "refund_pending_approval", "inspected", "Attach the courier's photo first.")
    assert event.data["proposed_by"] == "sam" and event.data["amount"] == str(ret.refund_amount)
    refund = Refund.objects.get(return_request=ret)
    assert (refund.status, refund.proposed_by) == (RefundStatus.CALCULATED, None)
    # Sent back, not refused: the same refund may be proposed again as it is.
    again = return_request_refund_approval(return_id=ret.pk, actor=sam)
    assert again.state == ReturnStatus.REFUND_PENDING_APPROVAL and fresh(again).refund_proposed_by == sam


def test_a_rejection_needs_a_refusal_reason_and_a_note_and_refuses_the_same_refund_again(proposed, fiona, sam):
    with pytest.raises(InvalidReturnRequest) as wrong:
        refund_proposal_reject(return_id=proposed.pk, actor=fiona, reason="goodwill", note="")
    assert set(wrong.value.details) == {"reason", "note"}
    assert fresh(proposed).state == ReturnStatus.REFUND_PENDING_APPROVAL
    assert not ReturnEvent.objects.filter(return_request=proposed, action="reject_refund_proposal").exists()

    ret = refund_proposal_reject(return_id=proposed.pk, actor=fiona, reason="outside_policy",
                                 note="Damage is the customer's: refund the item less the deduction.")
    assert ret.state == ReturnStatus.INSPECTED and fresh(ret).refund_proposed_by is None
    assert last_event(ret).reason == "outside_policy"

    # The rejected refund cannot come back unchanged, neither as a proposal nor as a release.
    for attempt in (return_request_refund_approval, return_release_refund):
        with pytest.raises(TransitionGuardFailed) as refused:
            attempt(return_id=ret.pk, actor=sam)
        assert "Finance rejected this refund as it stands" in refused.value.message
    assert fresh(ret).state == ReturnStatus.INSPECTED

    # Changing the method changes the refund: it can be proposed again.
    ReturnRequest.objects.filter(pk=ret.pk).update(refund_method=RefundMethod.STORE_CREDIT)
    assert return_request_refund_approval(return_id=ret.pk, actor=sam).state == ReturnStatus.REFUND_PENDING_APPROVAL


def test_the_proposer_withdraws_their_own_and_nobody_else_can(proposed, fiona, sam, sue):
    for outsider in (fiona, sue):  # finance rejects or sends back; another agent has nothing to withdraw
        with pytest.raises(ReturnPermissionDenied):
            refund_proposal_withdraw(return_id=proposed.pk, actor=outsider)
    ret = refund_proposal_withdraw(return_id=proposed.pk, actor=sam, note="Wrong method, correcting it.")
    assert ret.state == ReturnStatus.INSPECTED and fresh(ret).refund_proposed_by is None
    assert last_event(ret).action == "withdraw_refund_proposal"


def test_finance_never_rejects_or_sends_back_their_own_proposal(alice, ivan, fiona, frank, sam, settings):
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TWO_PERSON_REFUND_THRESHOLD": 10}
    ret = inspected_return(make_order(alice, [(make_product(), 1, "80.00")]), alice.user, ivan)
    return_request_refund_approval(return_id=ret.pk, actor=fiona)
    events = ReturnEvent.objects.filter(return_request=ret).count()
    with pytest.raises(ReturnPermissionDenied):
        return_approve_refund(return_id=ret.pk, actor=fiona)
    with pytest.raises(ReturnPermissionDenied):
        refund_proposal_reject(return_id=ret.pk, actor=fiona, reason="outside_policy", note="Mine, but no.")
    with pytest.raises(ReturnPermissionDenied):
        refund_proposal_send_back(return_id=ret.pk, actor=fiona, note="Mine, look again.")
    # Support may propose and withdraw, but never decide on a proposal (no finance permission).
    with pytest.raises(ReturnPermissionDenied):
        refund_proposal_send_back(return_id=ret.pk, actor=sam, note="Not mine to decide.")
    assert ReturnEvent.objects.filter(return_request=ret).count() == events
    assert fresh(ret).state == ReturnStatus.REFUND_PENDING_APPROVAL
    # Fiona withdraws her own instead; Frank, a second finance user, could have decided.
    assert refund_proposal_withdraw(return_id=ret.pk, actor=fiona).state == ReturnStatus.INSPECTED
    return_request_refund_approval(return_id=ret.pk, actor=fiona)
    assert refund_proposal_send_back(return_id=ret.pk, actor=frank, note="Check the grade.").state == "inspected"


def page(user, ret):
    client = Client()
    client.force_login(user)
    return client, client.get(f"/support/returns/{ret.rma_number}/").content.decode()


def test_the_console_offers_each_decision_to_the_right_person_and_shows_why_it_came_back(proposed, fiona, sam):
    _client, for_sam = page(sam, proposed)
    assert 'data-decision="withdraw_refund_proposal"' in for_sam
    assert 'data-decision="reject_refund_proposal"' not in for_sam
    client, for_fiona = page(fiona, proposed)
    assert 'data-decision="reject_refund_proposal"' in for_fiona
    assert 'data-decision="send_back_refund_proposal"' in for_fiona
    assert 'data-decision="withdraw_refund_proposal"' not in for_fiona

    # A send-back without a note is refused with the form error, and nothing changes.
    url = f"/support/returns/{proposed.rma_number}/decide/send_back_refund_proposal/"
    empty = client.post(url, {"send_back_refund_proposal-note": ""})
    assert empty.status_code == 400 and fresh(proposed).state == ReturnStatus.REFUND_PENDING_APPROVAL
    sent = client.post(url, {"send_back_refund_proposal-note": "The photo of the box is missing."})
    assert sent.status_code == 302 and fresh(proposed).state == ReturnStatus.INSPECTED

    _client, for_sam = page(sam, proposed)
    assert "Sent back by fiona" in for_sam and "The photo of the box is missing." in for_sam
    sam_client = Client()
    sam_client.force_login(sam)
    queue = sam_client.get("/support/queues/refund-release/").content.decode()
    assert "Sent back by fiona" in queue and "The photo of the box is missing." in queue


def test_the_admin_offers_no_back_door(proposed, settings):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1234")
    client = Client()
    client.force_login(root)
    changelist = client.get("/admin/returns/returnrequest/").content.decode()
    assert "refund_proposal" not in changelist
    # The state is read-only there: a POST that tries to set it changes nothing.
    client.post(f"/admin/returns/returnrequest/{proposed.pk}/change/", {"state": "inspected"})
    assert fresh(proposed).state == ReturnStatus.REFUND_PENDING_APPROVAL
    assert Decimal(fresh(proposed).refund_amount) > 10


def test_a_rejection_in_the_console_shows_the_proposer_what_now(proposed, fiona, sam):
    client, _page = page(fiona, proposed)
    url = f"/support/returns/{proposed.rma_number}/decide/reject_refund_proposal/"
    no_reason = client.post(url, {"reject_refund_proposal-note": "Too much."})
    assert no_reason.status_code == 400 and fresh(proposed).state == ReturnStatus.REFUND_PENDING_APPROVAL
    assert "Too much." in no_reason.content.decode()  # what was typed is kept
    done = client.post(url, {"reject_refund_proposal-reason": "outside_policy",
                             "reject_refund_proposal-note": "Worn item: store credit at most."})
    assert done.status_code == 302 and fresh(proposed).state == ReturnStatus.INSPECTED

    _client, for_sam = page(sam, proposed)
    assert "Rejected by fiona" in for_sam and "Outside policy" in for_sam
    assert "Worn item: store credit at most." in for_sam
    assert "Finance rejected this refund as it stands" in for_sam  # the blocked decision says why
    assert 'data-decision="request_refund_approval"' not in for_sam
