"""A customer reading their return over the API gets what the portal shows them and nothing
staff-internal; staff keep their serializers. Someone else's return answers exactly like one that
does not exist (404), on every return-scoped endpoint, so RMA numbers cannot be probed."""
import pytest

from integrations.models import OdooPosting, PostingState
from returns.services import lifecycle as lc
from returns.services.audit import audit_record
from tests.api.helpers import as_user, jpeg
from tests.factories import create_return, inspect_all, receive_all

pytestmark = pytest.mark.django_db

STAFF_LIST = ["id", "rma_number", "state", "order", "customer", "channel", "created_at", "updated_at",
              "refund_amount"]
STAFF_DETAIL = STAFF_LIST + ["policy_results", "exception_message", "refund_method", "carrier", "tracking_number",
                             "authorized_at", "received_at", "inspected_at", "refunded_at", "closed_at", "lines",
                             "events", "postings", "available_actions"]
CUSTOMER_LIST = ["rma_number", "state", "order", "created_at", "updated_at"]
CUSTOMER_DETAIL = CUSTOMER_LIST + ["refund_method", "exception_message", "carrier", "tracking_number", "lines",
                                   "timeline", "refund", "disputes", "available_actions"]
CUSTOMER_LINE = ["id", "sku", "product_name", "reason", "quantity_requested", "quantity_received",
                 "quantity_missing", "quantity_accepted", "quantity_refunded", "unexpected"]
CUSTOMER_TIMELINE_ENTRY = ["at", "action", "state"]

REVIEW_LIST_REASON = "Internal: suspected wardrobing, 3 chargebacks"
STAFF_NOTE = "Staff only: called the carrier, parcel was light"
ODOO_ERROR = "Odoo refused: Access denied for returns-bot on account.move"
# Nothing of these may reach the customer, in any field.
INTERNAL = [REVIEW_LIST_REASON, "wardrobing", STAFF_NOTE, ODOO_ERROR, "returns-bot", "ivan", "sam",
            "customer_blocklist", "within_policy_after_review"]


@pytest.fixture
def internal_return(alice, alice_order, ivan, sam):
    """Alice is on the review list; Sam approves, Ivan receives and inspects, Sam leaves a note, and
    an Odoo posting failed with its error."""
    alice.blocked, alice.blocked_reason = True, REVIEW_LIST_REASON
    alice.save()
    ret = create_return(alice_order, alice.user)
    assert ret.state == "pending_approval"
    lc.return_approve(return_id=ret.pk, actor=sam, reason="within_policy_after_review", note="Checked by phone")
    receive_all(ret, ivan)
    inspect_all(ret, ivan)
    ret.refresh_from_db()
    audit_record(request=ret, actor=sam, action="note", from_state=ret.state, to_state=ret.state, note=STAFF_NOTE,
                 data={"visibility": "staff"})
    assert OdooPosting.objects.filter(request=ret).exists()
    OdooPosting.objects.filter(request=ret).update(state=PostingState.FAILED, last_error=ODOO_ERROR)
    return ret


@pytest.mark.parametrize("role", ["inspector", "support", "finance"])
def test_staff_keep_their_serializers(api, everyone, internal_return, role):
    as_user(api, everyone[role])
    listed = api.get("/api/returns/").json()["results"]
    assert [list(item) for item in listed] == [STAFF_LIST]
    detail = api.get(f"/api/returns/{internal_return.rma_number}/").json()
    assert list(detail) == STAFF_DETAIL
    assert REVIEW_LIST_REASON in str(detail["policy_results"]) and detail["postings"][0]["last_error"] == ODOO_ERROR


def test_the_customer_gets_exactly_the_portal_fields(api, everyone, internal_return):
    as_user(api, everyone["customer"])
    listed = api.get("/api/returns/").json()["results"]
    assert [list(item) for item in listed] == [CUSTOMER_LIST]
    detail = api.get(f"/api/returns/{internal_return.rma_number}/").json()
    assert list(detail) == CUSTOMER_DETAIL
    assert {tuple(line) for line in detail["lines"]} == {tuple(CUSTOMER_LINE)}
    assert {tuple(entry) for entry in detail["timeline"]} == {tuple(CUSTOMER_TIMELINE_ENTRY)}
    assert [entry["action"] for entry in detail["timeline"]] == [
        "create", "auto_review", "approve", "receive", "complete_inspection"]
    assert detail["refund"]["audience"] == "customer" and detail["refund"]["available"] is True
    tshirt = next(line for line in detail["lines"] if line["sku"] == "TSHIRT-M")
    assert (tshirt["quantity_requested"], tshirt["quantity_received"], tshirt["quantity_accepted"],
            tshirt["quantity_refunded"], tshirt["quantity_missing"]) == (2, 2, 2, None, 0)


def test_no_internal_string_reaches_the_customer(api, everyone, internal_return):
    as_user(api, everyone["customer"])
    for url in ("/api/returns/", f"/api/returns/{internal_return.rma_number}/",
                f"/api/returns/{internal_return.rma_number}/refund/",
                f"/api/returns/{internal_return.rma_number}/disputes/"):
        body = api.get(url).content.decode()
        for secret in INTERNAL:
            assert secret not in body, (url, secret)


def test_a_customers_action_answers_with_the_customer_serializer(api, alice, alice_order):
    ret = create_return(alice_order, alice.user)
    response = as_user(api, alice.user).post(f"/api/returns/{ret.rma_number}/mark-shipped/",
                                             {"carrier": "DHL", "tracking_number": "JD0001"}, format="json")
    assert response.status_code == 200 and list(response.json()) == CUSTOMER_DETAIL
    line = response.json()["lines"][0]
    assert line["quantity_received"] is None and line["quantity_accepted"] is None  # not known yet, not "0"


def test_recorded_quantities_of_a_short_refunded_return(api, alice, alice_order, ivan, sam, system_user):
    ret = create_return(alice_order, alice.user)
    lc.return_receive(return_id=ret.pk, actor=ivan, quantities={
        line.pk: 1 if line.product.sku == "TSHIRT-M" else line.quantity_requested for line in ret.lines.all()})
    inspect_all(ret, ivan)
    lc.return_release_refund(return_id=ret.pk, actor=sam)
    detail = as_user(api, alice.user).get(f"/api/returns/{ret.rma_number}/").json()
    tshirt = next(line for line in detail["lines"] if line["sku"] == "TSHIRT-M")
    assert (tshirt["quantity_requested"], tshirt["quantity_received"], tshirt["quantity_missing"],
            tshirt["quantity_accepted"], tshirt["quantity_refunded"]) == (2, 1, 1, 1, 1)


# ------------------------------------------------------------------ probing

NOWHERE = "RMA-2099-999999"


def endpoints(rma, line_id):
    base = f"/api/returns/{rma}"
    return [
        ("get", f"{base}/", None), ("post", f"{base}/cancel/", {}),
        ("post", f"{base}/mark-shipped/", {"tracking_number": "X1"}), ("post", f"{base}/approve/", {"reason": "x"}),
        ("post", f"{base}/lines/{line_id}/inspect/", {"grade": "A", "disposition": "restock", "quantity_accepted": 1}),
        ("get", f"{base}/refund/", None), ("get", f"{base}/lines/{line_id}/photos/", None),
        ("post", f"{base}/lines/{line_id}/photos/", "photo"), ("get", f"{base}/notes/", None),
        ("post", f"{base}/notes/", {"text": "x"}), ("post", f"{base}/lines/{line_id}/hold/", {"kind": "other"}),
        ("post", f"{base}/receive-parcel/", {}), ("get", f"{base}/disputes/", None),
        ("post", f"{base}/disputes/", {"kind": "other", "message": "x"}),
    ]


def call(api, method, url, data):
    if data == "photo":
        return api.post(url, {"photos": [jpeg()]}, format="multipart")
    return api.get(url) if method == "get" else api.post(url, data, format="json")


def test_someone_elses_return_answers_like_one_that_does_not_exist(api, alice, bob, alice_order, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ret = create_return(alice_order, alice.user)
    line_id = ret.lines.first().pk
    as_user(api, bob.user)
    for (method, url, data), (_, nowhere, _) in zip(endpoints(ret.rma_number, line_id),
                                                    endpoints(NOWHERE, line_id), strict=True):
        theirs, missing = call(api, method, url, data), call(api, method, nowhere, data)
        assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json()), url
        assert ret.rma_number not in theirs.content.decode(), url
        # Endpoints a customer may use at all: 404, as the portal's "not found".
        if theirs.status_code != 403:
            assert theirs.status_code == 404, url
    statuses = {url: call(api, method, url, data).status_code for method, url, data in endpoints(ret.rma_number,
                                                                                                  line_id)}
    for path in ("/", "/cancel/", "/mark-shipped/", "/refund/", f"/lines/{line_id}/photos/", "/disputes/"):
        assert statuses[f"/api/returns/{ret.rma_number}{path}"] == 404, path


def test_the_owner_still_reaches_their_return(api, alice, alice_order):
    ret = create_return(alice_order, alice.user)
    as_user(api, alice.user)
    assert api.get(f"/api/returns/{ret.rma_number}/").status_code == 200
    assert api.get(f"/api/returns/{ret.rma_number}/refund/").status_code == 200
    assert api.get(f"/api/returns/{NOWHERE}/").status_code == 404


def test_the_schema_documents_both_shapes_and_the_disputes_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    detail = schema["paths"]["/api/returns/{rma_number}/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert detail["schema"]["$ref"].endswith("/ReturnDetailView")
    # anyOf, not oneOf: the staff shape is a superset of the customer's (api.docs postprocessing hook).
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in components["ReturnDetailView"]["anyOf"]} == {
        "ReturnDetail", "CustomerReturnDetail"}
    assert list(components["CustomerReturnDetail"]["properties"]) == CUSTOMER_DETAIL
    assert {"get", "post"} <= set(schema["paths"]["/api/returns/{rma_number}/disputes/"])
