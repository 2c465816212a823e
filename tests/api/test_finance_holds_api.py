"""Refund proposals and carrier claims over the REST API: the same rules as the console, with the
JSON error shape for every refusal."""
from datetime import date, timedelta

import pytest

from returns.choices import ReturnStatus
from returns.models import CarrierClaim, ReturnEvent, ReturnRequest
from returns.services.lifecycle import return_request_refund_approval
from tests.factories import make_order, make_product
from tests.support.builders import inspected_return

pytestmark = pytest.mark.django_db


@pytest.fixture
def frank(db):
    from returns.roles import FINANCE
    from tests.factories import make_user

    return make_user("frank", FINANCE, first_name="Frank")


@pytest.fixture
def inspected(alice, ivan, settings):
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TWO_PERSON_REFUND_THRESHOLD": 10}
    return inspected_return(make_order(alice, [(make_product(), 1, "80.00")]), alice.user, ivan)


def post(api, user, ret, path, body=None):
    api.force_authenticate(user)
    return api.post(f"/api/returns/{ret.rma_number}/{path}/", body or {}, format="json")


def error_of(response):
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    return body["error"]


def test_finance_rejects_over_the_api_and_the_proposer_cannot(api, inspected, fiona, frank):
    return_request_refund_approval(return_id=inspected.pk, actor=fiona)
    own = post(api, fiona, inspected, "reject-refund-proposal", {"reason": "outside_policy", "note": "No."})
    assert own.status_code == 403 and error_of(own)["code"] == "permission_denied"
    no_note = post(api, frank, inspected, "reject-refund-proposal", {"reason": "outside_policy"})
    assert no_note.status_code == 400 and "note" in error_of(no_note)["details"]
    wrong_reason = post(api, frank, inspected, "reject-refund-proposal", {"reason": "goodwill", "note": "No."})
    assert wrong_reason.status_code == 400 and "reason" in error_of(wrong_reason)["details"]
    assert ReturnRequest.objects.get(pk=inspected.pk).state == ReturnStatus.REFUND_PENDING_APPROVAL

    done = post(api, frank, inspected, "reject-refund-proposal",
                {"reason": "suspected_fraud", "note": "Same serial returned twice this month."})
    assert done.status_code == 200 and done.json()["state"] == "inspected"
    event = ReturnEvent.objects.filter(return_request=inspected).latest("pk")
    assert (event.action, event.actor, event.reason) == ("reject_refund_proposal", frank, "suspected_fraud")

    again = post(api, fiona, inspected, "request-refund-approval")
    assert again.status_code == 409 and error_of(again)["code"] == "transition_guard_failed"
    assert "Finance rejected this refund" in error_of(again)["message"]
    twice = post(api, frank, inspected, "send-back-refund-proposal", {"note": "Look again."})
    assert twice.status_code == 409 and error_of(twice)["code"] == "illegal_transition"


def test_send_back_and_withdraw_over_the_api(api, inspected, sam, fiona):
    return_request_refund_approval(return_id=inspected.pk, actor=sam)
    assert post(api, sam, inspected, "send-back-refund-proposal", {"note": "Mine."}).status_code == 403
    empty = post(api, fiona, inspected, "send-back-refund-proposal", {"note": ""})
    assert empty.status_code == 400 and error_of(empty)["code"] == "invalid_input"
    assert post(api, fiona, inspected, "send-back-refund-proposal", {"note": "Photo?"}).json()["state"] == "inspected"

    return_request_refund_approval(return_id=inspected.pk, actor=sam)
    assert post(api, fiona, inspected, "withdraw-refund-proposal").status_code == 403
    assert post(api, sam, inspected, "withdraw-refund-proposal").json()["state"] == "inspected"
    assert ReturnRequest.objects.get(pk=inspected.pk).refund_proposed_by is None


def claim_body(**changes):
    return {"kind": "damaged", "carrier": "DHL", "claim_reference": "CLM-1", "amount_claimed": "96.80",
            "due_date": (date.today() + timedelta(days=14)).isoformat(), **changes}


def test_an_open_carrier_claim_blocks_the_refund_until_resolved(api, inspected, alice, ivan, sam, fiona):
    # Staff only: the customer and the warehouse get 403, before anything is read.
    assert post(api, alice.user, inspected, "carrier-claims", claim_body()).status_code == 403
    assert post(api, ivan, inspected, "carrier-claims", claim_body()).status_code == 403
    api.force_authenticate(alice.user)
    assert api.get("/api/carrier-claims/").status_code == 403
    bad = post(api, sam, inspected, "carrier-claims", claim_body(amount_claimed="0", due_date="soon"))
    assert bad.status_code == 400 and {"amount_claimed", "due_date"} <= set(error_of(bad)["details"])
    assert not CarrierClaim.objects.exists()

    opened = post(api, sam, inspected, "carrier-claims", claim_body())
    assert opened.status_code == 201 and opened.json()["state"] == "open"
    claim_id = opened.json()["id"]
    second = post(api, sam, inspected, "carrier-claims", claim_body(claim_reference="CLM-2"))
    assert second.status_code == 409 and error_of(second)["code"] == "carrier_claim_already_open"

    for path in ("release-refund", "request-refund-approval"):
        held = post(api, fiona, inspected, path)
        assert held.status_code == 409, path
        assert "carrier claim of this return is still open" in error_of(held)["message"]
    assert ReturnRequest.objects.get(pk=inspected.pk).state == ReturnStatus.INSPECTED

    api.force_authenticate(fiona)
    listed = api.get("/api/carrier-claims/?state=open").json()["results"]
    assert [c["claim_reference"] for c in listed] == ["CLM-1"]
    no_amount = api.post(f"/api/carrier-claims/{claim_id}/resolve/", {"outcome": "paid", "note": "Paid."},
                         format="json")
    assert no_amount.status_code == 400
    paid = api.post(f"/api/carrier-claims/{claim_id}/resolve/",
                    {"outcome": "paid", "amount_recovered": "50.00", "note": "DHL paid half."}, format="json")
    assert paid.status_code == 200 and paid.json()["outcome"] == "paid" and paid.json()["amount_recovered"] == "50.00"
    again = api.post(f"/api/carrier-claims/{claim_id}/resolve/", {"outcome": "denied", "note": "x"}, format="json")
    assert again.status_code == 409

    # Resolved: the refund proceeds (above the lowered limit, so it is proposed).
    assert post(api, sam, inspected, "request-refund-approval").json()["state"] == "refund_pending_approval"
    actions = list(ReturnEvent.objects.filter(return_request=inspected, action__startswith="carrier_claim")
                   .values_list("action", "actor__username"))
    assert actions == [("carrier_claim_opened", "sam"), ("carrier_claim_resolved", "fiona")]


def test_an_open_dispute_holds_the_approval(api, inspected, alice, sam, fiona, frank):
    from returns.services.disputes import dispute_open

    return_request_refund_approval(return_id=inspected.pk, actor=sam)
    dispute_open(return_id=inspected.pk, actor=alice.user, kind="deduction", message="Why a deduction?")
    held = post(api, frank, inspected, "approve-refund")
    assert held.status_code == 409 and "dispute" in error_of(held)["message"]
    assert ReturnRequest.objects.get(pk=inspected.pk).state == ReturnStatus.REFUND_PENDING_APPROVAL
    # Sending it back pays nothing, so the hold does not stop it.
    assert post(api, frank, inspected, "send-back-refund-proposal", {"note": "Answer the dispute first."}).json()[
        "state"] == "inspected"
