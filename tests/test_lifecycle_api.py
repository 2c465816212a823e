"""The whole lifecycle through the REST API, on PostgreSQL, as each role would drive it."""
from decimal import Decimal

import pytest

from integrations.models import OdooPosting, PostingKind
from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnRequest

pytestmark = pytest.mark.django_db


def post(api, user, url, data=None):
    api.force_authenticate(user)
    return api.post(url, data or {}, format="json")


def test_happy_path_from_request_to_closed(api, alice, alice_order, ivan, sam, system_user,
                                           django_capture_on_commit_callbacks):
    tshirt_line, jeans_line = alice_order.lines.all()
    with django_capture_on_commit_callbacks(execute=True):
        created = post(api, alice.user, "/api/returns/", {
            "order": alice_order.number,
            "lines": [{"order_line": tshirt_line.pk, "quantity": 2, "reason": "changed_mind"},
                      {"order_line": jeans_line.pk, "quantity": 1, "reason": "defective",
                       "condition_note": "Seam torn"}],
        })
    assert created.status_code == 201, created.content
    rma = created.json()["rma_number"]
    assert rma.startswith("RMA-") and created.json()["state"] == ReturnStatus.AUTHORIZED
    # The policy check is for agents: the customer's own view of the return does not carry it.
    assert "policy_results" not in created.json()
    assert all(r["outcome"] == "pass" for r in ReturnRequest.objects.get(rma_number=rma).policy_results)
    url = f"/api/returns/{rma}/"

    assert post(api, alice.user, url + "mark-shipped/",
                {"carrier": "DHL", "tracking_number": "JD0001"}).status_code == 200
    lines = {line["sku"]: line["id"] for line in created.json()["lines"]}
    received = post(api, ivan, url + "receive/", {"lines": [{"id": lines["TSHIRT-M"], "quantity_received": 2},
                                                             {"id": lines["JEANS-32"], "quantity_received": 1}]})
    assert received.json()["state"] == ReturnStatus.RECEIVED
    assert post(api, ivan, url + "start-inspection/").json()["state"] == ReturnStatus.INSPECTING
    post(api, ivan, url + f"lines/{lines['TSHIRT-M']}/inspect/",
         {"grade": "A", "disposition": "restock", "quantity_accepted": 2})
    from returns.models import ReturnLine
    from tests.factories import add_inspection_photo

    add_inspection_photo(ReturnLine.objects.get(pk=lines["JEANS-32"]), ivan)  # grade F needs photo evidence
    post(api, ivan, url + f"lines/{lines['JEANS-32']}/inspect/",
         {"grade": "F", "disposition": "vendor_return", "quantity_accepted": 1})
    inspected = post(api, ivan, url + "complete-inspection/")
    assert inspected.json()["state"] == ReturnStatus.INSPECTED
    # (2 × 20 + 60) × 1.21 = 121.00, plus the shipping 4.95 × 1.21 = 5.99 refunded because the jeans
    # are defective (the retailer's fault; the default policy refunds shipping then).
    assert Decimal(inspected.json()["refund_amount"]) == Decimal("126.99")

    released = post(api, sam, url + "release-refund/", {"note": "All good"})
    assert released.json()["state"] == ReturnStatus.REFUND_APPROVED
    assert post(api, system_user, url + "close/").status_code == 409  # not refunded yet

    ret = ReturnRequest.objects.get(rma_number=rma)
    from returns.services.lifecycle import return_mark_refunded

    return_mark_refunded(return_id=ret.pk, actor=system_user, credit_note_name="RINV/2026/00001")
    closed = post(api, sam, url + "close/")
    assert closed.json()["state"] == ReturnStatus.CLOSED

    kinds = sorted(OdooPosting.objects.filter(request=ret).values_list("kind", flat=True))
    # Receipt, a move per line, the inspection evidence on the receipt, the credit note, its refund
    # payment and the breakdown PDF on it.
    assert kinds == sorted([PostingKind.RECEIPT, PostingKind.DISPOSITION, PostingKind.DISPOSITION,
                            PostingKind.EVIDENCE, PostingKind.CREDIT_NOTE, PostingKind.REFUND_PAYMENT,
                            PostingKind.EVIDENCE])
    steps = list(ReturnEvent.objects.filter(return_request=ret).exclude(action="line_inspected")
                 .values_list("action", "from_state", "to_state"))
    assert steps == [
        ("create", "", "requested"),
        ("auto_review", "requested", "authorized"),
        ("mark_shipped", "authorized", "in_transit"),
        ("receive", "in_transit", "received"),
        ("start_inspection", "received", "inspecting"),
        ("complete_inspection", "inspecting", "inspected"),
        ("release_refund", "inspected", "refund_approved"),
        ("mark_refunded", "refund_approved", "refunded"),
        ("close", "refunded", "closed"),
    ]
    detail = api.get(url).json()
    assert [e["action"] for e in detail["events"]][-1] == "close"
    assert detail["events"][-1]["actor"] == "sam"


def test_exception_request_waits_for_support_then_is_approved(api, alice, catalogue, sam):
    from tests.factories import make_order, make_product

    old = make_order(alice, [(make_product(), 1, "30.00")], delivered_days_ago=45)
    line = old.lines.get()
    refused = post(api, alice.user, "/api/returns/", {
        "order": old.number, "lines": [{"order_line": line.pk, "quantity": 1, "reason": "changed_mind"}]})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "policy_rejected"
    assert "return window closed" in refused.json()["error"]["message"]
    assert not ReturnRequest.objects.exists()

    asked = post(api, alice.user, "/api/returns/", {
        "order": old.number, "exception_message": "I was abroad for work.",
        "lines": [{"order_line": line.pk, "quantity": 1, "reason": "changed_mind"}]})
    assert asked.status_code == 201 and asked.json()["state"] == ReturnStatus.PENDING_APPROVAL
    policy_results = ReturnRequest.objects.get(rma_number=asked.json()["rma_number"]).policy_results
    window = [r for r in policy_results if r["rule"] == "return_window"][0]
    assert window["outcome"] == "review"

    missing_reason = post(api, sam, f"/api/returns/{asked.json()['rma_number']}/approve/", {"note": "ok"})
    assert missing_reason.status_code == 400 and missing_reason.json()["error"]["code"] == "invalid_input"
    approved = post(api, sam, f"/api/returns/{asked.json()['rma_number']}/approve/",
                    {"reason": "goodwill", "note": "Loyal customer"})
    assert approved.json()["state"] == ReturnStatus.AUTHORIZED
    assert approved.json()["events"][-1]["reason"] == "goodwill"


def test_same_idempotency_key_returns_the_first_return(api, alice, alice_order):
    line = alice_order.lines.first()
    body = {"order": alice_order.number, "lines": [{"order_line": line.pk, "quantity": 1, "reason": "changed_mind"}]}
    api.force_authenticate(alice.user)
    first = api.post("/api/returns/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    second = api.post("/api/returns/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    assert first.status_code == second.status_code == 201
    assert first.json()["rma_number"] == second.json()["rma_number"]
    assert ReturnRequest.objects.count() == 1


def test_quantity_above_returnable_is_refused_even_as_exception(api, alice, alice_order):
    line = alice_order.lines.first()  # 2 delivered
    response = post(api, alice.user, "/api/returns/", {
        "order": alice_order.number, "exception_message": "please",
        "lines": [{"order_line": line.pk, "quantity": 3, "reason": "changed_mind"}]})
    assert response.status_code == 400
    assert "Only 2" in response.json()["error"]["message"]
    assert not ReturnRequest.objects.exists()


def test_units_already_in_a_return_are_not_returnable_again(api, alice, alice_order):
    from tests.factories import create_return

    line = alice_order.lines.first()
    create_return(alice_order, alice.user, {line: 2})
    response = post(api, alice.user, "/api/returns/", {
        "order": alice_order.number, "lines": [{"order_line": line.pk, "quantity": 1, "reason": "changed_mind"}]})
    assert response.status_code == 400
    assert "Only 0" in response.json()["error"]["message"]
