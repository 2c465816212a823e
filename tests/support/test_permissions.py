"""Who may use the console and take which decision: pages answer 403, services refuse on their own."""
import pytest
from django.test import Client

from inspection.holds import line_hold_release
from returns.choices import ReturnStatus
from returns.errors import ReturnPermissionDenied
from returns.models import ReturnEvent, ReturnRequest
from returns.services.lifecycle import (return_approve, return_approve_refund, return_release_refund,
                                        return_request_refund_approval)
from returns.services.notes import note_add
from support import services
from tests.factories import make_order, make_product
from tests.support.builders import held_return, inspected_return, pending_exception

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def pages(ret):
    rma = ret.rma_number
    return ["/support/", "/support/queues/exceptions/", f"/support/returns/{rma}/", "/support/dashboard/",
            f"/support/returns/{rma}/evidence.pdf", f"/support/returns/{rma}/evidence.zip", "/support/search/?q=RMA"]


@pytest.mark.parametrize("who", ["ivan", "alice"])
def test_inspectors_and_customers_get_403_on_every_page_and_action(who, request, alice):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    ret = pending_exception(alice)
    client = client_for(user)
    for url in pages(ret):
        assert client.get(url).status_code == 403, url
    response = client.post(f"/support/returns/{ret.rma_number}/decide/approve/",
                           {"approve-reason": "goodwill", "approve-note": ""})
    assert response.status_code == 403
    assert client.post(f"/support/returns/{ret.rma_number}/notes/", {"text": "hi"}).status_code == 403
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.PENDING_APPROVAL
    assert not ReturnEvent.objects.filter(return_request=ret, action__in=["approve", "note"]).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(alice):
    ret = pending_exception(alice)
    for url in pages(ret):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_support_and_finance_can_open_the_console(sam, fiona, alice):
    ret = pending_exception(alice)
    for user in (sam, fiona):
        assert client_for(user).get(f"/support/returns/{ret.rma_number}/").status_code == 200


def test_services_refuse_inspectors_and_customers(alice, ivan, sam):
    ret = pending_exception(alice)
    for actor in (ivan, alice.user):
        with pytest.raises(ReturnPermissionDenied):
            return_approve(return_id=ret.pk, actor=actor, reason="goodwill")
        with pytest.raises(ReturnPermissionDenied):
            note_add(return_id=ret.pk, actor=actor, text="no")
    order = make_order(alice, [(make_product(), 1, "20.00")])
    inspected = inspected_return(order, alice.user, ivan)
    for actor in (ivan, alice.user):
        with pytest.raises(ReturnPermissionDenied):
            return_release_refund(return_id=inspected.pk, actor=actor)
        with pytest.raises(ReturnPermissionDenied):
            services.refund_recalculate(return_id=inspected.pk, actor=actor)
    assert ReturnRequest.objects.get(pk=inspected.pk).state == ReturnStatus.INSPECTED


def test_the_inspector_of_a_line_cannot_approve_its_hold(alice, wanda, sue):
    """Wanda inspects (she is an inspector and an agent); her own hold needs someone else."""
    ret, line = held_return(alice, wanda, sue)
    url = f"/support/returns/{ret.rma_number}/lines/{line.pk}/hold/approve/"
    data = {f"hold-{line.pk}-approve-reason": "within_policy_after_review", f"hold-{line.pk}-approve-note": ""}
    page = client_for(wanda).get(f"/support/returns/{ret.rma_number}/")
    assert "You inspected this line yourself" in page.content.decode()
    response = client_for(wanda).post(url, data)
    assert response.status_code == 403
    assert "segregation of duties" in response.content.decode()
    line.refresh_from_db()
    assert line.hold_reason
    with pytest.raises(ReturnPermissionDenied):
        line_hold_release(line_id=line.pk, actor=wanda, decision="approve", reason="goodwill")

    assert client_for(sue).post(url, {f"hold-{line.pk}-approve-reason": "within_policy_after_review",
                                      f"hold-{line.pk}-approve-note": "Serial checked"}).status_code == 302
    line.refresh_from_db()
    assert not line.hold_reason
    event = ReturnEvent.objects.get(return_request=ret, action="line_hold_approved")
    assert event.actor == sue and event.reason == "within_policy_after_review" and event.note == "Serial checked"


def test_the_proposer_cannot_approve_a_two_person_refund(alice, ivan, fiona, frank, settings):
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TWO_PERSON_REFUND_THRESHOLD": 10}
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    detail = f"/support/returns/{ret.rma_number}/"
    page = client_for(fiona).get(detail).content.decode()
    assert "Release the refund" not in page and "Propose the refund for finance approval" in page

    proposed = client_for(fiona).post(detail + "decide/request_refund_approval/", {
        "request_refund_approval-reason": "within_policy_after_review",
        "request_refund_approval-expected_total": "24.20"})
    assert proposed.status_code == 302
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REFUND_PENDING_APPROVAL

    page = client_for(fiona).get(detail).content.decode()
    assert "You proposed this refund" in page
    refused = client_for(fiona).post(detail + "decide/approve_refund/", {
        "approve_refund-reason": "within_policy_after_review", "approve_refund-expected_total": "24.20"})
    assert refused.status_code == 403 and "two-person rule" in refused.content.decode()
    with pytest.raises(ReturnPermissionDenied):
        return_approve_refund(return_id=ret.pk, actor=fiona)
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REFUND_PENDING_APPROVAL

    approved = client_for(frank).post(detail + "decide/approve_refund/", {
        "approve_refund-reason": "within_policy_after_review", "approve_refund-expected_total": "24.20"})
    assert approved.status_code == 302
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REFUND_APPROVED


def test_a_support_agent_cannot_approve_a_refund_waiting_for_finance(alice, ivan, sam, settings):
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TWO_PERSON_REFUND_THRESHOLD": 10}
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    return_request_refund_approval(return_id=ret.pk, actor=sam)
    response = client_for(sam).post(f"/support/returns/{ret.rma_number}/decide/approve_refund/", {
        "approve_refund-reason": "goodwill", "approve_refund-expected_total": "24.20"})
    assert response.status_code == 403
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REFUND_PENDING_APPROVAL
    page = client_for(sam).get(f"/support/returns/{ret.rma_number}/").content.decode()
    assert "Waiting for a finance colleague" in page


def test_agents_notes_never_reach_the_customer_through_the_api(alice, sam, api):
    ret = pending_exception(alice)
    note_add(return_id=ret.pk, actor=sam, text="Suspicious: third return this month.")
    api.force_authenticate(alice.user)
    body = api.get(f"/api/returns/{ret.rma_number}/")
    # The customer's serializer has a public timeline, not the audit trail.
    assert "events" not in body.json() and body.json()["timeline"]
    assert all(entry["action"] != "note" for entry in body.json()["timeline"])
    assert "Suspicious" not in body.content.decode()
    api.force_authenticate(sam)
    assert any(event["action"] == "note" for event in api.get(f"/api/returns/{ret.rma_number}/").json()["events"])
