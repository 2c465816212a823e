"""The console's queues and decisions through HTTP, on PostgreSQL, as an agent would use them."""
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from inspection.models import ParcelStatus, ReceivingDiscrepancy, UnidentifiedParcel
from integrations.models import OdooPosting, PostingKind, PostingState
from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnRequest
from support import sla
from tests.factories import make_order, make_product
from tests.support.builders import inspected_return, pending_exception

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(sam):
    client = Client()
    client.force_login(sam)
    return client


def decide(client, ret, action, reason="", note="", expected=None):
    data = {f"{action}-reason": reason, f"{action}-note": note}
    if expected is not None:
        data[f"{action}-expected_total"] = expected
    return client.post(f"/support/returns/{ret.rma_number}/decide/{action}/", data)


def test_sla_bands_follow_the_settings(settings):
    settings.RETURNFLOW = {**settings.RETURNFLOW, "SLA_WARN_HOURS": 24, "SLA_BREACH_HOURS": 48}
    now = timezone.now()
    assert sla.band(now - timedelta(hours=23, minutes=59), now) == sla.OK
    assert sla.band(now - timedelta(hours=24), now) == sla.WARN
    assert sla.band(now - timedelta(hours=48), now) == sla.BREACH


def test_the_exception_queue_lists_counts_ages_and_filters(agent, alice, bob, settings):
    mine, theirs = pending_exception(alice), pending_exception(bob)
    home = agent.get("/support/").content.decode()
    assert 'data-testid="count-exceptions">2<' in home

    page = agent.get("/support/queues/exceptions/").content.decode()
    assert mine.rma_number in page and theirs.rma_number in page and "sla-row-ok" in page
    assert "return window closed" in page  # the rule that sent it to a person

    only_bob = agent.get("/support/queues/exceptions/", {"q": "bob"}).content.decode()
    assert theirs.rma_number in only_bob and mine.rma_number not in only_bob
    by_rma = agent.get("/support/queues/exceptions/", {"q": mine.rma_number}).content.decode()
    assert mine.rma_number in by_rma and theirs.rma_number not in by_rma
    by_order = agent.get("/support/queues/exceptions/", {"q": mine.order.number}).content.decode()
    assert mine.rma_number in by_order and theirs.rma_number not in by_order

    settings.RETURNFLOW = {**settings.RETURNFLOW, "SLA_WARN_HOURS": 0, "SLA_BREACH_HOURS": 0}
    late = agent.get("/support/queues/exceptions/", {"sla": "breach"}).content.decode()
    assert "sla-row-breach" in late and mine.rma_number in late
    assert mine.rma_number not in agent.get("/support/queues/exceptions/", {"sla": "ok"}).content.decode()


def test_an_agent_approves_an_exception_with_a_reason_and_the_customer_is_told(
        agent, alice, sam, django_capture_on_commit_callbacks):
    ret = pending_exception(alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(agent, ret, "approve", "goodwill", "Hospital letter seen.")
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.AUTHORIZED
    event = ReturnEvent.objects.get(return_request=ret, action="approve")
    assert (event.actor, event.reason, event.note) == (sam, "goodwill", "Hospital letter seen.")
    assert [m.to for m in mail.outbox] == [[alice.email]]  # one e-mail, from the portal's transition hook


def test_a_decision_without_a_reason_code_changes_nothing(agent, alice):
    ret = pending_exception(alice)
    response = decide(agent, ret, "approve", "", "no reason")
    assert response.status_code == 400
    assert "Choose a reason code" in response.content.decode()
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.PENDING_APPROVAL


def test_a_rejection_needs_a_note(agent, alice, django_capture_on_commit_callbacks):
    ret = pending_exception(alice)
    assert decide(agent, ret, "reject", "outside_policy", "").status_code == 400
    assert decide(agent, ret, "reject", "goodwill", "x").status_code == 400  # not a refusal reason
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.PENDING_APPROVAL
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert decide(agent, ret, "reject", "outside_policy", "Four months late.").status_code == 302
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REJECTED
    assert ReturnEvent.objects.get(return_request=ret, action="reject").reason == "outside_policy"
    assert len(mail.outbox) == 1


def test_a_stale_page_gets_a_clear_409(agent, alice, sue):
    from returns.services.lifecycle import return_reject

    ret = pending_exception(alice)

    return_reject(return_id=ret.pk, actor=sue, reason="duplicate", note="Same as the other one")
    response = decide(agent, ret, "approve", "goodwill")
    assert response.status_code == 409
    assert "Cannot approve a return that is rejected" in response.content.decode()


def test_an_agent_releases_a_refund_and_the_credit_note_carries_the_breakdown(agent, alice, ivan):
    order = make_order(alice, [(make_product(), 2, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert 'data-testid="refund-total"><strong>48.40<' in page and "Refunds to release" not in page

    assert ret.rma_number in agent.get("/support/queues/refund-release/").content.decode()
    response = decide(agent, ret, "release_refund", "within_policy_after_review", expected="48.40")
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.REFUND_APPROVED
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.CREDIT_NOTE)
    assert posting.payload["expected_total"] == "48.40"
    assert ret.refund.breakdown["total"] == "48.40" and ret.refund.released_by.username == "sam"


def test_changed_figures_are_not_released(agent, alice, ivan):
    order = make_order(alice, [(make_product(), 2, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    response = decide(agent, ret, "release_refund", "within_policy_after_review", expected="99.00")
    assert response.status_code == 409
    assert "changed from 99.00 to 48.40" in response.content.decode()
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.INSPECTED


def test_notes_are_audited_and_shown_to_agents_only(agent, alice, sam):
    ret = pending_exception(alice)
    assert agent.post(f"/support/returns/{ret.rma_number}/notes/", {"text": "Called the customer."}).status_code == 302
    event = ReturnEvent.objects.get(return_request=ret, action="note")
    assert (event.actor, event.note, event.data) == (sam, "Called the customer.", {"visibility": "staff"})
    assert "Called the customer." in agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert agent.post(f"/support/returns/{ret.rma_number}/notes/", {"text": "  "}).status_code == 400
    from portal.timeline import STEPS

    assert "note" not in STEPS  # the customer's timeline has no step for agents' notes


def test_a_failed_posting_is_listed_and_retried(agent, alice, ivan, sam):
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    posting = OdooPosting.objects.filter(request=ret, kind=PostingKind.RECEIPT).get()
    OdooPosting.objects.filter(pk=posting.pk).update(state=PostingState.FAILED, last_error="Location not found")
    page = agent.get("/support/queues/postings/").content.decode()
    assert posting.reference in page and "Location not found" in page
    response = agent.post(f"/support/postings/{posting.pk}/retry/", {"next": "/support/queues/postings/"})
    assert response.status_code == 302 and response["Location"] == "/support/queues/postings/"
    posting.refresh_from_db()
    assert posting.state == PostingState.PENDING
    assert ReturnEvent.objects.get(return_request=ret, action="posting_retry").actor == sam
    again = agent.post(f"/support/postings/{posting.pk}/retry/", {"next": "https://evil.example/"})
    assert again["Location"] == f"/support/returns/{ret.rma_number}/"  # no open redirect, nothing retried


def test_receipt_mismatches_and_unidentified_parcels_are_queued_and_resolved(agent, alice, ivan, sam):
    ret = pending_exception(alice)
    mismatch = ReceivingDiscrepancy.objects.create(return_request=ret, kind="short", expected_quantity=2,
                                                   received_quantity=1, created_by=ivan, note="Box half empty")
    parcel = UnidentifiedParcel.objects.create(carrier="DHL", tracking_number="JD99", note="No label", created_by=ivan)
    assert "Box half empty" in agent.get("/support/queues/mismatches/").content.decode()
    assert "JD99" in agent.get("/support/queues/parcels/").content.decode()

    assert agent.post(f"/support/mismatches/{mismatch.pk}/resolve/", {"note": "Customer kept one"}).status_code == 302
    mismatch.refresh_from_db()
    assert mismatch.resolved_by == sam and mismatch.resolution_note == "Customer kept one"
    assert ReturnEvent.objects.filter(return_request=ret, action="discrepancy_resolved").exists()

    bad = agent.post(f"/support/parcels/{parcel.pk}/resolve/", {"outcome": "match", "rma_number": "RMA-NOPE",
                                                                "note": "x"})
    assert bad.status_code == 400 and "existing return" in bad.content.decode()
    ok = agent.post(f"/support/parcels/{parcel.pk}/resolve/", {"outcome": "match", "rma_number": ret.rma_number,
                                                               "note": "Tracking matches"})
    assert ok.status_code == 302
    parcel.refresh_from_db()
    assert parcel.status == ParcelStatus.MATCHED and parcel.matched_return == ret
    assert "JD99" not in agent.get("/support/queues/parcels/").content.decode()


def test_the_refund_method_can_switch_to_store_credit_before_release(agent, alice, ivan):
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    response = agent.post(f"/support/returns/{ret.rma_number}/refund-method/",
                          {"method": "store_credit", "note": "Customer asked by phone"})
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.refund_method == "store_credit"
    page = agent.get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert "The customer gets store credit, not money back." in page
    event = ReturnEvent.objects.get(return_request=ret, action="refund_method_changed")
    assert event.data == {"before": "original_payment", "after": "store_credit"}


def test_search_finds_a_return_in_any_state(agent, alice):
    ret = pending_exception(alice)
    page = agent.get("/support/search/", {"q": alice.email}).content.decode()
    assert ret.rma_number in page
